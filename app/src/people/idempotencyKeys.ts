import type { Connection } from 'mariadb';
import { ER } from '../../../lib/db/errorCodes';
import { errnoOf } from '../../../lib/db/errors';
import { ClientError } from '../clientError';
import type { Person } from './person';

/** A keyed write seen before: the first request's person. */
export interface Replay {
  person: Person;
  replayed: true;
}

/**
 * Idempotency keys are kept a bounded time, as payment APIs do (Stripe: 24 hours): long enough for
 * any client retry, short enough that the table does not grow for ever. Ages are measured by the
 * database's clock (NOW()), so the app's clock never matters.
 */
export class IdempotencyKeys {
  private lastPrune = 0;

  constructor(private readonly ttlSeconds: number) {}

  /** The first result for this key, if the key is still live; a live key with another body is refused. */
  async find(conn: Connection, key: string, hash: string): Promise<Replay | undefined> {
    const rows = await conn.query<{ request_hash: string; id: number; firstname: string; surname: string }[]>(
      `SELECT k.request_hash, p.id, p.firstname, p.surname
         FROM idempotency_key k JOIN person p ON p.id = k.person_id
        WHERE k.idem_key = ? AND k.created_at > NOW() - INTERVAL ? SECOND`,
      [key, this.ttlSeconds],
    );
    if (rows.length === 0) return undefined;
    const { request_hash, ...person } = rows[0];
    if (request_hash !== hash) {
      throw new ClientError('idempotency-key-reused', 'This Idempotency-Key was already used with a different body.');
    }
    return { person, replayed: true };
  }

  /**
   * Records the key inside the caller's transaction. An expired row of the same key makes way, but only
   * when the INSERT meets one. Not a DELETE before every INSERT: deleting a key that is not there locks the
   * gap where it would go, and writers with neighbouring new keys then deadlock on their INSERTs (1213).
   * And not a DELETE on every duplicate: concurrent requests with one live key would each ask to upgrade
   * their shared lock on the row, and deadlock too. A plain read says whether the row is expired first.
   */
  async claim(conn: Connection, key: string, hash: string, personId: number): Promise<void> {
    const insert = () =>
      conn.query('INSERT INTO idempotency_key (idem_key, request_hash, person_id) VALUES (?, ?, ?)', [
        key,
        hash,
        personId,
      ]);
    try {
      await insert();
    } catch (err) {
      if (errnoOf(err) !== ER.DUP_ENTRY) throw err;
      const [row] = await conn.query<{ expired: number }[]>(
        'SELECT created_at <= NOW() - INTERVAL ? SECOND AS expired FROM idempotency_key WHERE idem_key = ?',
        [this.ttlSeconds, key],
      );
      if (!row?.expired) throw err; // a live key: the caller answers with its first result
      await conn.query('DELETE FROM idempotency_key WHERE idem_key = ? AND created_at <= NOW() - INTERVAL ? SECOND', [
        key,
        this.ttlSeconds,
      ]);
      await insert();
    }
  }

  /**
   * Deletes expired keys, at most once per minute (or per TTL, when that is shorter), after a keyed
   * write committed. Best effort: the write has succeeded whatever happens here, and the next one tries again.
   */
  async pruneExpired(conn: Connection): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < Math.min(60, this.ttlSeconds) * 1000) return;
    this.lastPrune = now;
    await conn
      .query('DELETE FROM idempotency_key WHERE created_at <= NOW() - INTERVAL ? SECOND', [this.ttlSeconds])
      .catch(() => undefined);
  }
}
