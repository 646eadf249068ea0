/**
 * The drill's options, read with node:util parseArgs: a flag wins over its DRILL_* environment
 * variable, which wins over the default. A bad value stops the drill before anything starts, naming
 * the flag (or variable) and what it expects.
 */
import { parseArgs } from 'node:util';
import { ORDINARY_WAIT_MS } from '../../lib/settings/queryWaits';
import { STRATEGIES, type StrategyName } from '../../lib/settings/strategies';
import type { Env } from './labSettings';

export interface DrillOptions {
  /** HTTP connections the load generator keeps busy (and loops of the database patterns). */
  readonly concurrency: number;
  /** Seconds of each measured phase. */
  readonly durationSeconds: number;
  /** Seconds of unmeasured load before each app's first phase (JIT, first connections). */
  readonly warmupSeconds: number;
  readonly chaosIntervalMs: number;
  readonly strategies: readonly StrategyName[];
  /** Each strategy, and each POOL_SIZE of the sweep, again with queries that wait this long on the server; 0: not measured. */
  readonly waitMs: number;
  /** The POOL_SIZE values of the pool-sizing sweep (none: no sweep). */
  readonly sweepPoolSizes: readonly number[];
  /** Seconds of each partition and freeze phase (0: none). */
  readonly faultSeconds: number;
  /** Clients of the connection storm phase of each strategy (0: none, the default). */
  readonly stormClients: number;
  /** naive's database pattern once more with the connector's pipelining off (off by default). */
  readonly pipelining: boolean;
  /** Where latest.json, latest.md and the charts go. */
  readonly outDir: string;
  /** A line about this run for the report (where the database ran, what else was going on). */
  readonly note: string | undefined;
  /** Render latest.md and the charts again from outDir/latest.json, without measuring. */
  readonly renderOnly: boolean;
}

type Spec = { env: string; help: string } & (
  | { kind: 'number'; default: number; min: number; max: number; whole?: boolean }
  | { kind: 'text'; default?: string }
  | { kind: 'switch' }
);

const SPECS = {
  concurrency: {
    env: 'DRILL_CONCURRENCY',
    kind: 'number',
    default: 32,
    min: 1,
    max: 1000,
    whole: true,
    help: 'concurrent HTTP connections',
  },
  duration: {
    env: 'DRILL_DURATION',
    kind: 'number',
    default: 6,
    min: 1,
    max: 3600,
    help: 'seconds per measured phase',
  },
  warmup: {
    env: 'DRILL_WARMUP',
    kind: 'number',
    default: 1,
    min: 0,
    max: 600,
    help: 'seconds of unmeasured load per app first',
  },
  'chaos-interval': {
    env: 'DRILL_CHAOS_INTERVAL_MS',
    kind: 'number',
    default: 200,
    min: 10,
    max: 60_000,
    whole: true,
    help: 'ms between kill-idle rounds',
  },
  strategies: {
    env: 'DRILL_STRATEGIES',
    kind: 'text',
    help: `comma-separated, from ${STRATEGIES.join(', ')} (default all)`,
  },
  'wait-ms': {
    env: 'DRILL_WAIT_MS',
    kind: 'number',
    default: 1,
    min: 0,
    max: ORDINARY_WAIT_MS,
    whole: true,
    help: 'each strategy and pool size again with queries that wait MS on the server, 0 for none',
  },
  sweep: {
    env: 'DRILL_SWEEP',
    kind: 'text',
    default: '1,2,4,8,16',
    help: 'POOL_SIZE values of the pool-sizing sweep, comma-separated, or none',
  },
  'fault-seconds': {
    env: 'DRILL_FAULT_SECONDS',
    kind: 'number',
    default: 6,
    min: 0,
    max: 120,
    help: "each strategy's partition and freeze phases, 0 for none",
  },
  storm: {
    env: 'DRILL_STORM',
    kind: 'number',
    default: 0,
    min: 0,
    max: 2000,
    whole: true,
    help: 'clients of a connection storm per strategy, 0 for none',
  },
  pipelining: {
    env: 'DRILL_PIPELINING',
    kind: 'switch',
    help: "naive's DB pattern again with the connector's pipelining off",
  },
  out: {
    env: 'DRILL_OUT',
    kind: 'text',
    default: 'drill/results',
    help: 'where latest.json, latest.md and the charts go',
  },
  note: { env: 'DRILL_NOTE', kind: 'text', help: 'a line about this run for the report' },
  render: {
    env: 'DRILL_RENDER',
    kind: 'switch',
    help: 'render the report again from OUT/latest.json, measuring nothing',
  },
} satisfies Record<string, Spec>;
type Name = keyof typeof SPECS;

export const USAGE = [
  'Usage: npm run drill -- [options]   (each also as its environment variable)',
  ...Object.entries(SPECS).map(([name, spec]: [string, Spec]) => {
    const fallback = 'default' in spec && spec.default !== undefined ? `, default ${spec.default}` : '';
    return `  --${name.padEnd(15)} ${spec.help} (${spec.env}${fallback})`;
  }),
  'Database: DB_HOST (127.0.0.1), DB_PORT (else DB_PUBLISHED_PORT), DB_NAME, DB_USER, DB_PASSWORD,',
  'CHAOS_DB_USER, CHAOS_DB_PASSWORD from the environment, else .env, else .env.example.',
].join('\n');

export class UsageError extends Error {
  override name = 'UsageError';
}

function list<T>(label: string, raw: string, expected: string, parse: (item: string) => T | undefined): T[] {
  const items = raw.split(',').map((item) => parse(item.trim()));
  if (items.length === 0 || items.some((item) => item === undefined))
    throw new UsageError(`${label} is ${JSON.stringify(raw)}: expected ${expected}`);
  return items as T[];
}

export function readOptions(argv: readonly string[], env: Env = {}): DrillOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      Object.entries(SPECS).map(([name, spec]) => [name, { type: spec.kind === 'switch' ? 'boolean' : 'string' }]),
    ) as Record<Name, { type: 'string' | 'boolean' }>;
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const raw = (name: Name) => {
    const flag = values[name];
    if (flag !== undefined) return { label: `--${name}`, value: String(flag) };
    const fromEnv = env[SPECS[name].env]?.trim();
    return fromEnv ? { label: SPECS[name].env, value: fromEnv } : undefined;
  };
  const number = (name: Name) => {
    const spec = SPECS[name] as Extract<Spec, { kind: 'number' }>;
    const given = raw(name);
    if (!given) return spec.default;
    const value = Number(given.value);
    if (!Number.isFinite(value) || value < spec.min || value > spec.max || (spec.whole && !Number.isInteger(value)))
      throw new UsageError(
        `${given.label} is ${JSON.stringify(given.value)}: expected ${spec.whole ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`,
      );
    return value;
  };
  const text = (name: Name) => raw(name)?.value ?? (SPECS[name] as { default?: string }).default;
  const on = (name: Name) => ['true', '1', 'on', 'yes'].includes(raw(name)?.value ?? '');
  const strategies = raw('strategies');
  const sweep = raw('sweep');
  const names = strategies
    ? list(strategies.label, strategies.value, `a comma-separated list of ${STRATEGIES.join(', ')}`, (name) =>
        STRATEGIES.find((known) => known === name),
      )
    : STRATEGIES;
  const sizes =
    sweep?.value === 'none'
      ? []
      : list(
          sweep?.label ?? '--sweep',
          sweep?.value ?? SPECS.sweep.default,
          'POOL_SIZE values from 1 to 500, comma-separated, or none',
          (size) => (/^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= 500 ? Number(size) : undefined),
        );
  return Object.freeze({
    concurrency: number('concurrency'),
    durationSeconds: number('duration'),
    warmupSeconds: number('warmup'),
    chaosIntervalMs: number('chaos-interval'),
    // Always in the lesson's order, each once: naive, per-request, pool.
    strategies: STRATEGIES.filter((name) => names.includes(name)),
    waitMs: number('wait-ms'),
    sweepPoolSizes: [...new Set(sizes)].sort((a, b) => a - b),
    faultSeconds: number('fault-seconds'),
    stormClients: number('storm'),
    pipelining: on('pipelining'),
    outDir: text('out')!,
    note: text('note'),
    renderOnly: on('render'),
  });
}
