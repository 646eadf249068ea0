/**
 * The chaos program's settings, read from the environment once at start-up, validated and frozen.
 * Nothing else in chaos/src reads process.env: a typo in .env stops the program with a message
 * that names the variable, instead of a chaos container that silently does nothing.
 */
import { TOOL_CONNECT_TIMEOUT_MS, type DbLogin } from '../../lib/db/loginOptions';
import { readLabEventsToken } from '../../lib/settings/labEventsToken';
import { ConfigError, integer, oneOf, text, withHiddenPassword, type Env } from '../../lib/settings/envReaders';
import { CHAOS_MODES, PAIR_MODES, type ChaosModeName } from '../../lib/settings/chaosModes';
import { parseEndpointAddress, type EndpointAddress } from './replication/endpoint';
import type { ReplicationLogin } from './replication/serverRole';

export { ConfigError, CHAOS_MODES, type ChaosModeName };

/** The chaos user's login: it may list and kill connections and set a few globals, and read no data. */
export type ChaosDbSettings = DbLogin;

/** TOPOLOGY=primary-replica (docker-compose.primary-replica.yml): the pair and its endpoint. */
export interface PairSettings {
  /** The two servers' host names on the lab's network, as compose names their services: db, db2. */
  readonly servers: readonly [string, string];
  /** The endpoint's runtime API (db-primary:9999), reachable on the lab's network only. */
  readonly endpointAdmin: EndpointAddress;
  /** The login a replica reads its source's binary log with. The password is not enumerable. */
  readonly replicationLogin: ReplicationLogin;
}

export interface ChaosConfig {
  readonly mode: ChaosModeName;
  readonly db: ChaosDbSettings;
  /** Pause between two rounds (after a round ends, so a slow round never overlaps the next). */
  readonly intervalMs: number;
  /** kill-idle: a connection counts as sleeping after this many seconds without a statement. */
  readonly minIdleSeconds: number;
  /** The user whose connections kill-idle and kill-active go after: the app's. */
  readonly targetUser: string;
  /** db-down, partition, freeze: how long the database stays stopped, cut off or frozen each time. */
  readonly downMs: number;
  /** short-wait-timeout: the global wait_timeout (seconds) set while the mode runs. */
  readonly waitTimeoutSeconds: number;
  /** Finds the db container by its compose labels (restart-db, db-down, partition, freeze). */
  readonly composeProject: string;
  /** partition: the image of the short-lived helper that sets the iptables rules (the chaos image has iptables). */
  readonly helperImage: string;
  /** Where to POST what we did, so the lab page shows it (optional). */
  readonly reportUrl: string | undefined;
  /** TOPOLOGY=primary-replica: the two servers and the endpoint (failover, primary-crash); undefined for one server. */
  readonly pair: PairSettings | undefined;
  /** Where the original values of changed server settings are kept (savedSettings.ts); unset: in memory. */
  readonly stateFile: string | undefined;
  /** The app accepts events only with this secret (LAB_EVENTS_TOKEN); required with a reportUrl. Not enumerable. */
  readonly reportToken: string | undefined;
}

/** Seconds as written by a person: "5", "0.2", ".5", "2.". Returned in the unit asked for. */
function seconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  // Plain decimals only: Number() would also take "1e3", "0x10" and "Infinity".
  if (!/^(\d+\.?\d*|\.\d+)$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `a number of seconds from ${min} to ${max}`, env[name]);
  }
  return value;
}

function optionalHttpUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw new ConfigError(name, 'an http:// or https:// URL', raw);
  return url.toString();
}

/**
 * What undoing a dead run needs (restore.ts): where the database and its container are, and what the
 * run saved. Never the run's pace or its reporting: a setting only a running chaos uses (CHAOS_INTERVAL=0,
 * no LAB_EVENTS_TOKEN) refuses the run, and must not also refuse the undo of an earlier one.
 */
export type UndoConfig = Pick<ChaosConfig, 'mode' | 'db' | 'composeProject' | 'helperImage' | 'stateFile' | 'pair'>;

function loadPairSettings(env: Env): PairSettings | undefined {
  if (oneOf(env, 'CHAOS_TOPOLOGY', ['single', 'primary-replica'], 'single') === 'single') return undefined;
  const servers = text(env, 'CHAOS_SERVERS').split(/\s+/);
  if (servers.length !== 2 || servers[0] === servers[1]) {
    throw new ConfigError('CHAOS_SERVERS', 'two server names separated by a space (db db2)', env.CHAOS_SERVERS);
  }
  const endpointAdmin = parseEndpointAddress(text(env, 'CHAOS_ENDPOINT_ADMIN'));
  if (!endpointAdmin)
    throw new ConfigError('CHAOS_ENDPOINT_ADMIN', 'host:port (db-primary:9999)', env.CHAOS_ENDPOINT_ADMIN);
  return Object.freeze({
    servers: [servers[0], servers[1]] as const,
    endpointAdmin,
    replicationLogin: withHiddenPassword<ReplicationLogin>(
      { user: text(env, 'REPL_DB_USER', 'simplerr_repl') },
      text(env, 'REPL_DB_PASSWORD'),
    ),
  });
}

export function loadUndoConfig(env: Env = process.env): UndoConfig {
  const db = withHiddenPassword<ChaosDbSettings>(
    {
      host: text(env, 'DB_HOST', '127.0.0.1'),
      port: integer(env, 'DB_PORT', 3306, 1, 65_535),
      user: text(env, 'CHAOS_DB_USER', 'simplerr_chaos'),
      connectTimeoutMs: TOOL_CONNECT_TIMEOUT_MS,
    },
    text(env, 'CHAOS_DB_PASSWORD'),
  );
  const composeProject = text(env, 'COMPOSE_PROJECT_NAME', 'simplerr-lab');
  const mode = oneOf(env, 'CHAOS_MODE', CHAOS_MODES, 'kill-idle');
  const pair = loadPairSettings(env);
  if (PAIR_MODES.includes(mode) && !pair) {
    throw new ConfigError(
      'CHAOS_MODE',
      `a mode of the one-server lab: ${mode} moves the primary's role between two servers (make down, then make up TOPOLOGY=primary-replica)`,
      mode,
    );
  }
  return Object.freeze({
    mode,
    pair,
    db,
    composeProject,
    // Compose names the chaos service's image <project>-chaos.
    helperImage: text(env, 'CHAOS_HELPER_IMAGE', `${composeProject}-chaos`),
    stateFile: env.CHAOS_STATE_FILE?.trim() || undefined,
  });
}

export function loadChaosConfig(env: Env = process.env): ChaosConfig {
  const undo = loadUndoConfig(env);
  const config = {
    ...undo,
    intervalMs: Math.round(seconds(env, 'CHAOS_INTERVAL', 5, 0.05, 3600) * 1000),
    minIdleSeconds: seconds(env, 'CHAOS_MIN_IDLE', 1, 0, 86_400),
    targetUser: text(env, 'CHAOS_TARGET_USER', 'simplerr'),
    downMs: Math.round(seconds(env, 'CHAOS_DOWN_SECONDS', 10, 0.1, 3600) * 1000),
    // 1 s is the server's minimum; 31536000 is MySQL's maximum (MariaDB allows more).
    waitTimeoutSeconds: integer(env, 'CHAOS_WAIT_TIMEOUT', 3, 1, 31_536_000),
    reportUrl: optionalHttpUrl(env, 'CHAOS_REPORT_URL'),
  } as ChaosConfig; // reportToken: defined below
  // A secret, like the password: out of JSON.stringify, util.inspect and spread copies.
  Object.defineProperty(config, 'reportToken', {
    value: readLabEventsToken(env, config.reportUrl !== undefined),
    enumerable: false,
  });
  return Object.freeze(config);
}

/**
 * The exit code of a program that refused its settings: it changed nothing, so there is nothing to undo
 * (the Makefile tells it from 1, a run that may have left something changed).
 */
export const REFUSED_SETTINGS_EXIT_CODE = 2;

/** The settings, or undefined after saying on stderr what is wrong with them (the programs then exit 2). */
export function loadChaosConfigOrExplain<T = ChaosConfig>(
  env: Env = process.env,
  load: (env: Env) => T = loadChaosConfig as (env: Env) => T,
): T | undefined {
  try {
    return load(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`chaos: ${err.message}`);
    return undefined;
  }
}
