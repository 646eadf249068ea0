import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, HEALTHCHECK_READY_WAIT_MS, loadConfig } from './config';

const minimal = { DB_PASSWORD: 'secret' };

describe('loadConfig', () => {
  it('gives the documented defaults when only the password is set', () => {
    const config = loadConfig(minimal);
    expect(config.strategy).toBe('per-request');
    expect(config.port).toBe(8080);
    expect(config.db).toMatchObject({ host: '127.0.0.1', port: 3306, database: 'simplerr_schema', user: 'simplerr' });
    expect(config.pool).toMatchObject({ size: 8, acquireTimeoutMs: 300 });
    expect(config.db.connectTimeoutMs).toBe(500);
    expect(config.dbMaxConnections).toBe(50);
    expect(config.idempotencyKeyTtlSeconds).toBe(86_400);
    expect(config.db.pipelining).toBe(true);
    expect(config.timeouts).toEqual({
      enabled: true,
      queryTimeoutMs: 1000,
      requestTimeoutMs: 12_000,
      readyTimeoutMs: 2000,
    });
  });

  it("switches the connector's pipelining off only when asked to, and names a bad value", () => {
    expect(loadConfig({ ...minimal, DB_PIPELINING: 'off' }).db.pipelining).toBe(false);
    expect(() => loadConfig({ ...minimal, DB_PIPELINING: 'false' })).toThrow(
      /DB_PIPELINING is "false": expected one of on, off/,
    );
  });

  it.each([
    [{ DB_TIMEOUTS: 'no' }, /DB_TIMEOUTS is "no": expected one of on, off/],
    [
      { REQUEST_TIMEOUT_MS: '500', DB_QUERY_TIMEOUT_MS: '400' },
      /REQUEST_TIMEOUT_MS is "500": expected above DB_CONNECT_TIMEOUT_MS \(500\)/,
    ],
    [{ READY_TIMEOUT_MS: '400' }, /READY_TIMEOUT_MS is "400": expected above DB_CONNECT_TIMEOUT_MS/],
    [
      { READY_TIMEOUT_MS: '5000' },
      /^READY_TIMEOUT_MS is "5000": expected at most 2000 \(the app's healthcheck in docker-compose.yml waits 2500 ms for \/readyz\)/,
    ],
    [{ DB_QUERY_TIMEOUT_MS: '13000' }, /DB_QUERY_TIMEOUT_MS is "13000": expected at most REQUEST_TIMEOUT_MS \(12000\)/],
    [{ REQUEST_TIMEOUT_MS: '6s' }, /REQUEST_TIMEOUT_MS is "6s": expected a whole number/],
    [{ SHUTDOWN_TIMEOUT_MS: '8000' }, /SHUTDOWN_TIMEOUT_MS is "8000": expected above REQUEST_TIMEOUT_MS \(12000\)/],
    [{ READY_TIMEOUT_MS: '2001' }, /^READY_TIMEOUT_MS is "2001": expected at most 2000/],
  ])('refuses database deadlines that cannot work: %p', (settings, message) => {
    expect(() => loadConfig({ ...minimal, ...settings })).toThrow(message);
  });

  it('looks at no server by name with one server, and at two in the replicated lab (LAB_DB_SERVERS)', () => {
    expect(loadConfig(minimal).labServers).toEqual([]);
    expect(loadConfig({ ...minimal, LAB_DB_SERVERS: ' db  db2 ' }).labServers).toEqual(['db', 'db2']);
    for (const bad of ['db', 'db db', 'db db2 db3', 'db db2;drop'])
      expect(() => loadConfig({ ...minimal, LAB_DB_SERVERS: bad })).toThrow(
        `LAB_DB_SERVERS is ${JSON.stringify(bad)}: expected empty, or two server names separated by a space (db db2)`,
      );
  });

  it('DB_TIMEOUTS=off turns the query and request deadlines off, for the demo of the hang', () => {
    expect(loadConfig({ ...minimal, DB_TIMEOUTS: 'off' }).timeouts.enabled).toBe(false);
  });

  it('waits longer on shutdown than a request may wait on the database, unless there is no such deadline', () => {
    expect(loadConfig(minimal).shutdownTimeoutMs).toBeGreaterThan(loadConfig(minimal).timeouts.requestTimeoutMs);
    expect(
      loadConfig({ ...minimal, REQUEST_TIMEOUT_MS: '3000', DB_QUERY_TIMEOUT_MS: '2500', SHUTDOWN_TIMEOUT_MS: '3500' })
        .shutdownTimeoutMs,
    ).toBe(3500);
    expect(loadConfig({ ...minimal, DB_TIMEOUTS: 'off', SHUTDOWN_TIMEOUT_MS: '1000' }).shutdownTimeoutMs).toBe(1000);
  });

  it('names the missing variable', () => {
    expect(() => loadConfig({})).toThrow(new ConfigError('DB_PASSWORD', 'a non-empty value', undefined));
    expect(() => loadConfig({})).toThrow(/^DB_PASSWORD is missing/);
  });

  it.each([
    ['STRATEGY', 'pooled', /STRATEGY is "pooled": expected one of naive, per-request, pool/],
    ['DB_PORT', '33o6', /DB_PORT is "33o6": expected a whole number from 1 to 65535/],
    ['POOL_SIZE', '0', /POOL_SIZE is "0"/],
    ['PORT', '-1', /PORT is "-1": expected a whole number from 0 to 65535/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL is "loud"/],
    ['DB_MAX_CONNECTIONS', '0', /DB_MAX_CONNECTIONS is "0": expected a whole number from 1/],
    ['IDEMPOTENCY_KEY_TTL_S', '1d', /IDEMPOTENCY_KEY_TTL_S is "1d"/],
  ])('rejects a malformed %s', (name, value, message) => {
    expect(() => loadConfig({ ...minimal, [name]: value })).toThrow(message);
  });

  it('refuses an idle timeout longer than the max lifetime', () => {
    expect(() => loadConfig({ ...minimal, POOL_IDLE_TIMEOUT_S: '90', POOL_MAX_LIFETIME_S: '60' })).toThrow(
      /POOL_IDLE_TIMEOUT_S/,
    );
  });

  it('refuses a pool acquire timeout as long as the connect timeout', () => {
    expect(() => loadConfig({ ...minimal, POOL_ACQUIRE_TIMEOUT_MS: '500', DB_CONNECT_TIMEOUT_MS: '500' })).toThrow(
      /^POOL_ACQUIRE_TIMEOUT_MS is "500": expected below DB_CONNECT_TIMEOUT_MS \(500\)/,
    );
  });

  it('keeps the password out of logs and JSON', () => {
    const config = loadConfig({ DB_PASSWORD: 'hunter2' });
    expect(config.db.password).toBe('hunter2');
    expect(JSON.stringify(config)).not.toContain('hunter2');
    expect(inspect(config, { depth: 5 })).not.toContain('hunter2');
  });

  it('keeps the chaos events token out of logs and JSON, and out of its own error message', () => {
    const config = loadConfig({ ...minimal, LAB_EVENTS_TOKEN: 'token-of-the-lab-events' });
    expect(config.labEventsToken).toBe('token-of-the-lab-events');
    expect(JSON.stringify(config)).not.toContain('token-of-the-lab-events');
    expect(inspect(config, { depth: 5 })).not.toContain('token-of-the-lab-events');
    expect(loadConfig(minimal).labEventsToken).toBeUndefined();
    expect(() => loadConfig({ ...minimal, LAB_EVENTS_TOKEN: 'short secret' })).toThrow(
      /^LAB_EVENTS_TOKEN is "\(hidden\)": expected 16 to 200 printable/,
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(minimal))).toBe(true);
    expect(Object.isFrozen(loadConfig(minimal).db)).toBe(true);
  });
});

describe('the healthcheck the readiness deadline must fit in', () => {
  it('is the wait docker-compose.yml gives /readyz', () => {
    const compose = readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');
    // The check sends GET /readyz and reads the status line for at most `read -t` seconds.
    const waits = [...compose.matchAll(/GET \/readyz [\s\S]*?read -r -t ([\d.]+) /g)].map((m) => Number(m[1]) * 1000);
    expect(waits).toEqual([HEALTHCHECK_READY_WAIT_MS]);
  });
});
