import { APP_ERROR_CODES, classifyDbError, summarizeDbError } from './errors';
import recorded from './fixtures/driver-errors.json';

type Shape = { expect: string; cause?: { code: string } } & Record<string, unknown>;

const cases = Object.entries(recorded as Record<string, Record<string, Shape>>).flatMap(([server, shapes]) =>
  Object.entries(shapes).map(([name, shape]) => [server.split(' (')[0], name, shape] as const),
);

describe('classifyDbError on driver errors from both servers', () => {
  it.each(cases)('%s — %s', (_server, _name, { expect: kind, ...shape }) => {
    const err = Object.assign(new Error('message text is never used'), shape);
    expect(classifyDbError(err).kind).toBe(kind);
  });
});

describe('what a failure allows', () => {
  const lost = { errno: 45009, sqlState: '08S01', fatal: true };
  it('a lost connection is broken and a read may be retried on a fresh one', () => {
    expect(classifyDbError(lost)).toEqual({ kind: 'connection-lost', connectionBroken: true, readRetryable: true });
  });
  it('an unreachable server is not retried: the answer is a fast 503', () => {
    expect(classifyDbError({ code: 'ECONNREFUSED', errno: -111 }).readRetryable).toBe(false);
  });
  it('a killed query breaks the connection only when the connector says the error is fatal', () => {
    expect(classifyDbError({ errno: 1317, sqlState: '70100', fatal: true }).connectionBroken).toBe(true);
    expect(classifyDbError({ errno: 3024, sqlState: 'HY000', fatal: false }).connectionBroken).toBe(false);
  });
  it('a pool that timed out with every connection busy is exhausted, not unreachable: the database is fine', () => {
    // The connector's ER_GET_CONNECTION_TIMEOUT carries the connect error as its cause only when it could not connect.
    expect(
      classifyDbError({ errno: 45028, code: 'ER_GET_CONNECTION_TIMEOUT', sqlState: 'HY000', fatal: false }),
    ).toEqual({ kind: 'pool-exhausted', connectionBroken: false, readRetryable: false });
    expect(
      classifyDbError({ errno: 45028, code: 'ER_GET_CONNECTION_TIMEOUT', cause: { errno: -111, code: 'ECONNREFUSED' } })
        .kind,
    ).toBe('server-unreachable');
  });
  it('a deadline that ran out breaks the connection and is not retried: a retry would wait as long again', () => {
    expect(classifyDbError({ code: APP_ERROR_CODES.DATABASE_TIMEOUT })).toEqual({
      kind: 'database-timeout',
      connectionBroken: true,
      readRetryable: false,
    });
  });
  it('a deadlock is a conflict that may run again on the same connection (a keyed write is retried once)', () => {
    expect(classifyDbError({ errno: 1213, sqlState: '40001', code: 'ER_LOCK_DEADLOCK', fatal: false })).toEqual({
      kind: 'transaction-conflict',
      connectionBroken: false,
      readRetryable: true,
    });
    expect(classifyDbError({ errno: 1205, sqlState: 'HY000', code: 'ER_LOCK_WAIT_TIMEOUT' }).kind).toBe(
      'transaction-conflict',
    );
  });
  it('a read-only server (a demoted primary) breaks the connection, and a keyed write may run once more on a fresh one', () => {
    expect(
      classifyDbError({ errno: 1290, sqlState: 'HY000', code: 'ER_OPTION_PREVENTS_STATEMENT', fatal: false }),
    ).toEqual({ kind: 'read-only', connectionBroken: true, readRetryable: true });
    expect(classifyDbError({ errno: 1792, sqlState: '25006' }).kind).toBe('read-only');
    expect(classifyDbError({ errno: 1836, sqlState: 'HY000' }).kind).toBe('read-only');
  });
  it('the per-request strategy at its own DB_MAX_CONNECTIONS limit is exhausted too', () => {
    expect(classifyDbError({ code: APP_ERROR_CODES.CONNECTION_LIMIT }).kind).toBe('pool-exhausted');
  });
  it('looks through the cause chain', () => {
    expect(classifyDbError({ message: 'wrapped', cause: { code: 'ECONNRESET' } }).kind).toBe('connection-lost');
  });
  it('falls back on SQLState class 08 for connection errors it has no errno for', () => {
    expect(classifyDbError({ errno: 2055, sqlState: '08S01' }).kind).toBe('connection-lost');
  });
  it('calls anything else internal, and never retries it', () => {
    expect(classifyDbError(new TypeError('x is undefined'))).toEqual({
      kind: 'internal',
      connectionBroken: false,
      readRetryable: false,
    });
    expect(classifyDbError({ errno: 1142, sqlState: '42000', fatal: false }).kind).toBe('internal');
  });
});

describe('summarizeDbError: what the log keeps of an expected failure', () => {
  it('keeps the codes and the message, and drops the stack', () => {
    const err = Object.assign(new Error('socket has unexpectedly been closed'), {
      errno: 45009,
      sqlState: '08S01',
      code: 'ER_SOCKET_UNEXPECTED_CLOSE',
      fatal: true,
      sql: null,
    });
    const summary = summarizeDbError(err);
    expect(summary).toEqual({
      message: 'socket has unexpectedly been closed',
      errno: 45009,
      sqlState: '08S01',
      code: 'ER_SOCKET_UNEXPECTED_CLOSE',
      fatal: true,
    });
  });
  it('names the socket error the connector wrapped', () => {
    const err = Object.assign(new Error('pool timeout'), {
      errno: 45028,
      code: 'ER_GET_CONNECTION_TIMEOUT',
      cause: { code: 'ECONNREFUSED' },
    });
    expect(summarizeDbError(err)).toMatchObject({ code: 'ER_GET_CONNECTION_TIMEOUT', causeCode: 'ECONNREFUSED' });
  });
  it('copes with something that is not an object', () => {
    expect(summarizeDbError('down')).toEqual({ message: 'down' });
  });
});
