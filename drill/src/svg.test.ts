import { sampleRun } from './fixtures/sampleRun';
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
});
