import { sampleRows, sampleSectionRows, withRow } from './fixtures/sampleRun';
import type { DrillRow } from './figures';
import { checkTargets, targetsTable, type TargetCheck } from './targets';

const byTarget = (checks: TargetCheck[], fragment: string) => {
  const found = checks.filter((check) => check.target.includes(fragment));
  if (found.length !== 1) throw new Error(`${found.length} targets match ${fragment}`);
  return found[0];
};

describe('checkTargets', () => {
  const all = [...sampleRows, ...sampleSectionRows];

  it("checks the issue's targets: each strategy near its own limit, pool not slower than naive, and the rest", () => {
    const checks = checkTargets(all, 8);
    expect(checks.map((check) => check.target)).toEqual([
      'naive ≥ 0.8 × its combined limit',
      'per-request ≥ 0.8 × its combined limit',
      'per-request under chaos ≥ 0.8 × its combined limit',
      'pool ≥ 0.8 × its combined limit',
      'pool under chaos ≥ 0.8 × its combined limit',
      'pool (POOL_SIZE=8) ≥ naive, no chaos',
      'pool (POOL_SIZE=8) ≥ naive with DB_PIPELINING=off, no chaos',
      'pool (POOL_SIZE=8) ≥ naive, each query waiting 1 ms on the server',
      'per-request under chaos fails 0 requests',
      'pool under chaos fails 0 requests',
      "naive under chaos fails (the lesson's broken strategy)",
      'app RSS ≤ 150 MB at the end',
      "the lab's instrumentation costs ≤ 10.0 % of the throughput",
      'the composed app ranks the strategies as the host apps do',
    ]);
    expect(checks.filter((check) => check.status !== 'met')).toEqual([]);
  });

  it('says what it measured', () => {
    const checks = checkTargets(all, 8);
    expect(byTarget(checks, 'pool ≥ 0.8').measured).toBe('0.97 × (7,800 req/s of 8,000 req/s)');
    expect(byTarget(checks, 'per-request ≥ 0.8').measured).toBe('0.93 × (1,000 req/s of 1,071 req/s)');
    expect(byTarget(checks, '≥ naive, no chaos').measured).toBe('1.03 × (7,800 req/s vs 7,600 req/s)');
    expect(byTarget(checks, 'DB_PIPELINING=off').measured).toBe('2.52 × (7,800 req/s vs 3,100 req/s)');
    expect(byTarget(checks, 'waiting 1 ms').measured).toBe('5.78 × (5,200 req/s vs 900 req/s)');
    expect(byTarget(checks, 'pool under chaos fails').measured).toBe('0 failed, 424 retried, 432 kills');
    expect(byTarget(checks, 'naive under chaos').measured).toBe('47,867 of 47,872 requests failed, after 1 kill');
    expect(byTarget(checks, 'RSS').measured).toBe('naive 140 MB, per-request 134 MB, pool 106 MB');
    expect(byTarget(checks, 'instrumentation').measured).toBe('5.0 % (pool: 7,600 req/s on, 8,000 req/s off)');
    expect(byTarget(checks, 'composed').measured).toBe(
      'host pool > naive > per-request; composed pool > naive > per-request',
    );
  });

  const rps = (rows: DrillRow[], n: number) => ({ ...rows[n].figures, requestsPerSecond: 0 });
  it.each<[string, DrillRow[], string]>([
    [
      'pool below 0.8 × its limit',
      withRow('pool', false, { figures: { ...rps(sampleRows, 8), requestsPerSecond: 6000 } }),
      'pool ≥ 0.8',
    ],
    [
      'per-request under chaos below 0.8 × its limit',
      withRow('per-request', true, { figures: { ...rps(sampleRows, 7), requestsPerSecond: 800 } }),
      'per-request under chaos ≥',
    ],
    [
      'pool slower than naive',
      withRow('naive', false, { figures: { ...rps(sampleRows, 4), requestsPerSecond: 7900 } }),
      '≥ naive, no chaos',
    ],
    [
      'one failed request of per-request under chaos',
      withRow('per-request', true, { figures: { ...sampleRows[7].figures, failed: 1 } }),
      'per-request under chaos fails',
    ],
    [
      'naive surviving the chaos',
      withRow('naive', true, { figures: { ...sampleRows[5].figures, failed: 0 } }),
      'naive under chaos',
    ],
    ['one app above 150 MB', withRow('pool', true, { rssBytes: 151 * 1024 * 1024 }), 'RSS'],
  ])('marks a miss: %s', (_, rows, fragment) => {
    expect(byTarget(checkTargets([...rows, ...sampleSectionRows], 8), fragment).status).toBe('missed');
  });

  it('marks a miss: the pool slower than naive when queries wait', () => {
    const sections = sampleSectionRows.map((row): DrillRow =>
      row.kind === 'waiting' && row.strategy === 'pool'
        ? { ...row, figures: { ...row.figures, requestsPerSecond: 800 } }
        : row,
    );
    expect(byTarget(checkTargets([...sampleRows, ...sections], 8), 'waiting')).toMatchObject({
      status: 'missed',
      measured: '0.89 × (800 req/s vs 900 req/s)',
    });
  });

  it('marks a miss: the pool slower even than naive without pipelining', () => {
    const sections = sampleSectionRows.map((row): DrillRow =>
      row.kind === 'unpipelined' ? { ...row, figures: { ...row.figures, requestsPerSecond: 7900 } } : row,
    );
    expect(byTarget(checkTargets([...sampleRows, ...sections], 8), 'DB_PIPELINING=off')).toMatchObject({
      status: 'missed',
      measured: '0.99 × (7,800 req/s vs 7,900 req/s)',
    });
  });

  it('marks a miss: instrumentation above 10 %, and a composed app that ranks the strategies otherwise', () => {
    const sections = sampleSectionRows.map((row): DrillRow => {
      if (row.kind === 'instrumentation' && row.instrumented)
        return { ...row, figures: { ...row.figures, requestsPerSecond: 7100 } };
      if (row.kind === 'composed' && row.strategy === 'pool' && !row.chaos)
        return { ...row, figures: { ...row.figures, requestsPerSecond: 4800 } };
      return row;
    });
    const checks = checkTargets([...sampleRows, ...sections], 8);
    expect(byTarget(checks, 'instrumentation')).toMatchObject({
      status: 'missed',
      measured: expect.stringMatching(/^11\.3 %/),
    });
    expect(byTarget(checks, 'composed').status).toBe('missed');
  });

  it('says "not measured" for targets whose rows a partial run did not make', () => {
    const poolOnly = sampleRows.filter(
      (row) => row.kind === 'ceiling' || (row.kind === 'strategy' && row.strategy === 'pool'),
    );
    const checks = checkTargets(poolOnly, 8);
    expect(byTarget(checks, '≥ naive, no chaos')).toEqual({
      target: 'pool (POOL_SIZE=8) ≥ naive, no chaos',
      measured: 'not in this run',
      status: 'not measured',
    });
    expect(byTarget(checks, 'on the server')).toEqual({
      target: 'pool (POOL_SIZE=8) ≥ naive, each query waiting N ms on the server',
      measured: 'not in this run',
      status: 'not measured',
    });
    expect(byTarget(checks, 'DB_PIPELINING=off').status).toBe('not measured');
    expect(byTarget(checks, 'instrumentation').status).toBe('not measured');
    expect(byTarget(checks, 'composed').status).toBe('not measured');
    expect(byTarget(checks, 'pool ≥ 0.8').status).toBe('met');
  });
});

it('targetsTable marks each target met, MISSED or not measured', () => {
  const table = targetsTable([
    { target: 'a', measured: '1', status: 'met' },
    { target: 'b', measured: '2', status: 'missed' },
    { target: 'c', measured: '3', status: 'not measured' },
  ]);
  expect(
    table
      .split('\n')
      .slice(2)
      .map((line) => line.split('|')[3].trim()),
  ).toEqual(['met', 'MISSED', 'not measured']);
});
