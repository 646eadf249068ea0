import { randomBytes } from 'node:crypto';
import * as mariadb from 'mariadb';
import pino from 'pino';
import { loginOptions } from '../../lib/db/loginOptions';
import { summarizeDbError } from '../../lib/db/errors';
import { startAppProcess, TEST_EVENTS_TOKEN, type AppProcess } from '../support/appProcess';
import { chaosConnection } from '../support/dbAdmin';
import { postJson } from '../support/http';
import { appLogin } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';

/**
 * A failed write is logged by its error, never by its parameters: people's names stay out of the
 * logs. The connector puts a statement's parameters into its error messages unless told not to.
 */
describe('a failed INSERT, as the app would log it', () => {
  it('names the error and the statement, not the person', async () => {
    const conn = await mariadb.createConnection(loginOptions(appLogin));
    conn.on('error', () => {});
    const secretName = `Ada-${Date.now()}`;
    let failure: unknown;
    try {
      // Too long for the column: the server refuses it (the app's own validation would refuse it first).
      await conn.query('INSERT INTO person (firstname, surname) VALUES (?, ?)', [secretName, 'x'.repeat(300)]);
    } catch (err) {
      failure = err;
    } finally {
      await conn.end();
    }
    expect(failure).toMatchObject({ errno: 1406, code: 'ER_DATA_TOO_LONG' });
    const logged = [
      JSON.stringify(summarizeDbError(failure)), // what the app logs of an expected database failure
      JSON.stringify(pino.stdSerializers.err(failure as Error)), // what it logs of an internal one
    ];
    for (const line of logged) {
      expect(line).toContain('INSERT INTO person');
      expect(line).not.toContain(secretName);
      expect(line).not.toContain('xxxxxxxx');
    }
  });
});

/**
 * The running app, as a learner runs it, at its most talkative level (debug: a line per request and per
 * connection): requests carrying secrets in their headers and names in their bodies, accepted, refused
 * and failed on the database, are logged by their method, path and status, and by nothing they carried.
 */
describe('the running app logs each request, never what it carried', () => {
  const marker = randomBytes(8).toString('hex');
  // What must never reach the log; each value is found nowhere else (the marker is random).
  const secrets = {
    Authorization: `auth-${marker}`,
    'Idempotency-Key': `key-${marker}`,
    'Idempotency-Key of a write that failed on the database': `lost-${marker}`,
    Cookie: `cookie-${marker}`,
    'a refused events token': `wrong-${marker}`,
    'the events token (LAB_EVENTS_TOKEN)': TEST_EVENTS_TOKEN,
    'a firstname': `Ada${marker}`,
    'a surname': `Lovelace${marker}`,
    'a name the app refused': `Refused${marker}`,
    "a chaos event's message": `message-${marker}`,
    'the database password': appLogin.password,
  };

  let app: AppProcess;
  beforeAll(async () => {
    app = await startAppProcess({ STRATEGY: 'naive', LOG_LEVEL: 'debug' });
  });
  afterAll(() => app.stop());

  const withId = (reqId: string, headers: Record<string, string> = {}) => ({ 'X-Request-Id': reqId, ...headers });
  const person = { firstname: secrets['a firstname'], surname: secrets['a surname'] };

  it('names the request in its log line, and none of its headers, body or tokens', async () => {
    const created = await postJson(
      `${app.url}/person`,
      person,
      withId('privacy-create', {
        Authorization: `Bearer ${secrets.Authorization}`,
        'Idempotency-Key': secrets['Idempotency-Key'],
        Cookie: `session=${secrets.Cookie}`,
      }),
    );
    expect(created.status).toBe(201);
    const refused = await postJson(
      `${app.url}/person`,
      { firstname: secrets['a name the app refused'], surname: 'x'.repeat(101) },
      withId('privacy-refused'),
    );
    expect(refused.status).toBe(400);
    const event = await postJson(
      `${app.url}/lab/chaos-events`,
      { type: 'kill', message: secrets["a chaos event's message"] },
      withId('privacy-event', { Authorization: `Bearer ${TEST_EVENTS_TOKEN}` }),
    );
    expect(event.status).toBe(201);
    const unauthorized = await postJson(
      `${app.url}/lab/chaos-events`,
      { type: 'kill', message: 'x' },
      withId('privacy-unauthorized', { Authorization: `Bearer ${secrets['a refused events token']}` }),
    );
    expect(unauthorized.status).toBe(401);

    // A keyed write on a dead connection: the database error is logged (naive never reconnects).
    const [threadId] = app.openedThreadIds();
    const admin = await chaosConnection();
    try {
      await admin.query(`KILL ${threadId}`);
    } finally {
      await admin.end();
    }
    const lost = await waitFor('a write to fail on the killed connection', async () => {
      const res = await postJson(
        `${app.url}/person`,
        person,
        withId('privacy-lost', {
          'Idempotency-Key': secrets['Idempotency-Key of a write that failed on the database'],
        }),
      );
      return res.status === 503 ? res : undefined;
    });
    expect(lost.json().error).toBe('connection-lost');

    const lines = () => app.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    const requestLine = (reqId: string) => lines().find((entry) => entry.msg === 'request' && entry.reqId === reqId);
    // The request lines are there, with what they are for: method, path and status.
    const logged = await waitFor('the request lines', () => {
      const found = ['privacy-create', 'privacy-refused', 'privacy-event', 'privacy-unauthorized', 'privacy-lost'].map(
        requestLine,
      );
      return found.every(Boolean) ? found : undefined;
    });
    expect(logged.map(({ method, url, status }) => ({ method, url, status }))).toEqual([
      { method: 'POST', url: '/person', status: 201 },
      { method: 'POST', url: '/person', status: 400 },
      { method: 'POST', url: '/lab/chaos-events', status: 201 },
      { method: 'POST', url: '/lab/chaos-events', status: 401 },
      { method: 'POST', url: '/person', status: 503 },
    ]);
    // And the database failure is logged, by its codes.
    expect(lines().find((entry) => entry.msg === 'request failed' && entry.reqId === 'privacy-lost')).toMatchObject({
      kind: 'connection-lost',
      dbError: { errno: expect.any(Number) },
    });
    // Not one secret in any line the app printed.
    const leaks = Object.entries(secrets).flatMap(([what, value]) =>
      app.output.filter((line) => line.includes(value)).map((line) => `${what}: ${line}`),
    );
    expect(leaks).toEqual([]);
  });
});
