import { inspect } from 'node:util';
import { hostLab } from './hostLab';

const LOGIN = { connectTimeoutMs: 2000 };

describe('hostLab', () => {
  const file = {
    DB_PUBLISHED_PORT: '3307',
    DB_PASSWORD: 'from-file',
    CHAOS_DB_PASSWORD: 'chaos-file',
    DB_HOST: 'db',
    DB_PORT: '3306',
  };

  it('reaches the database on 127.0.0.1:DB_PUBLISHED_PORT, never the compose network address in .env', () => {
    const settings = hostLab(LOGIN, {}, file);
    expect(settings.app).toMatchObject({
      host: '127.0.0.1',
      port: 3307,
      user: 'simplerr',
      database: 'simplerr_schema',
      password: 'from-file',
    });
    expect(settings.chaos).toMatchObject({
      host: '127.0.0.1',
      port: 3307,
      user: 'simplerr_chaos',
      password: 'chaos-file',
    });
  });

  it('lets the environment win: DB_HOST, DB_PORT and the passwords', () => {
    const settings = hostLab(
      LOGIN,
      { DB_HOST: '10.0.0.5', DB_PORT: '3308', DB_PASSWORD: 'dev-app', CHAOS_DB_PASSWORD: 'dev-chaos' },
      file,
    );
    expect(settings.app).toMatchObject({ host: '10.0.0.5', port: 3308, password: 'dev-app' });
    expect(settings.chaos).toMatchObject({ port: 3308, password: 'dev-chaos' });
  });

  it('keeps the passwords out of logs and copies', () => {
    const settings = hostLab(LOGIN, {}, file);
    expect(JSON.stringify(settings)).not.toContain('from-file');
    expect(inspect(settings)).not.toContain('chaos-file');
  });

  it('names what is missing or malformed', () => {
    expect(() => hostLab(LOGIN, {}, { DB_PASSWORD: 'x' })).toThrow(/CHAOS_DB_PASSWORD is not set/);
    expect(() => hostLab(LOGIN, { DB_PORT: 'db' }, file)).toThrow(/DB_PORT .* "db"/);
  });

  it('finds the app, the compose project and the second server as the lab publishes them', () => {
    const lab = hostLab(
      LOGIN,
      { APP_PORT: '38080' },
      { ...file, COMPOSE_PROJECT_NAME: 'h3lab', DB2_PUBLISHED_PORT: '33308' },
    );
    expect(lab).toMatchObject({ appUrl: 'http://127.0.0.1:38080', composeProject: 'h3lab', db2Port: 33308 });
  });
});
