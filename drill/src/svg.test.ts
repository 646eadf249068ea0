import { sampleRun, withRow } from './fixtures/sampleRun';
import { escapeXml, niceTicks, renderChart, SIZE } from './svg';

describe('niceTicks', () => {
  it.each<[number, number[]]>([
    [10_800, [0, 5000, 10_000, 15_000]],
    [9000, [0, 2000, 4000, 6000, 8000, 10_000]],
    [51_700, [0, 20_000, 40_000, 60_000]],
    [4, [0, 1, 2, 3, 4]],
    [0, [0, 1]],
  ])('%d -> %j', (max, ticks) => expect(niceTicks(max)).toEqual(ticks));
});

it('escapes text for XML', () => expect(escapeXml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;'));

describe('renderChart', () => {
  const svg = renderChart(sampleRun);
  const bars = [
    ...svg.matchAll(
      /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="([^"]+)"><title>([^<]+)<\/title>/g,
    ),
  ].map(([, y, height, fill, title]) => ({ y: Number(y), height: Number(height), fill, title }));

  it('is one standalone SVG document of the stated size', () => {
    expect(
      svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}"`),
    ).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)).toHaveLength(1);
  });

  it('draws a bar of requests/s and a bar of failures for each strategy without and with chaos', () => {
    expect(bars).toHaveLength(12);
    expect(bars.slice(0, 6).map((bar) => bar.title)).toEqual([
      'naive, no chaos: 7,600',
      'naive, kill-idle chaos: 0',
      'per-request, no chaos: 1,000',
      'per-request, kill-idle chaos: 950',
      'pool, no chaos: 7,800',
      'pool, kill-idle chaos: 7,700',
    ]);
    expect(bars.slice(6).map((bar) => bar.title)).toContain('naive, kill-idle chaos: 47,867');
    expect(new Set(bars.map((bar) => bar.fill)).size).toBe(2); // one colour per chaos setting
  });

  it('makes bar heights proportional to the values', () => {
    const [naive, , perRequest] = bars;
    expect(naive.height / perRequest.height).toBeCloseTo(7.6, 1);
    expect(bars[1].height).toBe(0);
  });

  it("labels both axes, both panels, the legend, the HTTP ceiling and each strategy's combined limit", () => {
    for (const label of [
      'successful requests per second (2xx)',
      'failed requests (non-2xx + errors)',
      '>strategy<',
      '>Throughput<',
      '>Failures<',
      '>no chaos<',
      'killed every 200 ms',
      'HTTP ceiling 10,000',
      'limit 7,500', // naive: 1 / (1/10,000 + 1/30,000)
      'limit 1,071',
      'limit 8,000',
      'concurrency 32 · 10 s per phase',
    ]) {
      expect(svg).toContain(label);
    }
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(4);
  });

  it("writes a limit's label a line higher when a bar's value would sit on it, just above the line otherwise", () => {
    // How far a label's text is from the nearest dashed line: just above is 6 px over it.
    const labelOffset = (chart: string, label: string) => {
      const [, x, textY] = new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)"[^>]*>${label}<`).exec(chart)!.map(Number);
      // Its line ends 4 px right of where the label ends.
      const lines = [...chart.matchAll(/<line x1="[\d.]+" y1="([\d.]+)" x2="([\d.]+)" y2="\1" [^>]*stroke-dasharray/g)];
      const own = lines.find(([, , x2]) => Math.abs(Number(x2) - (x + 4)) < 0.2)!;
      return Math.round(textY - Number(own[1]));
    };
    // The sample pool's 7,800 and 7,700 req/s are a few pixels under its limit of 8,000: its label goes
    // one line (15 px) above the higher bar's value.
    expect(labelOffset(svg, 'limit 8,000')).toBeLessThanOrEqual(-6 - 15);
    expect(labelOffset(svg, 'limit 8,000')).toBeGreaterThan(-6 - 15 - 10);
    const pool = (chaos: boolean, requestsPerSecond: number) =>
      withRow('pool', chaos, { figures: { ...sampleRun.rows[8].figures, requestsPerSecond } }).find(
        (row) => row.kind === 'strategy' && row.strategy === 'pool' && row.chaos === chaos,
      )!;
    const apart = renderChart({
      ...sampleRun,
      rows: sampleRun.rows.map((row) =>
        row.kind === 'strategy' && row.strategy === 'pool' ? pool(row.chaos, row.chaos ? 3000 : 4000) : row,
      ),
    });
    expect(labelOffset(apart, 'limit 8,000')).toBe(-6);
  });
});
