import { ConfigError, loadChaosConfig, loadUndoConfig } from './config';

const base = { CHAOS_DB_PASSWORD: 'secret' };

function errorFor(env: Record<string, string>): ConfigError {
  try {
    loadChaosConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadChaosConfig', () => {
  it('has the contract defaults when only the password is given', () => {
    const config = loadChaosConfig(base);
    expect(config).toMatchObject({
      mode: 'kill-idle',
      intervalMs: 5000,
      minIdleSeconds: 1,
      targetUser: 'simplerr',
      downMs: 10_000,
      waitTimeoutSeconds: 3,
      composeProject: 'simplerr-lab',
      reportUrl: undefined,
      db: { host: '127.0.0.1', port: 3306, user: 'simplerr_chaos' },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadChaosConfig({
      ...base,
      DB_HOST: 'db',
      DB_PORT: '3307',
      CHAOS_DB_USER: 'chaos',
      CHAOS_MODE: 'max-connections',
      CHAOS_INTERVAL: '0.2',
      CHAOS_MIN_IDLE: '0',
      CHAOS_TARGET_USER: 'app',
      CHAOS_DOWN_SECONDS: '2.5',
      CHAOS_WAIT_TIMEOUT: '10',
      COMPOSE_PROJECT_NAME: 'other',
      CHAOS_REPORT_URL: 'http://app:8080/lab/chaos-events',
      LAB_EVENTS_TOKEN: 'token-of-the-lab-events',
    });
    expect(config.reportToken).toBe('token-of-the-lab-events');
    expect(JSON.stringify(config)).not.toContain('token-of-the-lab-events');
    expect(config).toMatchObject({
      mode: 'max-connections',
      intervalMs: 200,
      minIdleSeconds: 0,
      targetUser: 'app',
      downMs: 2500,
      waitTimeoutSeconds: 10,
      composeProject: 'other',
      reportUrl: 'http://app:8080/lab/chaos-events',
      db: { host: 'db', port: 3307, user: 'chaos' },
    });
  });

  it.each([
    ['.5', 500],
    ['0.5', 500],
    ['2.', 2000],
    [' 1.25 ', 1250],
  ])('reads seconds as people write them: CHAOS_INTERVAL=%j is %d ms', (raw, ms) => {
    expect(loadChaosConfig({ ...base, CHAOS_INTERVAL: raw }).intervalMs).toBe(ms);
  });

  it('keeps the password out of logs and JSON', () => {
    const config = loadChaosConfig(base);
    expect(config.db.password).toBe('secret');
    expect(JSON.stringify(config)).not.toContain('secret');
    expect({ ...config.db }).not.toHaveProperty('password');
  });

  it.each([
    [{ CHAOS_DB_PASSWORD: '' }, 'CHAOS_DB_PASSWORD', 'is "": expected a non-empty value'],
    [
      { CHAOS_MODE: 'nuke' },
      'CHAOS_MODE',
      'expected one of kill-idle, kill-active, restart-db, db-down, short-wait-timeout, max-connections',
    ],
    [{ CHAOS_INTERVAL: 'fast' }, 'CHAOS_INTERVAL', 'expected a number of seconds from 0.05 to 3600'],
    [{ CHAOS_INTERVAL: '0' }, 'CHAOS_INTERVAL', 'from 0.05'],
    [{ CHAOS_INTERVAL: '-1' }, 'CHAOS_INTERVAL', 'from 0.05'],
    [{ CHAOS_MIN_IDLE: '1e3' }, 'CHAOS_MIN_IDLE', 'a number of seconds'],
    [{ CHAOS_INTERVAL: '.' }, 'CHAOS_INTERVAL', 'a number of seconds'],
    [{ CHAOS_INTERVAL: '0x10' }, 'CHAOS_INTERVAL', 'a number of seconds'],
    [{ CHAOS_INTERVAL: '1.2.3' }, 'CHAOS_INTERVAL', 'a number of seconds'],
    [{ CHAOS_WAIT_TIMEOUT: '0.5' }, 'CHAOS_WAIT_TIMEOUT', 'a whole number from 1'],
    [{ DB_PORT: '70000' }, 'DB_PORT', 'a whole number from 1 to 65535'],
    [{ CHAOS_DOWN_SECONDS: '0' }, 'CHAOS_DOWN_SECONDS', 'from 0.1'],
    [{ CHAOS_REPORT_URL: 'app:8080' }, 'CHAOS_REPORT_URL', 'an http:// or https:// URL'],
    [
      { CHAOS_REPORT_URL: 'http://app:8080/lab/chaos-events' },
      'LAB_EVENTS_TOKEN',
      'is missing: expected a secret of 16 characters or more',
    ],
  ])('rejects %j naming the variable', (env, variable, expected) => {
    const err = errorFor(env);
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(variable);
    expect(err.message).toContain(expected);
  });

  it('says a missing password is missing', () => {
    expect(() => loadChaosConfig({})).toThrow('CHAOS_DB_PASSWORD is missing: expected a non-empty value');
  });
});

describe('the pair modes (TOPOLOGY=primary-replica)', () => {
  const pair = {
    CHAOS_TOPOLOGY: 'primary-replica',
    CHAOS_SERVERS: 'db db2',
    CHAOS_ENDPOINT_ADMIN: 'db-primary:9999',
    REPL_DB_PASSWORD: 'repl-secret',
  };

  it('refuse a one-server lab, naming what to do', () => {
    for (const mode of ['failover', 'primary-crash']) {
      expect(errorFor({ CHAOS_MODE: mode }).message).toBe(
        `CHAOS_MODE is "${mode}": expected a mode of the one-server lab: ${mode} moves the primary's role between two servers (make down, then make up TOPOLOGY=primary-replica)`,
      );
    }
  });

  it('read both servers, the endpoint and the replication login, its password hidden', () => {
    const config = loadChaosConfig({ ...base, ...pair, CHAOS_MODE: 'failover' });
    expect(config.pair).toMatchObject({
      servers: ['db', 'db2'],
      endpointAdmin: { host: 'db-primary', port: 9999 },
      replicationLogin: { user: 'simplerr_repl' },
    });
    expect(config.pair?.replicationLogin.password).toBe('repl-secret');
    expect(JSON.stringify(config)).not.toContain('repl-secret');
  });

  it('say which pair setting is wrong', () => {
    expect(errorFor({ ...pair, CHAOS_SERVERS: 'db' }).variable).toBe('CHAOS_SERVERS');
    expect(errorFor({ ...pair, CHAOS_ENDPOINT_ADMIN: 'db-primary' }).variable).toBe('CHAOS_ENDPOINT_ADMIN');
    expect(errorFor({ ...pair, CHAOS_TOPOLOGY: 'ring' }).variable).toBe('CHAOS_TOPOLOGY');
  });
});

describe('loadUndoConfig', () => {
  it("takes only what an undo needs: a run's refused pace or missing token does not refuse it", () => {
    const env = { ...base, CHAOS_INTERVAL: '0', CHAOS_REPORT_URL: 'http://app:8080/lab/chaos-events' };
    expect(() => loadChaosConfig(env)).toThrow(ConfigError);
    expect(loadUndoConfig({ ...env, CHAOS_MODE: 'partition', COMPOSE_PROJECT_NAME: 'lab' })).toMatchObject({
      mode: 'partition',
      composeProject: 'lab',
      helperImage: 'lab-chaos',
    });
  });
});
