import { appEnvironment, listeningPort } from './appUnderTest';
import { drillDbSettings } from './labSettings';

describe('listeningPort', () => {
  it('finds the port in the app\'s JSON log line', () => {
    const log = '{"level":30,"msg":"starting"}\n{"level":30,"port":41873,"strategy":"pool","msg":"lab app listening"}\n';
    expect(listeningPort(log)).toBe(41873);
  });

  it('waits for a line cut in the middle, and ignores other lines', () => {
    expect(listeningPort('{"level":30,"port":418')).toBeUndefined();
    expect(listeningPort('{"level":30,"port":4, "msg":"lab app listen')).toBeUndefined();
    expect(listeningPort('{"level":50,"msg":"request failed"}\n')).toBeUndefined();
  });
});

describe('appEnvironment', () => {
  const db = drillDbSettings({ DB_PORT: '3308' }, { DB_PASSWORD: 'dev-app', CHAOS_DB_PASSWORD: 'dev-chaos' });

  it('gives the app its database, its strategy, any free port, and the lab\'s tuning', () => {
    expect(appEnvironment('pool', db, { POOL_SIZE: '8' })).toMatchObject({
      DB_HOST: '127.0.0.1', DB_PORT: '3308', DB_NAME: 'simplerr_schema', DB_USER: 'simplerr', DB_PASSWORD: 'dev-app',
      DB_STRATEGY: 'pool', PORT: '0', POOL_SIZE: '8',
    });
  });

  it('never lets tuning override the connection settings, and never passes the chaos password', () => {
    const env = appEnvironment('naive', db, { DB_STRATEGY: 'pool', PORT: '8080' });
    expect(env).toMatchObject({ DB_STRATEGY: 'naive', PORT: '0' });
    expect(Object.values(env)).not.toContain('dev-chaos');
  });
});
