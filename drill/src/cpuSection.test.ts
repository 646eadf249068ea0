import { cpuAgainstParts, cpuOfParts, cpuSection, cpuTotal, partsByProcess, poolVersusNaive } from './cpuSection';
import type { CpuUse, DrillRow } from './figures';
import { sampleRows } from './fixtures/sampleRun';

const cpu = (app: number | null, db: number, proxy: number, drill: number, appReads: number | null): CpuUse => ({
  app,
  db,
  proxy,
  drill,
  appReads,
});

/** The sample run with CPU figures: naive's answers cheaper than the pool's, as pipelining makes them. */
function withCpu(poolRps: number): DrillRow[] {
  const cpuOf: Record<string, CpuUse> = {
    'ceiling http': cpu(60, 0, 0, 30, 1),
    'ceiling naive': cpu(null, 40, 40, 30, null),
    'ceiling per-request': cpu(null, 260, 430, 440, null),
    'ceiling pool': cpu(null, 60, 55, 50, null),
    naive: cpu(120, 54, 64, 33, 1.17),
    'per-request': cpu(890, 343, 615, 90, 4.03),
    pool: cpu(183, 90, 93, 54, 2.01),
  };
  return sampleRows.map((row) => {
    if (row.kind === 'ceiling') return { ...row, figures: { ...row.figures, cpu: cpuOf[`ceiling ${row.ceiling}`] } };
    if (row.kind !== 'strategy' || row.chaos) return row;
    const rps = row.strategy === 'pool' ? poolRps : row.figures.requestsPerSecond;
    return { ...row, figures: { ...row.figures, requestsPerSecond: rps, cpu: cpuOf[row.strategy] } };
  });
}

describe('the CPU per answer', () => {
  it('adds every process that was measured', () => {
    expect(cpuTotal(cpu(120, 54, 64, 33, 1.17))).toBe(271);
    expect(cpuTotal(cpu(null, 40, 40, 30, null))).toBe(110);
  });

  it("of a strategy's parts: an HTTP answer plus a query of its DB pattern", () => {
    expect(cpuOfParts(withCpu(3900), 'pool')).toBe(90 + 165);
    expect(cpuOfParts(sampleRows, 'pool')).toBeUndefined(); // no CPU measured
  });
});

describe('cpuAgainstParts', () => {
  it("compares each process with its parts alone: the app with an HTTP answer plus the pattern's client", () => {
    expect(cpuAgainstParts(cpu(183, 90, 93, 54, 2.01), partsByProcess(withCpu(3900), 'pool')!)).toBe(
      '420 µs against 255 for its parts alone: app 183 against 110, database server 90 against 60, ' +
        'docker-proxy 93 against 55, load generator 54 against 30',
    );
  });
});

describe('cpuSection', () => {
  it('has a row per ceiling and per strategy without chaos, each with its parts and reads per answer', () => {
    const text = cpuSection(withCpu(3900), 2).join('\n');
    expect(text).toContain('## Where the CPU went: µs of CPU per successful answer');
    expect(text).toMatch(
      /\| HTTP ceiling: GET \/livez \(no database\) +\| +10,000 \| +60 \| +0 \| +0 \| +30 \| +90 \| +— \|/,
    );
    expect(text).toMatch(/\| DB pattern of naive: one shared connection \(no HTTP\) +\| +30,000 \| +— \| +40 \|/);
    expect(text).toMatch(/\| pool +\| +3,900 \| +183 \| +90 \| +93 \| +54 \| +420 \| +255 \| +1\.65 \| +2\.01 \|/);
    expect(text.match(/^\| (naive|per-request|pool) /gm)).toHaveLength(3); // no chaos rows
    expect(text).toContain('2 cores\ngive 2,000,000 µs of CPU per second');
  });

  it('is left out of a run without CPU figures', () => {
    expect(cpuSection(sampleRows, 2)).toEqual([]);
  });
});

describe('poolVersusNaive', () => {
  it('when the pool is slower: both costs per answer and the reads per answer that show the pipelining', () => {
    const text = poolVersusNaive(withCpu(3900)).join('\n');
    expect(text).toContain('The pool answers 0.51 × as often as naive');
    expect(text).toContain('pool 420 µs (app 183, database 90, docker-proxy 93) against naive 271 µs');
    expect(text).toContain('2.01 reads per answer with the pool and 1.17 with naive');
  });

  it('says nothing when the pool keeps up', () => {
    expect(poolVersusNaive(withCpu(7600))).toEqual([]);
  });
});
