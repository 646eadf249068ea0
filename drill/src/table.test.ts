import { sampleRows, sampleStormRows } from './fixtures/sampleRun';
import { COLUMNS, markdownTable, resultsTable } from './table';

/** The cells of a Markdown table, header first, rule skipped. */
const cellsOf = (table: string) =>
  table
    .split('\n')
    .filter((line, i) => i !== 1)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe('resultsTable', () => {
  const table = resultsTable(sampleRows, 200);
  const [header, ...body] = cellsOf(table);

  it('has the columns in order, then both ceilings, then each strategy without and with chaos', () => {
    expect(header).toEqual([...COLUMNS]);
    expect(body.map((row) => `${row[0]} / ${row[1]}`)).toEqual([
      'HTTP ceiling: GET /livez (no database) / —',
      'DB ceiling: the SELECT via the connector (no HTTP) / —',
      'naive / none',
      'naive / kill-idle every 200 ms',
      'per-request / none',
      'per-request / kill-idle every 200 ms',
      'pool / none',
      'pool / kill-idle every 200 ms',
    ]);
  });

  it('shows each throughput as a ratio of both ceilings', () => {
    const pool = body.find((row) => row[0] === 'pool' && row[1] === 'none')!;
    expect(pool.slice(2, 5)).toEqual(['4,500', '0.45', '0.28']);
    const perRequest = body.find((row) => row[0] === 'per-request' && row[1] === 'none')!;
    expect(perRequest.slice(3, 5)).toEqual(['0.10', '0.063']);
  });

  it('writes latencies in whole ms, failures, retries, kills and memory, with — where they do not apply', () => {
    expect(body[0].slice(5)).toEqual(['<1', '1', '4', '0', '—', '—', '90']);
    expect(body[3].slice(5)).toEqual(['5', '20', '50', '47,867', '0', '1', '140']);
    expect(body[1][11]).toBe('—');
  });

  it('pads every line to the same width, numbers right-aligned', () => {
    const lines = table.split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^\|:-+\|:-+\|-+:\|/);
  });
});

describe('resultsTable with a connection storm', () => {
  const [, ...body] = cellsOf(resultsTable([...sampleRows, ...sampleStormRows], 200));
  it('adds one row per strategy after the others, named by its clients, with no chaos, retries or kills', () => {
    expect(body.slice(8).map((row) => [row[0], row[1], row[9], row[10]])).toEqual([
      ['naive, 200 clients', 'none', '—', '—'],
      ['per-request, 200 clients', 'none', '—', '—'],
      ['pool, 200 clients', 'none', '—', '—'],
    ]);
    expect(body[9].slice(2, 3)).toEqual(['900']);
    expect(body[9][8]).toBe('40');
  });
});

it('markdownTable aligns columns as asked', () => {
  expect(
    markdownTable(
      ['a', 'n'],
      [
        ['x', '10'],
        ['yy', '2'],
      ],
      (i) => i === 1,
    ),
  ).toBe('| a  |  n |\n|:---|---:|\n| x  | 10 |\n| yy |  2 |');
});
