/**
 * The drill's options, read with node:util parseArgs: a flag wins over its DRILL_* environment variable,
 * which wins over the default. A bad value stops the drill at once, naming the flag (or variable).
 */
import { parseArgs } from 'node:util';
import type { Env } from '../../lib/settings/envReaders';

/** The options as USAGE tells them (SPECS below); the sweep's sizes sorted, without repeats. */
export interface DrillOptions {
  /** HTTP connections the load generator keeps busy (and loops of the database patterns). */
  readonly concurrency: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly chaosIntervalMs: number;
  /** The POOL_SIZE values of the pool-sizing sweep (none: no sweep). */
  readonly sweepPoolSizes: readonly number[];
  readonly faultSeconds: number;
  readonly stormClients: number;
  readonly pipelining: boolean;
  readonly outDir: string;
  /** TOPOLOGY=primary-replica, and its REPLICATION: each strategy through a failover and a primary crash too. */
  readonly pair: { readonly replication: 'async' | 'semi-sync' } | null;
  readonly renderOnly: boolean;
}

/** An option: a switch without a fallback, a number with its range (and whether it must be whole), else text. */
interface Spec {
  readonly env: string;
  readonly help: string;
  readonly fallback?: number | string;
  readonly range?: readonly [number, number, 'whole'?];
}
function flag(env: string, help: string, fallback?: number | string, range?: Spec['range']): Spec {
  return { env, help, fallback, range };
}

const SPECS = {
  concurrency: flag('DRILL_CONCURRENCY', 'concurrent HTTP connections', 32, [1, 1000, 'whole']),
  duration: flag('DRILL_DURATION', 'seconds per measured phase', 6, [1, 3600]),
  warmup: flag('DRILL_WARMUP', 'seconds of unmeasured load per app first', 1, [0, 600]),
  'chaos-interval': flag('DRILL_CHAOS_INTERVAL_MS', 'ms between kill-idle rounds', 200, [10, 60_000, 'whole']),
  sweep: flag('DRILL_SWEEP', 'POOL_SIZE values of the pool-sizing sweep, comma-separated, or none', '1,2,4,8,16'),
  'fault-seconds': flag('DRILL_FAULT_SECONDS', "each strategy's partition and freeze phases, 0 for none", 6, [0, 120]),
  storm: flag('DRILL_STORM', 'clients of a connection storm per strategy, 0 for none', 0, [0, 2000, 'whole']),
  pipelining: flag('DRILL_PIPELINING', "naive's DB pattern again with the connector's pipelining off"),
  out: flag('DRILL_OUT', 'where latest.json, latest.md and the charts go', 'drill/results'),
  topology: flag(
    'DRILL_TOPOLOGY',
    'single, or primary-replica: each strategy through a failover and a crash',
    'single',
  ),
  replication: flag('DRILL_REPLICATION', 'with primary-replica: async or semi-sync, as the lab runs', 'async'),
  render: flag('DRILL_RENDER', 'render the report again from OUT/latest.json, measuring nothing'),
} satisfies Record<string, Spec>;
type Name = keyof typeof SPECS;

export const USAGE = [
  'Usage: npm run drill -- [options]   (each also as its environment variable)',
  ...Object.entries(SPECS).map(
    ([name, spec]: [string, Spec]) =>
      `  --${name.padEnd(15)} ${spec.help} (${spec.env}${spec.fallback === undefined ? '' : `, default ${spec.fallback}`})`,
  ),
  'Database: DB_HOST (127.0.0.1), DB_PORT (else DB_PUBLISHED_PORT), DB_NAME, DB_USER, DB_PASSWORD,',
  'CHAOS_DB_USER, CHAOS_DB_PASSWORD from the environment, else .env, else .env.example.',
].join('\n');

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--flag is "value": expected …`, naming the flag or variable the value came from. */
const invalid = (given: { label: string; value: string }, expected: string) =>
  new UsageError(`${given.label} is ${JSON.stringify(given.value)}: expected ${expected}`);

export function readOptions(argv: readonly string[], env: Env = {}): DrillOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      Object.entries(SPECS).map(([name, spec]) => [name, { type: spec.fallback === undefined ? 'boolean' : 'string' }]),
    ) as Record<Name, { type: 'string' | 'boolean' }>;
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const raw = (name: Name) => {
    const fromFlag = values[name];
    if (fromFlag !== undefined) return { label: `--${name}`, value: String(fromFlag) };
    const fromEnv = env[SPECS[name].env]?.trim();
    return fromEnv ? { label: SPECS[name].env, value: fromEnv } : undefined;
  };
  const number = (name: Name) => {
    const [min, max, whole] = SPECS[name].range!;
    const given = raw(name);
    if (!given) return SPECS[name].fallback as number;
    const value = Number(given.value);
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value)))
      throw invalid(given, `${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    return value;
  };
  const text = (name: Name) => raw(name)?.value ?? (SPECS[name].fallback as string | undefined);
  const on = (name: Name) => ['true', '1', 'on', 'yes'].includes(raw(name)?.value ?? '');
  const sweep = raw('sweep') ?? { label: '--sweep', value: SPECS.sweep.fallback as string };
  const sizes = sweep.value === 'none' ? [] : sweep.value.split(',').map((size) => size.trim());
  if (sizes.some((size) => !/^\d+$/.test(size) || Number(size) < 1 || Number(size) > 500))
    throw invalid(sweep, 'POOL_SIZE values from 1 to 500, comma-separated, or none');
  const oneOf = <T extends string>(name: Name, allowed: readonly T[]): T => {
    const given = raw(name) ?? { label: `--${name}`, value: SPECS[name].fallback as string };
    if (!allowed.includes(given.value as T)) throw invalid(given, `one of ${allowed.join(', ')}`);
    return given.value as T;
  };
  const topology = oneOf('topology', ['single', 'primary-replica']);
  const replication = oneOf('replication', ['async', 'semi-sync']);
  return Object.freeze({
    concurrency: number('concurrency'),
    durationSeconds: number('duration'),
    warmupSeconds: number('warmup'),
    chaosIntervalMs: number('chaos-interval'),
    sweepPoolSizes: [...new Set(sizes.map(Number))].sort((a, b) => a - b),
    faultSeconds: number('fault-seconds'),
    stormClients: number('storm'),
    pipelining: on('pipelining'),
    outDir: text('out')!,
    pair: topology === 'primary-replica' ? { replication } : null,
    renderOnly: on('render'),
  });
}
