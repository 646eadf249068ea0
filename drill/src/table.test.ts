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

  it('has the columns in order, then the ceilings, then each strategy without and with chaos', () => {
    expect(header).toEqual([...COLUMNS]);
    expect(body.map((row) => `${row[0]} / ${row[1]}`)).toEqual([
      'HTTP ceiling: GET /livez (no database) / —',
      'DB pattern of naive: one shared connection (no HTTP) / —',
      'DB pattern of per-request: connect, query, close (no HTTP) / —',
      'DB pattern of pool: check out, query, release (no HTTP) / —',
      'naive / none',
      'naive / kill-idle every 200 ms',
      'per-request / none',
      'per-request / kill-idle every 200 ms',
      'pool / none',
      'pool / kill-idle every 200 ms',
    ]);
  });

  it('shows each throughput as a ratio of the HTTP ceiling, its own DB pattern and their combined limit', () => {
    const pool = body.find((row) => row[0] === 'pool' && row[1] === 'none')!;
    // pool: 7,800 of HTTP 10,000, of its pattern 40,000, of 1 / (1/10,000 + 1/40,000) = 8,000
    expect(pool.slice(2, 6)).toEqual(['7,800', '0.78', '0.20', '0.97']);
    const perRequest = body.find((row) => row[0] === 'per-request' && row[1] === 'none')!;
    expect(perRequest.slice(3, 6)).toEqual(['0.10', '0.83', '0.93']);
    const ceilings = body.slice(0, 4).map((row) => row.slice(3, 6));
    expect(ceilings).toEqual([
      ['1.00', '—', '—'],
      ['3.00', '1.00', '—'],
      ['0.12', '1.00', '—'],
      ['4.00', '1.00', '—'],
    ]);
  });

  it('writes latencies in whole ms, failures, retries, kills and memory, with — where they do not apply', () => {
    expect(body[0].slice(6)).toEqual(['<1', '1', '4', '0', '—', '—', '90']);
    expect(body[5].slice(6)).toEqual(['5', '20', '50', '47,867', '0', '1', '140']);
    expect(body[1][12]).toBe('—');
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
    expect(body.slice(10).map((row) => [row[0], row[1], row[10], row[11]])).toEqual([
      ['naive, 200 clients', 'none', '—', '—'],
      ['per-request, 200 clients', 'none', '—', '—'],
      ['pool, 200 clients', 'none', '—', '—'],
    ]);
    expect(body[11].slice(2, 3)).toEqual(['900']);
    expect(body[11][9]).toBe('40');
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
