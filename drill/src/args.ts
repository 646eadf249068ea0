/**
 * The drill's options: flags win over DRILL_* environment variables, which win over the defaults.
 * A bad value stops the drill before anything starts, naming the flag and what it expects.
 */
import { ORDINARY_WAIT_MS } from '../../lib/settings/queryWaits';
import { STRATEGIES, type StrategyName } from '../../lib/settings/strategies';
import type { Env } from './labSettings';

export interface DrillOptions {
  /** HTTP connections kept busy by the load generator (and loops of the database ceiling). */
  readonly concurrency: number;
  /** Seconds of each measured phase. */
  readonly durationSeconds: number;
  /** Seconds of unmeasured load before each app's first phase (JIT, first connections). */
  readonly warmupSeconds: number;
  /** Pause between two kill-idle rounds. */
  readonly chaosIntervalMs: number;
  /** Clients of the connection storm phase after each strategy's others (0: no storm). */
  readonly stormClients: number;
  /** Seconds of each partition and freeze phase, after the others (0: none). */
  readonly faultSeconds: number;
  readonly strategies: readonly StrategyName[];
  /** The POOL_SIZE values of the pool-sizing sweep (none: no sweep). */
  readonly sweepPoolSizes: readonly number[];
  /**
   * Each strategy and each POOL_SIZE of the sweep once more with queries that wait this long on the
   * server (GET /lab/slow-person?ms=N); 0: not measured.
   */
  readonly waitMs: number;
  /** Strategies whose app runs once more under node --cpu-prof (none: no profiles). */
  readonly profileStrategies: readonly StrategyName[];
  /** The strategy measured with the lab's instrumentation off and on (undefined: not measured). */
  readonly instrumentationStrategy: StrategyName | undefined;
  /** The URL of the lab's composed app, recreated with each strategy and measured too (undefined: not measured). */
  readonly composedUrl: string | undefined;
  /** Folder for latest.md and latest.svg. */
  readonly outDir: string;
  /** A line about this run for the report (where the database ran, what else was going on). */
  readonly note: string | undefined;
}

export const DEFAULTS = {
  concurrency: 32,
  durationSeconds: 10,
  warmupSeconds: 2,
  chaosIntervalMs: 200,
  stormClients: 200,
  sweepPoolSizes: [1, 2, 4, 8, 16, 32],
  waitMs: 1,
  instrumentationStrategy: 'pool',
  profileStrategies: ['naive', 'pool'],
  faultSeconds: 8,
  outDir: 'drill/results',
} as const;

export const USAGE = `Usage: npm run drill -- [options]
  --concurrency N      concurrent HTTP connections (DRILL_CONCURRENCY, default ${DEFAULTS.concurrency})
  --duration S         seconds per measured phase (DRILL_DURATION, default ${DEFAULTS.durationSeconds})
  --warmup S           seconds of unmeasured load per app first (DRILL_WARMUP, default ${DEFAULTS.warmupSeconds})
  --chaos-interval MS  pause between kill-idle rounds (DRILL_CHAOS_INTERVAL_MS, default ${DEFAULTS.chaosIntervalMs})
  --storm N            clients of the connection storm phase per strategy, 0 for none (DRILL_STORM, default ${DEFAULTS.stormClients})
  --fault-seconds S    each strategy's partition and freeze phases, 0 for none (DRILL_FAULT_SECONDS, default ${DEFAULTS.faultSeconds})
  --strategies LIST    comma-separated, from ${STRATEGIES.join(', ')} (DRILL_STRATEGIES, default all)
  --sweep SIZES        POOL_SIZE values of the pool-sizing sweep, comma-separated, or none (DRILL_SWEEP, default ${DEFAULTS.sweepPoolSizes.join(',')})
  --wait-ms MS         each strategy and POOL_SIZE again with queries that wait MS on the server,
                       up to ${ORDINARY_WAIT_MS}, 0 for none (DRILL_WAIT_MS, default ${DEFAULTS.waitMs})
  --profile LIST       strategies whose app runs once more under node --cpu-prof, comma-separated,
                       or none (DRILL_PROFILE, default ${DEFAULTS.profileStrategies.join(',')})
  --instrumentation S  the strategy measured with the lab's instrumentation off and on, or none
                       (DRILL_INSTRUMENTATION, default ${DEFAULTS.instrumentationStrategy})
  --composed URL       the lab's app container at URL (make up), recreated with each strategy with
                       docker compose and measured too; none to skip (DRILL_COMPOSED, default none)
  --out DIR            where latest.md and latest.svg go (DRILL_OUT, default ${DEFAULTS.outDir})
  --note TEXT          a line about this run for the report (DRILL_NOTE)
Database: DB_HOST (127.0.0.1), DB_PORT (else DB_PUBLISHED_PORT), DB_NAME, DB_USER, DB_PASSWORD,
CHAOS_DB_USER, CHAOS_DB_PASSWORD from the environment, else .env, else .env.example.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = {
  '--concurrency': 'DRILL_CONCURRENCY',
  '--duration': 'DRILL_DURATION',
  '--warmup': 'DRILL_WARMUP',
  '--chaos-interval': 'DRILL_CHAOS_INTERVAL_MS',
  '--storm': 'DRILL_STORM',
  '--fault-seconds': 'DRILL_FAULT_SECONDS',
  '--strategies': 'DRILL_STRATEGIES',
  '--sweep': 'DRILL_SWEEP',
  '--wait-ms': 'DRILL_WAIT_MS',
  '--profile': 'DRILL_PROFILE',
  '--instrumentation': 'DRILL_INSTRUMENTATION',
  '--composed': 'DRILL_COMPOSED',
  '--out': 'DRILL_OUT',
  '--note': 'DRILL_NOTE',
} as const;
type Flag = keyof typeof FLAGS;

/** `--flag value` and `--flag=value` pairs; `--help` is answered by the caller. */
function readFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(name in FLAGS)) throw new UsageError(`unknown option ${JSON.stringify(argv[i])}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    values[name as Flag] = value;
  }
  return values;
}

function number(
  label: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  whole: boolean,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new UsageError(
      `${label} is ${JSON.stringify(raw)}: expected ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    );
  }
  return value;
}

const NONE = 'none';

function strategies(
  label: string,
  raw: string | undefined,
  fallback: readonly StrategyName[] = STRATEGIES,
  noneAllowed = false,
): StrategyName[] {
  if (raw === undefined || raw.trim() === '') return [...fallback];
  if (noneAllowed && raw.trim() === NONE) return [];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(STRATEGIES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `${label} is ${JSON.stringify(raw)}: expected a comma-separated list of ${STRATEGIES.join(', ')}${
        noneAllowed ? `, or ${NONE}` : ''
      }`,
    );
  }
  // Always in the lesson's order, each once: naive, per-request, pool.
  return STRATEGIES.filter((name) => names.includes(name));
}

function poolSizes(label: string, raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULTS.sweepPoolSizes];
  if (raw.trim() === NONE) return [];
  const sizes = raw.split(',').map((size) => size.trim());
  if (sizes.some((size) => !/^\d+$/.test(size) || Number(size) < 1 || Number(size) > 500)) {
    throw new UsageError(
      `${label} is ${JSON.stringify(raw)}: expected POOL_SIZE values from 1 to 500, comma-separated, or ${NONE}`,
    );
  }
  return [...new Set(sizes.map(Number))].sort((a, b) => a - b);
}

function oneStrategyOrNone(label: string, raw: string | undefined, fallback: StrategyName): StrategyName | undefined {
  const value = raw?.trim() || fallback;
  if (value === NONE) return undefined;
  if (!(STRATEGIES as readonly string[]).includes(value)) {
    throw new UsageError(`${label} is ${JSON.stringify(raw)}: expected one of ${STRATEGIES.join(', ')}, or ${NONE}`);
  }
  return value as StrategyName;
}

function urlOrNone(label: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value || value === NONE) return undefined;
  if (!/^https?:\/\/[^/\s]+$/.test(value)) {
    throw new UsageError(`${label} is ${JSON.stringify(raw)}: expected http://host:port (no path), or ${NONE}`);
  }
  return value;
}

export const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

export function parseArgs(argv: readonly string[], env: Env = {}): DrillOptions {
  const flags = readFlags(argv);
  const raw = (flag: Flag) => flags[flag] ?? env[FLAGS[flag]];
  const label = (flag: Flag) => (flags[flag] !== undefined ? flag : FLAGS[flag]);
  return Object.freeze({
    concurrency: number(label('--concurrency'), raw('--concurrency'), DEFAULTS.concurrency, 1, 1000, true),
    durationSeconds: number(label('--duration'), raw('--duration'), DEFAULTS.durationSeconds, 1, 3600, false),
    warmupSeconds: number(label('--warmup'), raw('--warmup'), DEFAULTS.warmupSeconds, 0, 600, false),
    chaosIntervalMs: number(
      label('--chaos-interval'),
      raw('--chaos-interval'),
      DEFAULTS.chaosIntervalMs,
      10,
      60_000,
      true,
    ),
    stormClients: number(label('--storm'), raw('--storm'), DEFAULTS.stormClients, 0, 2000, true),
    faultSeconds: number(label('--fault-seconds'), raw('--fault-seconds'), DEFAULTS.faultSeconds, 0, 120, false),
    strategies: strategies(label('--strategies'), raw('--strategies')),
    sweepPoolSizes: poolSizes(label('--sweep'), raw('--sweep')),
    waitMs: number(label('--wait-ms'), raw('--wait-ms'), DEFAULTS.waitMs, 0, ORDINARY_WAIT_MS, true),
    profileStrategies: strategies(label('--profile'), raw('--profile'), DEFAULTS.profileStrategies, true),
    instrumentationStrategy: oneStrategyOrNone(
      label('--instrumentation'),
      raw('--instrumentation'),
      DEFAULTS.instrumentationStrategy,
    ),
    composedUrl: urlOrNone(label('--composed'), raw('--composed')),
    outDir: raw('--out')?.trim() || DEFAULTS.outDir,
    note: raw('--note')?.trim() || undefined,
  });
}
