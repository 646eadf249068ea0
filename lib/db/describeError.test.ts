import { describeError, errnoOf } from './describeError';

// Recorded from the mariadb connector 3.5 against MariaDB 10.11 (shapes trimmed to the fields we read).
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3399'), {
  errno: -111,
  code: 'ECONNREFUSED',
  sqlState: 'HY000',
  fatal: true,
});
const noSuchThread = {
  name: 'SqlError',
  errno: 1094,
  code: 'ER_NO_SUCH_THREAD',
  sqlState: 'HY000',
  fatal: false,
  sqlMessage: 'Unknown thread id: 999999',
  message: '(conn:6, no: 1094, SQLState: HY000) Unknown thread id: 999999\nsql: KILL 999999 - parameters:[]',
};
const tooMany = {
  errno: 1040,
  code: 'ER_CON_COUNT_ERROR',
  sqlState: '08004',
  fatal: true,
  sqlMessage: 'Too many connections',
  message: '(conn:-1, no: 1040, SQLState: 08004) Too many connections',
};

describe('errnoOf', () => {
  it('reads the errno of server errors and nothing else', () => {
    expect(errnoOf(noSuchThread)).toBe(1094);
    expect(errnoOf(new Error('plain'))).toBeUndefined();
    expect(errnoOf(null)).toBeUndefined();
  });
});

describe('describeError', () => {
  it('names a socket error by its code', () => {
    expect(describeError(refused)).toBe('ECONNREFUSED');
  });

  it('finds the socket error inside a connector error', () => {
    const wrapped = {
      errno: 45012,
      code: 'ER_CONNECTION_TIMEOUT',
      sqlMessage: 'Connection timeout',
      cause: { code: 'ETIMEDOUT' },
    };
    expect(describeError(wrapped)).toBe('ETIMEDOUT');
  });

  it('gives errno, code and the server message without the connector prefix or the SQL', () => {
    expect(describeError(noSuchThread)).toBe('1094 ER_NO_SUCH_THREAD: Unknown thread id: 999999');
    expect(describeError(tooMany)).toBe('1040 ER_CON_COUNT_ERROR: Too many connections');
  });

  it('copes with anything thrown', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('text')).toBe('text');
    expect(describeError({})).toBe('unknown error');
  });
});
