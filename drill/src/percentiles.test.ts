import { latencySummary, percentile } from './percentiles';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [0, 1],
  ])('p%d of 1..100 is %d', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });
  it('is 0 without samples', () => expect(percentile([], 50)).toBe(0));
});

it('latencySummary sorts the samples and gives p50, p99 and max', () => {
  expect(latencySummary([5, 1, 3, 2, 4])).toEqual({ p50: 3, p99: 5, max: 5 });
  expect(latencySummary([])).toEqual({ p50: 0, p99: 0, max: 0 });
});
