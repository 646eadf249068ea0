import { sampleRun, sampleSectionRows, withRow } from './fixtures/sampleRun';
import { limitsNote } from './limitsNote';
import { reportMarkdown } from './report';
import { sweepTable } from './sweep';
import { resultsTable } from './table';
import { checkTargets, targetsTable } from './targets';

const files = { chart: 'latest.svg', sweepChart: 'pool-sizing.svg' };

describe('reportMarkdown', () => {
  const checks = checkTargets(sampleRun.rows, 8);
  const md = reportMarkdown(sampleRun, checks, { files });

  it('says when, on what machine, how loaded, against which database and with which load and chaos it ran', () => {
    for (const fact of [
      '2025-11-25 06:36 UTC',
      'AMD EPYC, 2 cores, 24.0 GiB memory; Node v20.20.2',
      'Load average (1, 5, 15 min): 0.42 0.80 1.10 at the start, 1.90 1.20 1.15 at the end',
      '10.11.19-MariaDB-0+deb12u1 at 127.0.0.1:3308',
      'concurrency 32, 10 s per phase',
      'every 200 ms, KILL every sleeping connection of `simplerr`',
      'App settings: POOL_SIZE=8',
      "Note: Debian's MariaDB 10.11 on the host",
    ]) {
      expect(md).toContain(fact);
    }
  });

  it('holds the results table, the targets with their count, and the chart; no section that was not measured', () => {
    expect(md).toContain(resultsTable(sampleRun.rows, 200));
    expect(md).toContain('## Targets (10 of 14 met, 4 not measured)');
    expect(md).toContain(targetsTable(checks));
    expect(md).toContain('](latest.svg)');
    expect(md).not.toMatch(
      /## Pool sizing|## The composed app|## The lab's own instrumentation|## When each query waits|## Is it the pipelining/,
    );
  });

  it('adds the CPU profiles, naive without pipelining, the waiting queries, the instrumentation, the sweep with its chart and suggested sizes, and the composed app when measured', () => {
    const run = { ...sampleRun, rows: [...sampleRun.rows, ...sampleSectionRows] };
    const full = reportMarkdown(run, checkTargets(run.rows, 8), { files, composedUrl: 'http://localhost:8080' });
    expect(full).toContain("## Where the app's time went: CPU profiles (node --cpu-prof)");
    expect(full).toContain("## Is it the pipelining? naive with the connector's pipelining off");
    expect(full).toContain('## When each query waits 1 ms on the server: GET /lab/slow-person?ms=1');
    expect(full).toContain(
      'Without the wait the pool answered 1.03 × as often as naive; with 1 ms waits,\n5.78 × (5,200 against 900 req/s).',
    );
    expect(full).toContain("## The lab's own instrumentation: pool, INSTRUMENTATION=off, on, on, off");
    expect(full).toContain('cost 5.0 % of the throughput');
    expect(full).toContain('## Pool sizing: POOL_SIZE 2, 8, 32 at concurrency 32');
    expect(full).toContain(sweepTable(run.rows));
    expect(full).toContain('**POOL_SIZE=8**; with 1 ms waits on the server: **POOL_SIZE=8**.');
    expect(full).toContain('](pool-sizing.svg)');
    expect(full).toContain("## The composed app: the lab's app container (http://localhost:8080)");
    expect(full).toContain('host pool > naive > per-request; composed pool > naive > per-request');
  });
});

it('says what the app answered when per-request or the pool failed under chaos, and nothing when neither did', () => {
  expect(reportMarkdown(sampleRun, [], { files })).not.toContain('Failed under chaos');
  const rows = withRow('pool', true, {
    figures: { ...sampleRun.rows[9].figures, failed: 31 },
    failedBy: { 'pool-exhausted': 30, 'no answer or another error': 1 },
  });
  expect(reportMarkdown({ ...sampleRun, rows }, [], { files })).toContain(
    'Failed under chaos:\n- pool: 31 failed (what the app answered over the phase: 30 × 503 pool-exhausted, 1 × no answer or another error)\n',
  );
});

describe('limitsNote', () => {
  it('says nothing when every strategy reached 0.8 × its limit', () => {
    expect(limitsNote(sampleRun.rows)).toEqual([]);
  });

  it('names a row below it, with its latency beside its DB pattern and the HTTP ceiling', () => {
    const rows = withRow('pool', true, { figures: { ...sampleRun.rows[9].figures, requestsPerSecond: 4000 } });
    expect(limitsNote(rows)).toEqual([
      'Below 0.8 × the combined limit, with what each part took alone:',
      '',
      '- pool under chaos: 4,000 req/s at p50 4 ms, 0.50 × its limit of 8,000; its DB pattern alone: 40,000 req/s ' +
        'at p50 <1 ms; the HTTP ceiling 10,000 req/s at p50 <1 ms.',
      '',
    ]);
  });
});
