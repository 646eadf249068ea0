import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './labEnv';

/**
 * What a short drill's report must say, checked against its own figures, never how fast anything was.
 * The run's one drill is the walkthrough's `make drill` (test/e2e/readme.test.ts), run with the
 * options DRILL_CHECKED_RUN gives it: two seconds per phase, low concurrency, and its two
 * optional phases (the connection storm, pipelining off) turned on.
 */
export const DRILL_CHECKED_RUN = {
  // Not 1: naive's one connection sleeps only between its queries, and in a 1 s phase under load the
  // kill-idle rounds (every 200 ms) did not always catch it asleep: "naive under chaos fails" missed.
  DURATION: '2',
  CONCURRENCY: '4',
  DRILL_WARMUP: '0.5',
  // The apps' own POOL_SIZE is one of the sweep's: its rows are the pool app's, not measured again.
  POOL_SIZE: '8',
  DRILL_SWEEP: '1,8',
  DRILL_FAULT_SECONDS: '4',
  DRILL_STORM: '200',
  DRILL_PIPELINING: 'on',
  // Deadlines shorter than the 4 s faults, so that they run out during them (and not so short that
  // a busy machine's slow query trips them outside the faults: naive would lose its one connection).
  REQUEST_TIMEOUT_MS: '3000',
  DB_QUERY_TIMEOUT_MS: '2500',
};

/** The drill program itself (dist/drill/src/main.js, compiled by the e2e setup), to render a report again. */
function drill(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/drill/src/main.js'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first Markdown table after a heading, as objects keyed by the header cells. */
function tableAfter(markdown: string, heading: string): Record<string, string>[] {
  expect(markdown).toContain(heading);
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const rows: string[] = [];
  for (const line of lines.slice(lines.findIndex((l) => l.startsWith('|')))) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  const split = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const header = split(rows[0]);
  return rows.slice(2).map((line) => Object.fromEntries(split(line).map((cell, i) => [header[i], cell])));
}

const number = (cell: string) => Number(cell.replace(/,/g, ''));

/** The relative error of a ratio of figures the report rounded to whole numbers (each ± 0.5). */
const rounding = (...counts: number[]) => counts.reduce((sum, n) => sum + 0.5 / n, 0);

/** A ratio as the report prints it (2 or 3 digits) against the one computed from the rounded figures it is made of. */
function expectRatio(what: string, printed: string, computed: number, relativeError: number) {
  expect({ what, printed }).toEqual({ what, printed: expect.stringMatching(/^\d+(\.\d+)?$/) });
  const digits = computed < 0.1 ? 0.0005 : computed < 10 ? 0.005 : 0.05;
  const agrees = Math.abs(Number(printed) - computed) <= digits + (computed > 0 ? computed * relativeError : 0);
  expect({ what, printed, computed, agrees }).toEqual({ what, printed, computed, agrees: true });
}

/** The verdict a figure gives against a threshold; within `margin` of it, the printed rounding may tip either way. */
function verdictOf(value: number, threshold: number, margin: number): 'met' | 'MISSED' | 'either' {
  if (Math.abs(value - threshold) < margin) return 'either';
  return value >= threshold ? 'met' : 'MISSED';
}

/**
 * The checks, as a describe block of the calling test file. `ran` gives the output of the drill's
 * command (stdout and stderr together) and the folder it wrote to, once it has run.
 */
export function describeDrillReport(ran: () => { output: string; outDir: string } | undefined): void {
  let outDir: string;
  let output: string;
  let report: string;
  let json: Record<string, unknown>;

  describe('the drill (npm run drill), in a short run', () => {
    beforeAll(async () => {
      const run = ran();
      if (!run) throw new Error("the walkthrough's `make drill` did not run to its end: see its section's failure");
      ({ outDir, output } = run);
      report = await readFile(join(outDir, 'latest.md'), 'utf8');
      json = JSON.parse(await readFile(join(outDir, 'latest.json'), 'utf8'));
    });

    it('finishes, prints its tables and the paths of the JSON, the report and the charts', () => {
      for (const [label, file] of [
        ['Results:', 'latest.json'],
        ['Report: ', 'latest.md'],
        ['Chart:  ', 'latest.svg'],
        ['Sweep:  ', 'pool-sizing.svg'],
      ])
        expect(output).toContain(`${label} ${join(outDir, file)}`);
      expect(output).toMatch(/\[1\/\d+\] /); // progress, one line per phase
      for (const table of [/^\| Run +\| Chaos +\|/m, /^\| POOL_SIZE +\|/m, /^\| Run +\| Fault +\|/m, /^\| Target +\|/m])
        expect(output).toMatch(table);
    });

    it('renders the same report again from latest.json alone (--render), measuring nothing', async () => {
      const again = await drill(['--render', '--out', outDir]);
      expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
      expect(await readFile(join(outDir, 'latest.md'), 'utf8')).toBe(report);
      const nothing = await drill(['--render', '--out', join(outDir, 'no-run-here')]);
      expect(nothing).toMatchObject({ code: 1, stderr: expect.stringContaining('make drill measures and writes it') });
    });

    it("reports the HTTP ceiling, each strategy's DB pattern, every strategy without and with chaos, and the storm, the ratios agreeing with the figures", () => {
      const rows = tableAfter(report, '## Results');
      expect(rows.map((row) => `${row.Run} | ${row.Chaos}`)).toEqual([
        'HTTP ceiling: GET /livez (no database) | —',
        'DB pattern of naive: one shared connection (no HTTP) | —',
        'DB pattern of per-request: connect, query, close (no HTTP) | —',
        'DB pattern of pool: check out, query, release (no HTTP) | —',
        'naive | none',
        'naive | kill-idle every 200 ms',
        'per-request | none',
        'per-request | kill-idle every 200 ms',
        'pool | none',
        'pool | kill-idle every 200 ms',
        'naive, 200 clients | none',
        'per-request, 200 clients | none',
        'pool, 200 clients | none',
      ]);
      // The table is the JSON's: the HTTP ceiling's req/s as latest.json holds it.
      const ceiling = (json.httpCeiling as { requestsPerSecond: number }).requestsPerSecond;
      expect(number(rows[0]['req/s'])).toBe(Math.round(ceiling));
      const storm = (row: Record<string, string>) => / clients$/.test(row.Run);
      const naiveUnderChaos = (row: Record<string, string>) => row.Run === 'naive' && row.Chaos !== 'none';
      const label = (row: Record<string, string>) =>
        `${row.Run} | ${row.Chaos} | ${row['req/s']} req/s, ${row.failed} failed`;
      // Every phase answered, but for naive under chaos and a storm (200 clients may all get a fast 503 from a starved app).
      expect(rows.filter((r) => !naiveUnderChaos(r) && !storm(r) && !(number(r['req/s']) > 0)).map(label)).toEqual([]);
      // No failure where the lesson says none: the ceilings, every strategy without chaos, per-request and the pool under kill-idle.
      expect(rows.filter((r) => !naiveUnderChaos(r) && !storm(r) && r.failed !== '0').map(label)).toEqual([]);
      const rps = (run: string) => number(rows.find((row) => row.Run.startsWith(run))!['req/s']);
      const http = rps('HTTP ceiling');
      expect(rows[0]['÷ HTTP ceiling']).toBe('1.00');
      // A row that printed 0 req/s (a storm answered with fast 503s on a starved machine) has a ratio
      // below its rounding: nothing to check it against.
      for (const row of rows.slice(4).filter((r) => !naiveUnderChaos(r) && number(r['req/s']) > 0)) {
        const [value, pattern] = [number(row['req/s']), rps(`DB pattern of ${row.Run.replace(/, 200 clients$/, '')}:`)];
        const what = `${row.Run} | ${row.Chaos}`;
        expectRatio(`${what} ÷ HTTP ceiling`, row['÷ HTTP ceiling'], value / http, rounding(value, http));
        expectRatio(`${what} ÷ its DB pattern`, row['÷ its DB pattern'], value / pattern, rounding(value, pattern));
        expectRatio(
          `${what} ÷ combined limit`,
          row['÷ combined limit'],
          value * (1 / http + 1 / pattern),
          rounding(value, Math.min(http, pattern)),
        );
      }
    });

    it('under kill-idle chaos, per-request and pool fail no request while naive fails', () => {
      const rows = tableAfter(report, '## Results');
      const underChaos = (strategy: string) => rows.find((row) => row.Run === strategy && row.Chaos !== 'none')!;
      expect(number(underChaos('per-request').failed)).toBe(0);
      expect(number(underChaos('pool').failed)).toBe(0);
      expect(number(underChaos('naive').failed)).toBeGreaterThan(0);
      expect(number(underChaos('naive').kills)).toBeGreaterThan(0);
    });

    it('in the connection storm, the server never refused per-request: it waits for one of its DB_MAX_CONNECTIONS', () => {
      const line = /^- per-request, 200 clients: (.*)$/m.exec(report)?.[1] ?? '';
      expect(line).not.toMatch(/too-many-connections/);
    });

    it('measures each strategy with queries that wait 1 ms on the server, against what its connections allow', () => {
      const rows = tableAfter(report, '## When each query waits 1 ms on the server');
      expect(rows.map((row) => [row.Strategy, row.connections, row['most they allow, req/s']])).toEqual([
        ['naive', '1', '1,000'],
        ['per-request', '4', '4,000'], // no more statements at once than the 4 clients
        ['pool', '4', '4,000'],
      ]);
      for (const row of rows) {
        expect(number(row['req/s'])).toBeGreaterThan(0);
        expect(number(row['req/s'])).toBeLessThanOrEqual(number(row['most they allow, req/s']) * 1.05);
        expect(number(row.failed)).toBe(0);
      }
    });

    it("measures naive's DB pattern once more with the connector's pipelining off", () => {
      const rows = tableAfter(
        report,
        "## Is it the pipelining? naive's DB pattern with the connector's pipelining off",
      );
      expect(rows.map((row) => row['DB pattern (no HTTP)'])).toEqual([
        'naive, pipelining on (the default)',
        'naive, pipelining off',
        'pool of 8',
      ]);
      for (const row of rows) expect(number(row['req/s'])).toBeGreaterThan(0);
    });

    it('sweeps POOL_SIZE as asked, with a suggested size for each load, and draws it', async () => {
      const sweep = tableAfter(report, '## Pool sizing');
      expect(sweep.map((row) => row.POOL_SIZE)).toEqual(['1', '8']);
      // 8 is the run's POOL_SIZE: the pool app's row of the results, not measured twice.
      const pool = tableAfter(report, '## Results').find((row) => row.Run === 'pool' && row.Chaos === 'none');
      expect(sweep[1]['req/s']).toBe(pool?.['req/s']);
      for (const row of sweep) {
        expect(number(row['req/s'])).toBeGreaterThan(0);
        expect(number(row['req/s, 1 ms waits'])).toBeGreaterThan(0);
        expect(row['p99 ms']).toMatch(/^(<1|[\d,]+)$/);
      }
      // The suggestion is the smallest size within 0.95 × the best of its column.
      const suggest = (column: string) => {
        const best = Math.max(...sweep.map((row) => number(row[column])));
        return sweep.find((row) => number(row[column]) >= 0.95 * best)!.POOL_SIZE;
      };
      const line = /\*\*POOL_SIZE=(\d+)\*\*; with 1 ms waits on the server: \*\*POOL_SIZE=(\d+)\*\*/.exec(report);
      expect(line?.slice(1)).toEqual([suggest('req/s'), suggest('req/s, 1 ms waits')]);
      const svg = await readFile(join(outDir, 'pool-sizing.svg'), 'utf8');
      expect(svg.match(/<rect [^>]*><title>POOL_SIZE=/g)).toHaveLength(4); // 2 sizes × 2 loads
    });

    it('runs partition and freeze for every strategy: per-request and pool answer every request in time, and serve again', () => {
      const rows = tableAfter(report, '## When the database stops answering');
      expect(rows.map((row) => `${row.Run} | ${row.Fault}`)).toEqual(
        ['naive', 'per-request', 'pool'].flatMap((strategy) => [
          `${strategy} | partition 4 s`,
          `${strategy} | freeze 4 s`,
        ]),
      );
      for (const row of rows.filter((r) => r.Run !== 'naive')) {
        const what = `${row.Run} ${row.Fault}`;
        expect({ what, inTime: row['answered in time'] }).toEqual({
          what,
          inTime: `${row['requests during it']} of ${row['requests during it']}`,
        });
        expect(number(row['requests during it'])).toBeGreaterThan(0);
        expect(number(row['max ms'])).toBeLessThanOrEqual(3000 + 1000);
        expect(row['first success after']).toMatch(/^[\d,]+ ms$/);
      }
    });

    it('marks each target met or missed as its own figures say, and counts them in the heading', async () => {
      const targets = tableAfter(report, '## Targets');
      expect(targets).toHaveLength(12);
      for (const { Target: target, Measured: measured, Result: result } of targets) {
        const figures = (pattern: RegExp) => {
          const match = pattern.exec(measured);
          if (!match) throw new Error(`${target}: unexpected "Measured" cell ${JSON.stringify(measured)}`);
          return match.slice(1).map(number);
        };
        let expected: ReturnType<typeof verdictOf>;
        if (/^(naive|per-request|pool)( under chaos)? ≥ 0\.8 × its combined limit$/.test(target)) {
          const [value, rps, limit] = figures(/^([\d.]+) × \(([\d,]+) req\/s of ([\d,]+) req\/s\)$/);
          expectRatio(target, String(value), rps / limit, rounding(rps, limit));
          expected = verdictOf(value, 0.8, 0.006);
        } else if (/≥ naive|≥ naive's/.test(target)) {
          const [value, a, b] = figures(/^([\d.]+) × \(([\d,]+) req\/s vs ([\d,]+) req\/s\)$/);
          expectRatio(target, String(value), a / b, rounding(a, b));
          expected = verdictOf(value, 1, 0.006);
        } else if (/ under chaos fails 0 requests$/.test(target)) {
          expected = figures(/^([\d,]+) failed, [\d,]+ retried, [\d,]+ kills$/)[0] === 0 ? 'met' : 'MISSED';
        } else if (target === "naive under chaos fails (the lesson's broken strategy)") {
          const [failed, total] = figures(/^([\d,]+) of ([\d,]+) failed, [\d,]+ kills$/);
          expect(failed).toBeLessThanOrEqual(total);
          expected = failed > 0 ? 'met' : 'MISSED';
        } else if (/while the database is silent/.test(target)) {
          const cells = measured
            .split(', ')
            .map((cell) => /^(per-request|pool) (partition|freeze) (\d+) of (\d+)( never again)?$/.exec(cell));
          expect(cells).toHaveLength(4);
          expected = cells.every((cell) => cell && cell[3] === cell[4] && !cell[5]) ? 'met' : 'MISSED';
        } else {
          throw new Error(`a target this test does not know: ${target}`);
        }
        if (expected !== 'either') expect({ target, measured, result }).toEqual({ target, measured, result: expected });
        else expect(['met', 'MISSED']).toContain(result);
      }
      // Met in the short run as in a full one, however busy the machine: what kill-idle does to each strategy, the lesson.
      const resultOf = (start: string) => targets.find((t) => t.Target.startsWith(start))!.Result;
      expect([
        resultOf('per-request under chaos fails 0'),
        resultOf('pool under chaos fails 0'),
        resultOf('naive under chaos fails'),
      ]).toEqual(['met', 'met', 'met']);
      const met = targets.filter((t) => t.Result === 'met').length;
      const missed = targets.filter((t) => t.Result === 'MISSED').length;
      expect(report).toContain(`## Targets (${met} of 12 met${missed ? `, ${missed} missed` : ''})`);
    });

    it('names the machine, its load, the database and the Node that ran it, and draws each strategy', async () => {
      expect(report).toMatch(
        /- Load average \(1, 5, 15 min\): [\d.]+ [\d.]+ [\d.]+ at the start, [\d.]+ [\d.]+ [\d.]+ at the end/,
      );
      const machine = /^- Machine: .+, \d+ cores, [\d.]+ GiB memory; Node (v\d+\.\d+\.\d+)$/m.exec(report);
      expect(machine?.[1]).toBe(process.version);
      expect(report).toMatch(/- Database: (MySQL|MariaDB) \d+\.\d+\.\d+ \(.+\) at 127\.0\.0\.1:\d+/);
      const svg = await readFile(join(outDir, 'latest.svg'), 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(9); // 3 strategies × (calm, chaos, combined limit)
    });
  });
}
