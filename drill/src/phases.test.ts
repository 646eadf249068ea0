import { planDrill, plannedSeconds, stepLabel, type PlanOptions } from './phases';

const plan = (options: Partial<PlanOptions>) =>
  planDrill({
    strategies: ['naive', 'per-request', 'pool'],
    durationSeconds: 10,
    warmupSeconds: 2,
    stormClients: 0,
    sweepPoolSizes: [],
    waitMs: 0,
    profileStrategies: [],
    instrumentationStrategy: undefined,
    composedUrl: undefined,
    ...options,
  });

describe('planDrill', () => {
  it("measures the ceilings first (HTTP, then each strategy's DB pattern), then each strategy after its warm-up, without and then with chaos", () => {
    const steps = plan({});
    expect(steps.map(stepLabel)).toEqual([
      'warm-up of the HTTP ceiling app (not measured)',
      'HTTP ceiling: GET /livez',
      'DB pattern of naive: the SELECT via the connector, no HTTP',
      'DB pattern of per-request: the SELECT via the connector, no HTTP',
      'DB pattern of pool: the SELECT via the connector, no HTTP',
      'warm-up of the naive app (not measured)',
      'naive, no chaos',
      'naive, with kill-idle chaos',
      'warm-up of the per-request app (not measured)',
      'per-request, no chaos',
      'per-request, with kill-idle chaos',
      'warm-up of the pool app (not measured)',
      'pool, no chaos',
      'pool, with kill-idle chaos',
      'warm-up of the naive, pipelining off app (not measured)',
      'naive with DB_PIPELINING=off: one statement at a time on its connection',
    ]);
    expect(plannedSeconds(steps)).toBe(5 * 2 + 11 * 10);
  });

  it("with naive and the pool both in the run, measures naive once more with the connector's pipelining off", () => {
    const unpipelined = (strategies: PlanOptions['strategies']) =>
      plan({ strategies }).filter((step) => step.kind === 'unpipelined');
    expect(unpipelined(['naive', 'pool']).map((step) => step.app)).toEqual([
      { key: 'naive, pipelining off', strategy: 'naive', settings: { DB_PIPELINING: 'off' }, composed: false },
    ]);
    expect(unpipelined(['naive', 'per-request'])).toEqual([]);
    expect(unpipelined(['pool'])).toEqual([]);
  });

  it('gives each phase the app process it talks to: none for the DB patterns', () => {
    const steps = plan({ strategies: ['pool'], durationSeconds: 3, warmupSeconds: 0 });
    expect(steps.map((step) => step.app?.key ?? null)).toEqual(['ceiling', null, 'pool', 'pool']);
  });

  it('ends each strategy with the connection storm when there is one: that many clients at once, on a fresh app', () => {
    const steps = plan({
      strategies: ['per-request', 'pool'],
      durationSeconds: 2,
      warmupSeconds: 0,
      stormClients: 200,
    });
    expect(steps.map(stepLabel).slice(3)).toEqual([
      'per-request, no chaos',
      'per-request, with kill-idle chaos',
      'per-request, connection storm: 200 clients',
      'pool, no chaos',
      'pool, with kill-idle chaos',
      'pool, connection storm: 200 clients',
    ]);
    expect(steps.map((step) => step.app?.key).slice(3)).toEqual([
      'per-request',
      'per-request',
      'per-request storm',
      'pool',
      'pool',
      'pool storm',
    ]);
  });

  it("with waiting queries, measures them before each strategy's chaos phase (which breaks naive), and once more per POOL_SIZE of the sweep", () => {
    const steps = plan({ strategies: ['naive'], warmupSeconds: 0, sweepPoolSizes: [4], waitMs: 2 });
    expect(steps.map(stepLabel).slice(2)).toEqual([
      'naive, no chaos',
      'naive, queries that wait 2 ms on the server',
      'naive, with kill-idle chaos',
      'POOL_SIZE=4: the pool app, then its DB pattern, then the app with 2 ms waits',
    ]);
    expect(steps.find((step) => step.kind === 'waiting')!.app.key).toBe('naive');
    expect(steps.find((step) => step.kind === 'sweep')!.seconds).toBe(30); // app, pattern, app with waits
  });

  it('after the strategies, runs each profiled strategy on an app of its own under node --cpu-prof, after its warm-up', () => {
    const steps = plan({
      strategies: ['naive'],
      profileStrategies: ['naive', 'pool'],
      instrumentationStrategy: 'pool',
    });
    expect(steps.map(stepLabel).slice(5)).toEqual([
      'naive, with kill-idle chaos',
      'warm-up of the naive profiled app (not measured)',
      "naive under node --cpu-prof: where the app's time goes",
      'warm-up of the pool profiled app (not measured)',
      "pool under node --cpu-prof: where the app's time goes",
      'warm-up of the pool instrumentation off app (not measured)',
      'pool, instrumentation off',
      'warm-up of the pool instrumentation on app (not measured)',
      'pool, instrumentation on',
      'pool, instrumentation on',
      'warm-up of the pool instrumentation off app (not measured)',
      'pool, instrumentation off',
    ]);
    const profiled = steps.filter((step) => step.kind === 'profile').map((step) => step.app);
    expect(profiled).toEqual([
      { key: 'naive profiled', strategy: 'naive', settings: {}, composed: false, profiled: true },
      { key: 'pool profiled', strategy: 'pool', settings: {}, composed: false, profiled: true },
    ]);
    expect(steps.filter((step) => step.app?.profiled).map((step) => step.kind)).toEqual([
      'warmup',
      'profile',
      'warmup',
      'profile',
    ]);
  });

  it('then measures naive without pipelining, the instrumentation off and on, the sweep (app and pattern per size), and the composed app', () => {
    const steps = plan({
      strategies: ['naive', 'pool'],
      warmupSeconds: 0,
      sweepPoolSizes: [2, 8],
      instrumentationStrategy: 'pool',
      composedUrl: 'http://localhost:8080',
    });
    expect(steps.map(stepLabel).slice(7)).toEqual([
      'naive with DB_PIPELINING=off: one statement at a time on its connection',
      'pool, instrumentation off',
      'pool, instrumentation on',
      'pool, instrumentation on',
      'pool, instrumentation off',
      'POOL_SIZE=2: the pool app, then its DB pattern',
      'POOL_SIZE=8: the pool app, then its DB pattern',
      'composed app: HTTP ceiling, GET /livez',
      'composed app, naive, no chaos',
      'composed app, naive, with kill-idle chaos',
      'composed app, pool, no chaos',
      'composed app, pool, with kill-idle chaos',
    ]);
    const apps = steps.slice(7).map((step) => step.app!);
    expect(apps.map((app) => app.settings)).toEqual([
      { DB_PIPELINING: 'off' },
      { INSTRUMENTATION: 'off' },
      { INSTRUMENTATION: 'on' },
      { INSTRUMENTATION: 'on' },
      { INSTRUMENTATION: 'off' },
      { POOL_SIZE: '2' },
      { POOL_SIZE: '8' },
      {},
      {},
      {},
      {},
      {},
    ]);
    expect(apps.map((app) => app.composed)).toEqual([...Array(7).fill(false), ...Array(5).fill(true)]);
    expect(steps.find((step) => step.kind === 'sweep')!.seconds).toBe(20); // the app, then the pattern
  });
});
