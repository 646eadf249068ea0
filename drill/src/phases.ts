/**
 * The drill's plan: which phases run, in which order, how long, and which app process each needs.
 * Ceilings first (HTTP, then each strategy's database pattern), then each strategy: warm-up, load
 * without chaos, queries that wait on the server, the load with chaos (which breaks naive, so it
 * comes after), and the connection storm on a fresh app. Then naive with the connector's pipelining
 * off, CPU profiles of the app, the cost of the lab's own instrumentation, the POOL_SIZE sweep, and the
 * app as the learner runs it (composed), each in a section of its own.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import type { DrillOptions } from './args';

/**
 * The app process a phase talks to. Phases with the same key share one process; `settings` are
 * app variables on top of the lab's tuning (POOL_SIZE, INSTRUMENTATION); a composed app is the lab's
 * app container, recreated with this strategy.
 */
export interface AppSpec {
  readonly key: string;
  readonly strategy: StrategyName;
  readonly settings: Readonly<Record<string, string>>;
  readonly composed: boolean;
  /** Run under node --cpu-prof: V8 samples its main thread and writes the profile as it exits. */
  readonly profiled?: boolean;
}

type Path = '/livez' | '/person/first';

export type Step =
  | { readonly kind: 'warmup'; readonly app: AppSpec; readonly path: Path; readonly seconds: number }
  | { readonly kind: 'http-ceiling'; readonly app: AppSpec; readonly seconds: number }
  | { readonly kind: 'db-pattern'; readonly app: null; readonly strategy: StrategyName; readonly seconds: number }
  | { readonly kind: 'strategy'; readonly app: AppSpec; readonly chaos: boolean; readonly seconds: number }
  /** GET /person/first whose statement waits `waitMs` on the server, no chaos. */
  | { readonly kind: 'waiting'; readonly app: AppSpec; readonly waitMs: number; readonly seconds: number }
  | { readonly kind: 'storm'; readonly app: AppSpec; readonly clients: number; readonly seconds: number }
  /** GET /person/first on a naive app with DB_PIPELINING=off, no chaos. */
  | { readonly kind: 'unpipelined'; readonly app: AppSpec; readonly seconds: number }
  /** GET /person/first on an app under node --cpu-prof, no chaos; the app is stopped after it, to write the profile. */
  | { readonly kind: 'profile'; readonly app: AppSpec; readonly seconds: number }
  | {
      readonly kind: 'instrumentation';
      readonly app: AppSpec;
      readonly instrumented: boolean;
      readonly seconds: number;
    }
  /**
   * The pool app at one size, then the pool's database pattern at that size, then (waitMs > 0) the app
   * with queries that wait on the server: two or three measurements.
   */
  | {
      readonly kind: 'sweep';
      readonly app: AppSpec;
      readonly poolSize: number;
      readonly waitMs: number;
      readonly seconds: number;
    }
  | {
      readonly kind: 'composed';
      readonly app: AppSpec;
      /** 'http': GET /livez of the composed app, its own HTTP ceiling. */
      readonly measure: 'http' | 'calm' | 'chaos';
      readonly seconds: number;
    };

/** The HTTP ceiling's app runs per-request: it opens no connection until a route needs one, and /livez never does. */
export const CEILING_APP_STRATEGY: StrategyName = 'per-request';

const hostApp = (key: string, strategy: StrategyName, settings: Record<string, string> = {}): AppSpec => ({
  key,
  strategy,
  settings,
  composed: false,
});
const composedApp = (strategy: StrategyName): AppSpec => ({
  key: `composed ${strategy}`,
  strategy,
  settings: {},
  composed: true,
});

export type PlanOptions = Pick<
  DrillOptions,
  | 'strategies'
  | 'durationSeconds'
  | 'warmupSeconds'
  | 'stormClients'
  | 'sweepPoolSizes'
  | 'waitMs'
  | 'instrumentationStrategy'
  | 'profileStrategies'
  | 'composedUrl'
>;

export function planDrill(options: PlanOptions): Step[] {
  const { durationSeconds: seconds, warmupSeconds, stormClients, waitMs } = options;
  const warmup = (app: AppSpec, path: Path): Step[] =>
    warmupSeconds > 0 ? [{ kind: 'warmup', app, path, seconds: warmupSeconds }] : [];
  const ceilingApp = hostApp('ceiling', CEILING_APP_STRATEGY);
  const strategySteps = options.strategies.flatMap((strategy): Step[] => {
    const app = hostApp(strategy, strategy);
    // The connection storm: far more clients than connections, on an app of its own, so that
    // naive's storm measures the storm and not the connection its chaos phase killed.
    const stormApp = hostApp(`${strategy} storm`, strategy);
    return [
      ...warmup(app, '/person/first'),
      { kind: 'strategy', app, chaos: false, seconds },
      ...(waitMs > 0 ? [{ kind: 'waiting', app, waitMs, seconds } as const] : []),
      { kind: 'strategy', app, chaos: true, seconds },
      ...(stormClients > 0
        ? [
            ...warmup(stormApp, '/person/first'),
            { kind: 'storm', app: stormApp, clients: stormClients, seconds } as const,
          ]
        : []),
    ];
  });
  return [
    ...warmup(ceilingApp, '/livez'),
    { kind: 'http-ceiling', app: ceilingApp, seconds },
    ...options.strategies.map((strategy): Step => ({ kind: 'db-pattern', app: null, strategy, seconds })),
    ...strategySteps,
    ...unpipelinedSteps(options, warmup),
    ...profileSteps(options, warmup),
    ...instrumentationSteps(options, warmup),
    ...sweepSteps(options, warmup),
    ...composedSteps(options, warmup),
  ];
}

type Warmup = (app: AppSpec, path: Path) => Step[];

/**
 * naive once more, on an app of its own with the connector's pipelining off: is pipelining what makes
 * naive faster than the pool? Only with both in the run, as it answers a question about the two.
 */
function unpipelinedSteps({ strategies, durationSeconds: seconds }: PlanOptions, warmup: Warmup) {
  if (!strategies.includes('naive') || !strategies.includes('pool')) return [];
  const app = hostApp('naive, pipelining off', 'naive', { DB_PIPELINING: 'off' });
  return [...warmup(app, '/person/first'), { kind: 'unpipelined', app, seconds } as const];
}

/** Each profiled strategy on an app of its own under node --cpu-prof, after a warm-up the profile leaves out. */
function profileSteps({ profileStrategies, durationSeconds: seconds }: PlanOptions, warmup: Warmup) {
  return profileStrategies.flatMap((strategy): Step[] => {
    const app: AppSpec = { ...hostApp(`${strategy} profiled`, strategy), profiled: true };
    return [...warmup(app, '/person/first'), { kind: 'profile', app, seconds }];
  });
}

/**
 * One strategy with the instrumentation off, on, on, off (ABBA): a machine that gets busier or quieter
 * during the four phases shifts both sides alike. The cost is the ratio of their means.
 */
function instrumentationSteps({ instrumentationStrategy: strategy, durationSeconds }: PlanOptions, warmup: Warmup) {
  if (!strategy) return [];
  return [false, true, true, false].flatMap((instrumented, i): Step[] => {
    const setting = instrumented ? 'on' : 'off';
    const app = hostApp(`${strategy} instrumentation ${setting}`, strategy, { INSTRUMENTATION: setting });
    // The two middle phases share one app: only the first of them warms it up.
    return [
      ...(i === 2 ? [] : warmup(app, '/person/first')),
      { kind: 'instrumentation', app, instrumented, seconds: durationSeconds },
    ];
  });
}

/** The pool at each size: the app, the pool's database pattern of the same size, the app with waiting queries. */
function sweepSteps({ sweepPoolSizes, durationSeconds, waitMs }: PlanOptions, warmup: Warmup) {
  const measurements = waitMs > 0 ? 3 : 2;
  return sweepPoolSizes.flatMap((poolSize): Step[] => {
    const app = hostApp(`pool of ${poolSize}`, 'pool', { POOL_SIZE: String(poolSize) });
    return [
      ...warmup(app, '/person/first'),
      { kind: 'sweep', app, poolSize, waitMs, seconds: measurements * durationSeconds },
    ];
  });
}

/** The lab's app container, recreated with each strategy: its own HTTP ceiling, then each strategy calm and under chaos. */
function composedSteps({ composedUrl, strategies, durationSeconds: seconds }: PlanOptions, warmup: Warmup) {
  if (!composedUrl) return [];
  return strategies.flatMap((strategy, i): Step[] => {
    const app = composedApp(strategy);
    return [
      ...(i === 0 ? [...warmup(app, '/livez'), { kind: 'composed', app, measure: 'http', seconds } as const] : []),
      ...warmup(app, '/person/first'),
      { kind: 'composed', app, measure: 'calm', seconds },
      { kind: 'composed', app, measure: 'chaos', seconds },
    ];
  });
}

export function stepLabel(step: Step): string {
  switch (step.kind) {
    case 'warmup':
      return `warm-up of the ${step.app.key === 'ceiling' ? 'HTTP ceiling' : step.app.key} app (not measured)`;
    case 'http-ceiling':
      return 'HTTP ceiling: GET /livez';
    case 'db-pattern':
      return `DB pattern of ${step.strategy}: the SELECT via the connector, no HTTP`;
    case 'strategy':
      return `${step.app.strategy}, ${step.chaos ? 'with kill-idle chaos' : 'no chaos'}`;
    case 'waiting':
      return `${step.app.strategy}, queries that wait ${step.waitMs} ms on the server`;
    case 'storm':
      return `${step.app.strategy}, connection storm: ${step.clients} clients`;
    case 'unpipelined':
      return 'naive with DB_PIPELINING=off: one statement at a time on its connection';
    case 'profile':
      return `${step.app.strategy} under node --cpu-prof: where the app's time goes`;
    case 'instrumentation':
      return `${step.app.strategy}, instrumentation ${step.instrumented ? 'on' : 'off'}`;
    case 'sweep':
      return `POOL_SIZE=${step.poolSize}: the pool app, then its DB pattern${
        step.waitMs > 0 ? `, then the app with ${step.waitMs} ms waits` : ''
      }`;
    case 'composed':
      return step.measure === 'http'
        ? 'composed app: HTTP ceiling, GET /livez'
        : `composed app, ${step.app.strategy}, ${step.measure === 'chaos' ? 'with kill-idle chaos' : 'no chaos'}`;
  }
}

export const plannedSeconds = (steps: readonly Step[]) => steps.reduce((sum, step) => sum + step.seconds, 0);
