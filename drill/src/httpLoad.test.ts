import { loadFigures } from './httpLoad';

describe('loadFigures', () => {
  const latency = { p50: 2, p99: 9, max: 40 };

  it('counts only 2xx answers as throughput, per second of the actual run', () => {
    expect(loadFigures({ '2xx': 20_000, non2xx: 0, errors: 0, duration: 10.02, latency })).toEqual({
      requestsPerSecond: 20_000 / 10.02,
      succeeded: 20_000,
      failed: 0,
      latencyMs: latency,
    });
  });

  it('counts non-2xx answers and connection errors (timeouts included) as failed', () => {
    expect(loadFigures({ '2xx': 5, non2xx: 40_000, errors: 3, duration: 10, latency })).toMatchObject({
      requestsPerSecond: 0.5,
      failed: 40_003,
    });
  });

  it('is 0 req/s for a run that did not last', () => {
    expect(loadFigures({ '2xx': 0, non2xx: 0, errors: 0, duration: 0, latency }).requestsPerSecond).toBe(0);
  });
});
