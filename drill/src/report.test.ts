import { strategiesChart, sweepChart } from './chart';
import { latencyOf } from './load';
import { markdownTable, reportMarkdown } from './render';
import { combinedLimit, suggestedPoolSize, targets, type DrillResults, type Figures } from './results';
import { silentFaultFigures } from './silentFaults';

const figures = (requestsPerSecond: number, failed = 0): Figures => ({
  requestsPerSecond,
  succeeded: requestsPerSecond * 6,
  failed,
  latencyMs: { p50: 4, p99: 12, max: 30 },
});

/** A run as latest.json holds it: figures invented, in the proportions of a real one. */
const RESULTS: DrillResults = {
  startedAt: '2026-12-04T23:00:00.000Z',
  machine: {
    cpuModel: 'Test CPU',
    cores: 2,
    memoryBytes: 8 * 2 ** 30,
    nodeVersion: 'v0.0.0',
    dbVersion: 'MySQL 9.7.4 (9.7.4)',
    dbAddress: '127.0.0.1:3307',
  },
  settings: {
    concurrency: 32,
    durationSeconds: 6,
    chaosIntervalMs: 200,
    waitMs: 1,
    faultSeconds: 6,
    poolSize: 8,
    dbMaxConnections: 50,
    requestTimeoutMs: 12_000,
    loadAverage: { before: [1, 1, 1], after: [2, 2, 2] },
  },
  httpCeiling: figures(18_000),
  dbPatterns: { naive: figures(30_000), 'per-request': figures(1_500), pool: figures(12_000) },
  strategies: [
    { strategy: 'naive', chaos: false, figures: figures(8_000), retried: 0, kills: 0, failedBy: {} },
    {
      strategy: 'naive',
      chaos: true,
      figures: figures(100, 50_000),
      retried: 0,
      kills: 1,
      failedBy: { 'connection-lost': 50_000 },
    },
    { strategy: 'per-request', chaos: false, figures: figures(1_300), retried: 0, kills: 0, failedBy: {} },
    { strategy: 'per-request', chaos: true, figures: figures(1_200), retried: 100, kills: 300, failedBy: {} },
    { strategy: 'pool', chaos: false, figures: figures(6_000), retried: 0, kills: 0, failedBy: {} },
    { strategy: 'pool', chaos: true, figures: figures(5_000), retried: 300, kills: 300, failedBy: {} },
  ],
  waiting: { naive: figures(800), 'per-request': figures(700), pool: figures(3_500) },
  sweep: [1, 2, 4, 8, 16].map((poolSize) => ({
    poolSize,
    figures: figures(Math.min(6_000, 3_000 + poolSize * 1_000)),
    waiting: figures(Math.min(3_600, poolSize * 500)),
  })),
  silentFaults: ['per-request', 'pool'].flatMap((strategy) =>
    (['partition', 'freeze'] as const).map((mode) => ({
      strategy: strategy as 'pool',
      mode,
      duringFault: 64,
      inTime: 64,
      failed: 32,
      p99Ms: 5_600,
      maxMs: 5_700,
      recoveryMs: 40,
    })),
  ),
  storm: [],
  unpipelinedNaivePattern: null,
};

describe('the figures that follow from a run', () => {
  it("computes a strategy's combined limit as 1 / (1/HTTP ceiling + 1/its DB pattern)", () => {
    expect(combinedLimit(RESULTS, 'pool')).toBeCloseTo(1 / (1 / 18_000 + 1 / 12_000));
    expect(combinedLimit({ ...RESULTS, httpCeiling: null }, 'pool')).toBeUndefined();
  });

  it('suggests the smallest POOL_SIZE within 0.95 × the best, for each load', () => {
    expect(suggestedPoolSize(RESULTS, 'plain')).toBe(4); // 6,000 at 4, 8 and 16
    expect(suggestedPoolSize(RESULTS, 'waiting')).toBe(8); // 3,600 at 8 and 16; 2,000 at 4
  });

  it('gives each target the verdict its own figures give, and "not measured" without them', () => {
    const verdicts = Object.fromEntries(targets(RESULTS).map((t) => [t.target, t.verdict]));
    expect(verdicts).toEqual({
      'naive ≥ 0.8 × its combined limit': 'MISSED', // 8,000 of 11,250
      'per-request ≥ 0.8 × its combined limit': 'met', // 1,300 of 1,385
      'per-request under chaos ≥ 0.8 × its combined limit': 'met',
      'pool ≥ 0.8 × its combined limit': 'met', // 6,000 of 7,200
      'pool under chaos ≥ 0.8 × its combined limit': 'MISSED',
      'per-request under chaos fails 0 requests': 'met',
      'pool under chaos fails 0 requests': 'met',
      "naive under chaos fails (the lesson's broken strategy)": 'met',
      'pool (POOL_SIZE=8) ≥ naive, no chaos': 'MISSED',
      'pool (POOL_SIZE=8) ≥ naive, each query waiting 1 ms': 'met',
      'per-request and pool answer every request within REQUEST_TIMEOUT_MS + 1 s while the database is silent, and serve again':
        'met',
    });
    const late = { ...RESULTS, silentFaults: [{ ...RESULTS.silentFaults[0], inTime: 63 }] };
    expect(targets(late).find((t) => t.target.includes('silent'))?.verdict).toBe('MISSED');
    const stuck = { ...RESULTS, silentFaults: [{ ...RESULTS.silentFaults[0], recoveryMs: null }] };
    expect(targets(stuck).find((t) => t.target.includes('silent'))).toMatchObject({
      measured: 'per-request partition 64 of 64 never again',
      verdict: 'MISSED',
    });
    const poolOnly = { ...RESULTS, strategies: RESULTS.strategies.filter((run) => run.strategy === 'pool') };
    expect(targets(poolOnly).find((t) => t.target === 'pool (POOL_SIZE=8) ≥ naive, no chaos')).toMatchObject({
      verdict: 'not measured',
      value: null,
    });
  });

  it('adds the pipelining target only to a run that measured it', () => {
    const withIt = { ...RESULTS, unpipelinedNaivePattern: figures(10_000) };
    expect(targets(withIt).at(-1)).toMatchObject({
      target: "pool's DB pattern ≥ naive's with pipelining off",
      verdict: 'met',
      value: 1.2,
    });
    expect(reportMarkdown(withIt)).toContain('| naive, pipelining off ');
  });
});

describe('the report rendered from the JSON', () => {
  const report = reportMarkdown(RESULTS);

  it('has every section a learner reads, and the tally of the targets', () => {
    for (const heading of [
      '## Results',
      '## When each query waits 1 ms on the server',
      '## When the database stops answering',
      '## Pool sizing: POOL_SIZE 1, 2, 4, 8, 16 at concurrency 32',
      '## Targets (8 of 11 met, 3 missed)',
    ])
      expect(report).toContain(heading);
    expect(report).toContain(
      'The smallest size within 0.95 × the best: **POOL_SIZE=4**; with 1 ms waits on the server: **POOL_SIZE=8**.',
    );
    expect(report).toMatch(/^\| naive +\| kill-idle every 200 ms \| 100 +\| 0\.006 +\| 0\.003 +\| 0\.009 /m);
  });

  it('renders the same report from a JSON round trip', () => {
    expect(reportMarkdown(JSON.parse(JSON.stringify(RESULTS)) as DrillResults)).toBe(report);
  });

  it('pads a Markdown table so its columns line up', () => {
    expect(markdownTable(['a', 'long header'], [['1,234', 'x']])).toBe(
      ['| a     | long header |', '| ----- | ----------- |', '| 1,234 | x           |'].join('\n'),
    );
  });

  it('draws a bar with its exact figure for each measured value', () => {
    expect(strategiesChart(RESULTS).match(/<rect [^>]*><title>/g)).toHaveLength(9); // 3 strategies × (calm, chaos, limit)
    const sweep = sweepChart(RESULTS);
    expect(sweep.match(/<rect [^>]*><title>/g)).toHaveLength(10);
    expect(sweep).toContain('<title>POOL_SIZE=8, each query waiting 1 ms: 3,600 req/s</title>');
  });
});

describe('the figures of a silent fault, from every request', () => {
  const fault = { appliedAt: 10_000, liftedAt: 16_000 };
  const requests = [
    { startedAt: 9_000, ms: 5, status: 200 }, // before the fault: not counted
    { startedAt: 9_990, ms: 5_500, status: 503 }, // waiting when it began: its deadline answered
    { startedAt: 12_000, ms: 4_100, status: 200 }, // answered as it lifted
    { startedAt: 12_000, ms: 30_000, status: 0 }, // never answered
    { startedAt: 16_010, ms: 30, status: 200 }, // the first success after: 40 ms after the lift
  ];

  it('counts the requests waiting during it, those answered within the budget + 1 s, and the first success after', () => {
    expect(silentFaultFigures(requests, fault, 5_000)).toEqual({
      duringFault: 3,
      inTime: 2,
      failed: 2,
      p99Ms: expect.closeTo(30_000, -2),
      maxMs: expect.closeTo(30_000, -2),
      recoveryMs: 40,
    });
    expect(silentFaultFigures(requests.slice(0, 4), fault, null)).toMatchObject({ inTime: 2, recoveryMs: null });
  });

  it('takes percentiles from a histogram, to within its precision', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyOf(samples)).toEqual({
      p50: expect.closeTo(50, 0),
      p99: expect.closeTo(99, 0),
      max: expect.closeTo(100, 0),
    });
    expect(latencyOf([])).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
