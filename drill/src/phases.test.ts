import { planDrill, plannedSeconds, stepLabel } from './phases';

describe('planDrill', () => {
  it('measures the ceilings first, then each strategy after its warm-up, without and then with chaos', () => {
    const steps = planDrill({
      strategies: ['naive', 'per-request', 'pool'],
      durationSeconds: 10,
      warmupSeconds: 2,
      stormClients: 0,
    });
    expect(steps.map(stepLabel)).toEqual([
      'warm-up of the HTTP ceiling app (not measured)',
      'HTTP ceiling: GET /livez',
      'DB ceiling: the SELECT via the connector',
      'warm-up of the naive app (not measured)',
      'naive, no chaos',
      'naive, with kill-idle chaos',
      'warm-up of the per-request app (not measured)',
      'per-request, no chaos',
      'per-request, with kill-idle chaos',
      'warm-up of the pool app (not measured)',
      'pool, no chaos',
      'pool, with kill-idle chaos',
    ]);
    expect(plannedSeconds(steps)).toBe(4 * 2 + 8 * 10);
  });

  it('gives each phase the app process it talks to: none for the database ceiling', () => {
    const steps = planDrill({ strategies: ['pool'], durationSeconds: 3, warmupSeconds: 0, stormClients: 0 });
    expect(steps.map((step) => step.app)).toEqual(['ceiling', null, 'pool', 'pool']);
  });

  it('ends each strategy with the connection storm when there is one: that many clients at once, on the same app', () => {
    const steps = planDrill({
      strategies: ['per-request', 'pool'],
      durationSeconds: 2,
      warmupSeconds: 0,
      stormClients: 200,
    });
    expect(steps.map(stepLabel).slice(2)).toEqual([
      'per-request, no chaos',
      'per-request, with kill-idle chaos',
      'per-request, connection storm: 200 clients',
      'pool, no chaos',
      'pool, with kill-idle chaos',
      'pool, connection storm: 200 clients',
    ]);
    expect(steps.map((step) => step.app).slice(2)).toEqual([
      'per-request',
      'per-request',
      'per-request',
      'pool',
      'pool',
      'pool',
    ]);
  });
});
