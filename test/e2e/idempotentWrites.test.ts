import type { Connection } from 'mariadb';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess } from '../support/appProcess';
import { appUserConnection } from '../support/dbAdmin';
import { postJson } from '../support/http';
import { lab } from '../support/labEnv';
import { countPeople } from '../support/people';
import { uniqueSurname } from '../../lib/load/keyedWriters';
import { waitFor } from '../../lib/waitFor';

let db: Connection;
beforeAll(async () => {
  db = await appUserConnection();
});
afterAll(() => db.end());

const create = (body: unknown, key?: string) =>
  postJson(`${lab.appUrl}/person`, body, key ? { 'Idempotency-Key': key } : {});

describe('POST /person', () => {
  it('creates one row and answers 201 with its location', async () => {
    const surname = uniqueSurname('create');
    const res = await create({ firstname: 'Ada', surname });
    expect(res.status).toBe(201);
    const person = res.json();
    expect(person).toEqual({ id: expect.any(Number), firstname: 'Ada', surname });
    expect(res.headers.get('location')).toBe(`/person/${person.id}`);
    expect(await countPeople(db, surname)).toBe(1);
  });

  it('a repeated Idempotency-Key returns the first result and never a duplicate', async () => {
    const surname = uniqueSurname('replay');
    const key = `key-${surname}`;
    const first = await create({ firstname: 'Grace', surname }, key);
    const again = await create({ firstname: 'Grace', surname }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countPeople(db, surname)).toBe(1);
  });

  it('ten concurrent requests with one key make exactly one row', async () => {
    const surname = uniqueSurname('race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => create({ firstname: 'Edsger', surname }, `key-${surname}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countPeople(db, surname)).toBe(1);
  });

  it('a key reused with a different body is refused with 422', async () => {
    const surname = uniqueSurname('reuse');
    await create({ firstname: 'Barbara', surname }, `key-${surname}`);
    const res = await create({ firstname: 'Someone else', surname }, `key-${surname}`);
    expect(res.status).toBe(422);
    expect(res.json().error).toBe('idempotency-key-reused');
    expect(await countPeople(db, surname)).toBe(1);
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const res = await create({ firstname: 'A', surname: 'B' }, 'not a key');
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/Idempotency-Key/);
  });

  it('refuses a blank Idempotency-Key: it is not "no key", and two such POSTs make no row', async () => {
    const surname = uniqueSurname('blank-key');
    const post = () => postJson(`${lab.appUrl}/person`, { firstname: 'Ada', surname }, { 'Idempotency-Key': '' });
    for (const res of [await post(), await post()]) {
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({
        error: 'bad-request',
        detail: 'Idempotency-Key is empty: send a key, or no Idempotency-Key header.',
      });
    }
    expect(await countPeople(db, surname)).toBe(0);
  });
});

describe('Idempotency-Key is an opaque string', () => {
  it('keys that differ only in case are two keys: two people, no replay', async () => {
    const surname = uniqueSurname('case');
    const first = await create({ firstname: 'Ada', surname }, `Order-${surname}`);
    const other = await create({ firstname: 'Ada', surname }, `ORDER-${surname}`);
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.json().id).not.toBe(first.json().id);
    expect(await countPeople(db, surname)).toBe(2);
  });
});

describe('Idempotency-Key is kept a bounded time (IDEMPOTENCY_KEY_TTL_S)', () => {
  it('after it expires, the key is a new key, and expired keys are deleted', async () => {
    // The key's lifetime is the subject, not how fast a login is on a busy machine.
    const app = await startAppProcess({ IDEMPOTENCY_KEY_TTL_S: '1', ...ROOM_FOR_A_BUSY_MACHINE });
    try {
      const post = (body: unknown, key: string) => postJson(`${app.url}/person`, body, { 'Idempotency-Key': key });
      const surname = uniqueSurname('ttl');
      const key = `ttl-${surname}`;
      const leftBehind = `ttl-other-${surname}`;
      const old = await post({ firstname: 'Old', surname }, leftBehind);
      expect([old.status, old.text]).toEqual([201, expect.any(String)]); // a failure shows the answer's body
      const first = await post({ firstname: 'Ada', surname }, key);
      expect([first.status, first.text]).toEqual([201, expect.any(String)]);
      // Within the TTL, another body with this key is refused; once it expired, the key starts again.
      const reused = await waitFor(
        'the key to expire',
        async () => {
          const res = await post({ firstname: 'Grace', surname }, key);
          if (res.status === 201) return res;
          expect(res.json().error).toBe('idempotency-key-reused');
          return undefined;
        },
        { timeoutMs: 10_000, intervalMs: 250 },
      );
      expect(reused.headers.get('idempotent-replayed')).toBeNull();
      expect(reused.json()).toEqual({ id: expect.any(Number), firstname: 'Grace', surname });
      // The expired key nobody used again is deleted by a later keyed write.
      let n = 0;
      await waitFor(
        'the expired key to be deleted',
        async () => {
          await post({ firstname: `Next${n}`, surname }, `ttl-next-${n++}-${surname}`);
          const [{ count }] = await db.query<{ count: number }[]>(
            'SELECT COUNT(*) AS count FROM idempotency_key WHERE idem_key = ?',
            [leftBehind],
          );
          return Number(count) === 0;
        },
        { timeoutMs: 10_000, intervalMs: 250 },
      );
    } finally {
      await app.stop();
    }
  });
});
