import { sampleRun } from './fixtures/sampleRun';
import { databaseBoundNote, reportMarkdown } from './report';
import { resultsTable } from './table';
import { checkTargets, targetsTable } from './targets';

describe('reportMarkdown', () => {
  const checks = checkTargets(sampleRun.rows);
  const md = reportMarkdown(sampleRun, checks, 'latest.svg');

  it('says when, on what machine, against which database and with which load and chaos it ran', () => {
    for (const fact of [
      '2025-11-25 06:36 UTC',
      'AMD EPYC, 2 cores, 24.0 GiB memory; Node v20.20.2',
      '10.11.19-MariaDB-0+deb12u1 at 127.0.0.1:3308',
      'concurrency 32, 10 s per phase',
      'every 200 ms, KILL every sleeping connection of `simplerr`',
      'App settings: POOL_SIZE=8',
      "Note: Debian's MariaDB 10.11 on the host",
    ]) {
      expect(md).toContain(fact);
    }
  });

  it('holds the results table, the targets with their count, and the chart', () => {
    expect(md).toContain(resultsTable(sampleRun.rows, 200));
    expect(md).toContain('## Targets (9 of 9 met)');
    expect(md).toContain(targetsTable(checks));
    expect(md).toContain('](latest.svg)');
  });
});

describe('databaseBoundNote', () => {
  const withDbCeiling = (rps: number) =>
    sampleRun.rows.map((row) =>
      row.kind === 'ceiling' && row.ceiling === 'db'
        ? { ...row, figures: { ...row.figures, requestsPerSecond: rps } }
        : row,
    );

  it('says nothing when the database ceiling is above the HTTP ceiling', () => {
    expect(databaseBoundNote(sampleRun.rows)).toEqual([]);
  });

  it('says the database path bounds every strategy when its ceiling is below the HTTP one', () => {
    const note = databaseBoundNote(withDbCeiling(1234));
    expect(note.join(' ')).toMatch(/database ceiling \(1,234 req\/s\) is below the HTTP ceiling \([\d,]+ req\/s\)/);
    expect(reportMarkdown({ ...sampleRun, rows: withDbCeiling(1234) }, [], 'latest.svg')).toContain(note.join('\n'));
  });
});
