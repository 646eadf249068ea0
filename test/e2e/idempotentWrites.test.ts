import type { Connection } from 'mariadb';
import { appUserConnection } from '../support/dbAdmin';
import { postJson } from '../support/http';
import { lab } from '../support/labEnv';
import { countPeople, uniqueSurname } from '../support/people';

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
    const answers = await Promise.all(Array.from({ length: 10 }, () => create({ firstname: 'Edsger', surname }, `key-${surname}`)));
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
});
