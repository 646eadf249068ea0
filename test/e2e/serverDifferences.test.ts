import * as mariadb from 'mariadb';
import { classifyDbError } from '../../lib/db/errors';
import recorded from '../../lib/db/fixtures/driver-errors.json';
import { loginOptions } from '../../lib/db/loginOptions';
import { processListSource, readProcessList } from '../../lib/db/processList';
import { serverInfo, serverLabel, type ServerInfo } from '../../lib/db/serverInfo';
import { composeServiceLabels, DockerEngine } from '../../lib/docker/dockerEngine';
import { chaosConnection } from '../support/dbAdmin';
import { get } from '../support/http';
import { appLogin, lab } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';

/**
 * Where MySQL 9.7 and MariaDB 11.8 differ, checked on the server this lab runs (CI runs the suite on
 * both): which server DB= chose, the errors a killed or timed-out connection gives — compared with the
 * shapes recorded from both in lib/db/fixtures/driver-errors.json —, where the process list is read,
 * the chaos user's grants, and the first login after the server forgot a password.
 */
type Shape = { errno?: number; sqlState?: string; code?: string; fatal?: boolean; expect: string };
const FIELDS = ['errno', 'sqlState', 'code', 'fatal'] as const;

let server: ServerInfo;
let admin: mariadb.Connection;
beforeAll(async () => {
  admin = await chaosConnection();
  server = serverInfo(admin.serverVersion());
});
afterAll(() => admin?.end());

const majorMinor = (version: string) => version.split('.').slice(0, 2).join('.');

/** This server's section of the recorded errors: "MySQL 9.7 (recorded ...)". */
function recordedHere(): Record<string, Shape> {
  const sections = recorded as Record<string, Record<string, Shape>>;
  const key = Object.keys(sections).find((k) =>
    k.startsWith(`${server.flavor} ${majorMinor(server.version)} (recorded`),
  );
  if (!key) throw new Error(`lib/db/fixtures/driver-errors.json has no recorded section for ${serverLabel(server)}`);
  return sections[key];
}

/** The error is the one recorded for this server under `name`, and the taxonomy classifies it as recorded. */
function expectRecorded(name: string, err: unknown): void {
  const want = recordedHere()[name];
  const got = Object.fromEntries(FIELDS.map((f) => [f, (err as Record<string, unknown> | undefined)?.[f]]));
  if (!want || FIELDS.some((f) => want[f] !== got[f])) {
    throw new Error(
      `${serverLabel(server)}, "${name}": the connector gave ${JSON.stringify(got)}; the fixture records ${JSON.stringify(want)}`,
    );
  }
  expect(classifyDbError(err).kind).toBe(want.expect);
}

/** An app-user connection whose 'error' events (and, with packetLog, unsolicited packets) are kept. */
async function watchedConnection({ packetLog = false } = {}) {
  const packets: string[] = [];
  const conn = await mariadb.createConnection({
    ...loginOptions(appLogin),
    ...(packetLog ? { debug: true, logger: { network: (line: string) => packets.push(line) } } : {}),
  });
  const events: unknown[] = [];
  conn.on('error', (err) => events.push(err));
  const nextQueryError = () =>
    conn.query('SELECT 1').then(
      () => undefined,
      (err: unknown) => err,
    );
  return { conn, events, packets, nextQueryError };
}

/** The bytes of a packet in the connector's debug dump ("| 91 00 00 00 FF BF 0F 23  48 59 ... | text |"). */
function dumpedBytes(dump: string): number[] {
  return dump.split('\n').flatMap(
    (line) =>
      /^\|((?: {1,2}[0-9A-F]{2}){1,16}) +\|/
        .exec(line)?.[1]
        .trim()
        .split(/ +/)
        .map((hex) => parseInt(hex, 16)) ?? [],
  );
}

/** The errnos of error packets (0xFF, then the errno, little-endian) that arrived with no command waiting. */
function unsolicitedErrors(packets: readonly string[]): number[] {
  return packets
    .filter((p) => p.includes('no command'))
    .map(dumpedBytes)
    .filter((bytes) => bytes[4] === 0xff)
    .map((bytes) => bytes[5] + (bytes[6] << 8));
}

async function waitForRunningQuery(threadId: number) {
  await waitFor(
    `connection ${threadId} to run its query`,
    async () => (await readProcessList(admin)).some((row) => row.id === threadId && row.command === 'Query'),
    { timeoutMs: 5000, intervalMs: 20 },
  );
}

describe('the server DB= chose', () => {
  it("is the one the db container's image names (DB=mysql runs MySQL 9.7, DB=mariadb MariaDB 11.8)", async () => {
    const [db] = await new DockerEngine().findContainers(composeServiceLabels(lab.composeProject, 'db'));
    const tag = /:(\d+\.\d+)/.exec(db.image)?.[1];
    expect({ flavor: /mariadb/.test(db.image) ? 'MariaDB' : 'MySQL', version: tag }).toEqual({
      flavor: server.flavor,
      version: majorMinor(server.version),
    });
  });

  it('is named by /readyz, which make up prints', async () => {
    expect((await get(`${lab.appUrl}/readyz`)).json()).toMatchObject({ status: 'ready', server: serverLabel(server) });
  });
});

describe('the errors a lost connection gives, as recorded from this server', () => {
  it('KILL of an idle connection: the socket closes without a word, then the next query fails', async () => {
    const victim = await watchedConnection({ packetLog: true });
    const sent = victim.packets.length;
    await admin.query(`KILL ${victim.conn.threadId}`);
    await waitFor('the error event of the killed connection', () => victim.events.length > 0, { timeoutMs: 5000 });
    expectRecorded('idle connection killed, error event', victim.events[0]);
    expectRecorded('idle connection killed, next query', await victim.nextQueryError());
    expect(unsolicitedErrors(victim.packets.slice(sent))).toEqual([]);
  });

  it('KILL during a query: the query fails', async () => {
    const victim = await watchedConnection();
    const query = victim.conn.query('SELECT id FROM person WHERE SLEEP(3) = 0 LIMIT 1').then(
      () => undefined,
      (err: unknown) => err,
    );
    await waitForRunningQuery(Number(victim.conn.threadId));
    await admin.query(`KILL ${victim.conn.threadId}`);
    expectRecorded('killed during a query', await query);
  });

  it('KILL QUERY: the statement fails', async () => {
    const victim = await watchedConnection();
    const query = victim.conn.query('SELECT id FROM person WHERE SLEEP(3) = 0 LIMIT 1').then(
      () => undefined,
      (err: unknown) => err,
    );
    await waitForRunningQuery(Number(victim.conn.threadId));
    await admin.query(`KILL QUERY ${victim.conn.threadId}`);
    expectRecorded('KILL QUERY during a query', await query);
    await victim.conn.end().catch(() => victim.conn.destroy());
  });

  it('KILL QUERY of a bare SLEEP: MySQL ends the SLEEP early and returns 1, MariaDB fails the statement', async () => {
    const victim = await watchedConnection();
    const query = victim.conn.query<{ slept: number }[]>('SELECT SLEEP(3) AS slept').then(
      (rows) => rows[0],
      (err: unknown) => err,
    );
    await waitForRunningQuery(Number(victim.conn.threadId));
    await admin.query(`KILL QUERY ${victim.conn.threadId}`);
    if (server.flavor === 'MySQL') expect(await query).toEqual({ slept: 1 });
    else expect(await query).toMatchObject({ errno: 1317 });
    await victim.conn.end().catch(() => victim.conn.destroy());
  });

  it('wait_timeout: the server closes an idle connection (MySQL says why first, in a packet the connector drops)', async () => {
    const victim = await watchedConnection({ packetLog: true });
    await victim.conn.query('SET SESSION wait_timeout = 1');
    const sent = victim.packets.length;
    await waitFor('the server to close the idle connection', () => victim.events.length > 0, { timeoutMs: 10_000 });
    expectRecorded('wait_timeout expired, error event', victim.events[0]);
    expectRecorded('wait_timeout expired, next query', await victim.nextQueryError());
    expect(unsolicitedErrors(victim.packets.slice(sent))).toEqual(server.flavor === 'MySQL' ? [4031] : []); // ER_CLIENT_INTERACTION_TIMEOUT
  });
});

describe('what the lab reads and may do on this server', () => {
  it(`reads the process list where the server keeps it, without a deprecation warning`, async () => {
    const rows = await readProcessList(admin);
    expect(await admin.query('SHOW WARNINGS')).toEqual([]);
    expect(rows.some((row) => row.user === lab.chaosUser)).toBe(false); // the asking connection is left out
    if (server.flavor === 'MySQL') {
      expect(processListSource(server.flavor)).toBe('performance_schema.processlist');
      await admin.query('SELECT ID FROM information_schema.PROCESSLIST LIMIT 1');
      expect(await admin.query('SHOW WARNINGS')).toEqual([expect.objectContaining({ Code: 1287 })]); // deprecated
    }
  });

  it('gives the chaos user the finest grants the server has, and no data', async () => {
    const grants = (await admin.query<Record<string, string>[]>('SHOW GRANTS'))
      .map((row) => Object.values(row)[0])
      .join('\n');
    if (server.flavor === 'MySQL') {
      expect(grants).toMatch(/GRANT PROCESS ON \*\.\*/);
      expect(grants).toMatch(/GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON \*\.\*/);
      expect(grants).not.toMatch(/SUPER/);
    } else {
      // MariaDB 11.8 has no finer privilege than SUPER for SET GLOBAL wait_timeout (short-wait-timeout).
      expect(grants).toMatch(/GRANT PROCESS, SUPER, CONNECTION ADMIN ON \*\.\*/);
    }
    await expect(admin.query('SELECT id FROM simplerr_schema.person LIMIT 1')).rejects.toMatchObject({ errno: 1142 });
  });

  it('refuses a wrong password with 1045, which is never retried', async () => {
    const refused = await mariadb.createConnection({ ...loginOptions(appLogin), password: 'not-the-password' }).then(
      (conn) => conn.end(),
      (err: unknown) => err,
    );
    expectRecorded('wrong password', refused);
  });

  it('logs in after the server forgot the password: MySQL needs its RSA key without TLS, MariaDB does not', async () => {
    const noKeyRetrieval = { ...loginOptions(appLogin), allowPublicKeyRetrieval: false };
    if (server.flavor === 'MySQL') {
      // caching_sha2_password: a password change (or a restart, or FLUSH PRIVILEGES) empties the server's
      // cache; the next login without TLS must send the password RSA-encrypted, with the server's key.
      // The lab's own app logs in as this user too (its healthcheck, every 4 s) and fills the cache
      // again when its login falls between ours: so the change is made again, up to five times, until
      // our login is the first after it. Never refused in five means the server needs no key.
      let refused: unknown;
      for (let attempt = 1; attempt <= 5 && refused === undefined; attempt++) {
        const own = await mariadb.createConnection(loginOptions(appLogin));
        await own.query('ALTER USER CURRENT_USER() IDENTIFIED BY ?', [appLogin.password]);
        await own.end();
        refused = await mariadb.createConnection(noKeyRetrieval).then(
          (conn) => conn.end().then(() => undefined),
          (err: unknown) => err,
        );
      }
      expectRecorded('first login after the cache emptied, without the RSA key', refused);
    }
    const conn = await mariadb.createConnection(server.flavor === 'MySQL' ? loginOptions(appLogin) : noKeyRetrieval);
    expect(await conn.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await conn.end();
  });
});
