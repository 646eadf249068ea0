import { createHash } from 'node:crypto';
import { ER } from '../../../lib/db/errorCodes';
import { errnoOf } from '../../../lib/db/errors';
import { commit } from '../db/dropWithoutKill';
import type { RequestConnection } from '../db/retryOnLostConnection';
import type { IdempotencyKeys } from './idempotencyKeys';
import type { NewPerson, Person } from './person';

const SELECT_PERSON = 'SELECT id, firstname, surname FROM person';

export const allPeople = (db: RequestConnection) => db.read<Person[]>(`${SELECT_PERSON} ORDER BY id`);

export async function firstPerson(db: RequestConnection): Promise<Person | undefined> {
  const rows = await db.read<Person[]>(`${SELECT_PERSON} ORDER BY id LIMIT 1`);
  return rows[0];
}

/** The same read, made to run `seconds` on the server (SLEEP once per row examined, stopping at the first). */
export async function firstPersonSlowly(db: RequestConnection, seconds: number): Promise<Person | undefined> {
  const rows = await db.read<Person[]>(`${SELECT_PERSON} WHERE SLEEP(?) = 0 ORDER BY id LIMIT 1`, [seconds], {
    serverMs: seconds * 1000, // the demo keeps the time it asks for, on top of DB_QUERY_TIMEOUT_MS
  });
  return rows[0];
}

export async function personById(db: RequestConnection, id: number): Promise<Person | undefined> {
  const rows = await db.read<Person[]>(`${SELECT_PERSON} WHERE id = ?`, [id]);
  return rows[0];
}

export interface Created {
  person: Person;
  /** True when the Idempotency-Key was seen before: this is the first request's result. */
  replayed: boolean;
}

const requestHash = (input: NewPerson) =>
  createHash('sha256')
    .update(JSON.stringify([input.firstname, input.surname]))
    .digest('hex');

/**
 * Inserts a person. With an Idempotency-Key, the person and the key commit together, so a
 * repeated key — a client retry, or our own retry after the connection died mid-commit —
 * finds the first result instead of inserting a duplicate.
 */
export async function createPerson(
  db: RequestConnection,
  keys: IdempotencyKeys,
  input: NewPerson,
  key?: string,
): Promise<Created> {
  const hash = requestHash(input);
  return db.write(
    async (conn) => {
      const earlier = key ? await keys.find(conn, key, hash) : undefined;
      if (earlier) return earlier;
      await conn.beginTransaction();
      let created: Created;
      try {
        const { insertId } = await conn.query<{ insertId: number }>(
          'INSERT INTO person (firstname, surname) VALUES (?, ?)',
          [input.firstname, input.surname],
        );
        if (key) await keys.claim(conn, key, hash, insertId);
        await commit(conn); // marked: a deadline then closes the socket instead of a KILL (dropWithoutKill.ts)
        created = { person: { id: insertId, ...input }, replayed: false };
      } catch (err) {
        // On a dead connection the rollback fails too, and the server rolls back on its own.
        await conn.rollback().catch(() => undefined);
        // Another request with the same key committed first: answer with its result.
        if (key && errnoOf(err) === ER.DUP_ENTRY) {
          const winner = await keys.find(conn, key, hash);
          if (winner) return winner;
        }
        throw err;
      }
      if (key) await keys.pruneExpired(conn);
      return created;
    },
    { idempotent: key !== undefined },
  );
}
