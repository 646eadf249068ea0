import { sampleRows, withRow } from './fixtures/sampleRun';
import type { DrillRow } from './figures';
import { checkTargets, PROTOTYPE_RATIO, targetsTable, type TargetCheck } from './targets';

const byTarget = (checks: TargetCheck[], fragment: string) => {
  const found = checks.filter((check) => check.target.includes(fragment));
  if (found.length !== 1) throw new Error(`${found.length} targets match ${fragment}`);
  return found[0];
};

describe('checkTargets', () => {
  it('checks the nine targets of the issue', () => {
    const checks = checkTargets(sampleRows);
    expect(checks.map((check) => check.target)).toEqual([
      'pool ≥ 0.35 × HTTP ceiling',
      'pool ≥ 4 × per-request',
      'per-request under chaos ≥ 0.9 × its own throughput without',
      'per-request under chaos fails 0 requests',
      'pool under chaos ≥ 0.9 × its own throughput without',
      'pool under chaos fails 0 requests',
      "naive under chaos fails (the lesson's broken strategy)",
      'app RSS ≤ 150 MB at the end',
      "per-request ÷ HTTP ceiling ≥ 0.9 × the bare prototype's 0.062 (1,000 of 16,200 req/s)",
    ]);
    expect(checks.every((check) => check.status === 'met')).toBe(true);
  });

  it('says what it measured', () => {
    const checks = checkTargets(sampleRows);
    expect(byTarget(checks, '0.35 × HTTP').measured).toBe('0.45 × (4,500 req/s of 10,000 req/s)');
    expect(byTarget(checks, '4 × per-request').measured).toBe('4.50 × (4,500 req/s vs 1,000 req/s)');
    expect(byTarget(checks, 'pool under chaos fails').measured).toBe('0 failed, 424 retried, 432 kills');
    expect(byTarget(checks, 'naive under chaos').measured).toBe('47,867 of 47,872 requests failed, after 1 kill');
    expect(byTarget(checks, 'RSS').measured).toBe('naive 140 MB, per-request 134 MB, pool 106 MB');
    expect(byTarget(checks, 'prototype').measured).toBe('0.10 (+62% vs the prototype)');
  });

  it.each<[string, DrillRow[], string]>([
    [
      'pool below 0.35 × the HTTP ceiling',
      withRow('pool', false, { figures: { ...sampleRows[6].figures, requestsPerSecond: 3400 } }),
      '0.35 × HTTP',
    ],
    [
      'pool below 4 × per-request',
      withRow('per-request', false, { figures: { ...sampleRows[4].figures, requestsPerSecond: 1200 } }),
      '4 × per-request',
    ],
    [
      'pool losing more than 10% under chaos',
      withRow('pool', true, { figures: { ...sampleRows[7].figures, requestsPerSecond: 4000 } }),
      'pool under chaos ≥',
    ],
    [
      'one failed request of per-request under chaos',
      withRow('per-request', true, { figures: { ...sampleRows[5].figures, failed: 1 } }),
      'per-request under chaos fails',
    ],
    [
      'naive surviving the chaos',
      withRow('naive', true, { figures: { ...sampleRows[3].figures, failed: 0 } }),
      'naive under chaos',
    ],
    ['one app above 150 MB', withRow('pool', true, { rssBytes: 151 * 1024 * 1024 }), 'RSS'],
    [
      'per-request more than 10% below the prototype',
      withRow('per-request', false, {
        figures: { ...sampleRows[4].figures, requestsPerSecond: 10_000 * PROTOTYPE_RATIO * 0.89 },
      }),
      'prototype',
    ],
  ])('marks a miss: %s', (_, rows, fragment) => {
    expect(byTarget(checkTargets(rows), fragment).status).toBe('missed');
  });

  it('says "not measured" for targets whose rows a partial run did not make', () => {
    const poolOnly = sampleRows.filter((row) => row.kind === 'ceiling' || row.strategy === 'pool');
    const checks = checkTargets(poolOnly);
    expect(byTarget(checks, '4 × per-request')).toEqual({
      target: 'pool ≥ 4 × per-request',
      measured: 'not in this run',
      status: 'not measured',
    });
    expect(byTarget(checks, '0.35 × HTTP').status).toBe('met');
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
