import { classifyDbError, PoolCannotConnectError } from '../../../lib/db/errors';
import { couldNotConnect } from './pool';

// The connector's acquire timeout, as mariadb 3.5 builds it: a cause only when a connect failed and nothing is checked out.
const acquireTimeout = (cause?: unknown) => ({
  errno: 45028,
  code: 'ER_GET_CONNECTION_TIMEOUT',
  sqlState: 'HY000',
  cause,
});

describe('couldNotConnect: why the pool gave no connection', () => {
  it('every connection checked out and busy: the pool is exhausted, it must not grow past its size', () => {
    expect(couldNotConnect(acquireTimeout(), 4, 4)).toBe(false);
  });
  it('room for another connection and none came: a connect is hanging or failing (restart-db, freeze)', () => {
    expect(couldNotConnect(acquireTimeout(), 1, 4)).toBe(true);
    expect(couldNotConnect(acquireTimeout(), 0, 4)).toBe(true);
  });
  it('the connect error named as the cause: unreachable whatever is checked out', () => {
    expect(couldNotConnect(acquireTimeout({ code: 'ECONNREFUSED' }), 4, 4)).toBe(true);
  });
  it('anything else is not a connect failure', () => {
    expect(couldNotConnect({ errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' }, 0, 4)).toBe(false);
  });
  it('when there is no time left to try, the answer still names the server, not the pool', () => {
    expect(classifyDbError(new PoolCannotConnectError(acquireTimeout())).kind).toBe('server-unreachable');
  });
});
