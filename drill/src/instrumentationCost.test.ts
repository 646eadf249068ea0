import type { DrillRow, Figures } from './figures';
import { instrumentationCost, instrumentationSection } from './instrumentationCost';

const figures = (requestsPerSecond: number): Figures => ({
  requestsPerSecond,
  succeeded: requestsPerSecond * 10,
  failed: 0,
  latencyMs: { p50: 7, p99: 15, max: 30 },
});
const abba = (off: number, on: number): DrillRow[] =>
  [false, true, true, false].map((instrumented) => ({
    kind: 'instrumentation',
    strategy: 'pool',
    instrumented,
    figures: figures(instrumented ? on : off),
  }));

describe('the instrumentation section', () => {
  it('gives the cost as the share of the uninstrumented throughput', () => {
    const cost = instrumentationCost(abba(4000, 3600))!;
    expect(cost).toMatchObject({ onRps: 3600, offRps: 4000 });
    expect(cost.cost).toBeCloseTo(0.1);
    expect(instrumentationSection(abba(4000, 3600)).join('\n')).toContain(
      "the request's log lines cost 10.0 % of the throughput\n(3,600 vs 4,000 req/s, the means of its phases).",
    );
  });

  it('calls a negative cost what it is, noise, rather than a cost of −1.6 %', () => {
    const section = instrumentationSection(abba(4024, 4089)).join('\n');
    expect(section).toContain('cost nothing measurable here: the phases\nwith them were 1.6 % faster (4,089 vs 4,024');
    expect(section).not.toContain('-1.6 %');
  });

  it('is left out when the instrumentation was not measured', () => {
    expect(instrumentationSection([])).toEqual([]);
  });
});
