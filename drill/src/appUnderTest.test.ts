import { appEnvironment } from './appUnderTest';
import { drillDbSettings } from './labSettings';

describe('appEnvironment', () => {
  const db = drillDbSettings({ DB_PORT: '3308' }, { DB_PASSWORD: 'dev-app', CHAOS_DB_PASSWORD: 'dev-chaos' });

  it("gives the app its database, its strategy, any free port, and the lab's tuning", () => {
    expect(appEnvironment('pool', db, { POOL_SIZE: '8' })).toMatchObject({
      DB_HOST: '127.0.0.1',
      DB_PORT: '3308',
      DB_NAME: 'simplerr_schema',
      DB_USER: 'simplerr',
      DB_PASSWORD: 'dev-app',
      STRATEGY: 'pool',
      PORT: '0',
      POOL_SIZE: '8',
    });
  });

  it('never lets tuning override the connection settings, and never passes the chaos password', () => {
    const env = appEnvironment('naive', db, { STRATEGY: 'pool', PORT: '8080' });
    expect(env).toMatchObject({ STRATEGY: 'naive', PORT: '0' });
    expect(Object.values(env)).not.toContain('dev-chaos');
  });
});
