import type { DrillRow } from './figures';
import { sampleRows, sampleSectionRows } from './fixtures/sampleRun';
import { tableCells } from './fixtures/tableCells';
import { PIPELINING_COLUMNS, pipeliningSection } from './pipelining';

const rows = [...sampleRows, ...sampleSectionRows];

describe('pipeliningSection', () => {
  it('puts naive with and without pipelining beside the pool: req/s, ÷ naive, reads and CPU per answer', () => {
    const section = pipeliningSection(rows, 8);
    expect(section[0]).toBe("## Is it the pipelining? naive with the connector's pipelining off");
    expect(tableCells(section, /^(Run|naive|pool)/)).toEqual([
      [...PIPELINING_COLUMNS],
      ['naive (DB_PIPELINING=on, the default)', '7,600', '1.00', '—', '—', '2', '8', '0'],
      ['naive, DB_PIPELINING=off', '3,100', '0.41', '2.02', '430', '9', '36', '0'],
      ['pool (POOL_SIZE=8)', '7,800', '1.03', '—', '—', '4', '16', '0'],
    ]);
  });

  it('says pipelining is the difference only when the pool beats naive without it, and not naive with it', () => {
    const text = (at: DrillRow[]) => pipeliningSection(at, 8).join('\n');
    const poolAt = (rps: number): DrillRow[] =>
      rows.map((row) =>
        row.kind === 'strategy' && row.strategy === 'pool' && !row.chaos
          ? { ...row, figures: { ...row.figures, requestsPerSecond: rps } }
          : row,
      );
    const explained = text(poolAt(4400));
    expect(explained).toContain('Without pipelining naive answered 0.41 × as often as with it;');
    expect(explained).toContain('the pool answered 1.42 × as often as naive without pipelining.');
    expect(explained).toContain("So the pool's gap to naive is the pipelining");
    expect(text(poolAt(3000))).toContain('The pool is slower even than naive without pipelining');
    expect(text(poolAt(7800))).toContain('The pool is not slower than naive here');
    for (const rps of [3000, 7800]) expect(text(poolAt(rps))).not.toContain("So the pool's gap");
  });

  it('gives the reads per answer of both naive runs when both were counted', () => {
    const naiveCpu = { app: 120, db: 54, proxy: 64, drill: 33, appReads: 1.2 };
    const withNaiveCpu = rows.map((row): DrillRow =>
      row.kind === 'strategy' && row.strategy === 'naive' && !row.chaos
        ? { ...row, figures: { ...row.figures, cpu: naiveCpu } }
        : row,
    );
    expect(pipeliningSection(withNaiveCpu, 8).join('\n')).toContain(
      'as often as with it, with 2.02 app reads per answer instead of 1.20;',
    );
  });

  it('is left out of a run without naive without pipelining, or without naive or the pool', () => {
    expect(pipeliningSection(sampleRows, 8)).toEqual([]);
    expect(
      pipeliningSection(
        rows.filter((row) => row.kind !== 'strategy' || row.strategy !== 'pool'),
        8,
      ),
    ).toEqual([]);
  });
});
