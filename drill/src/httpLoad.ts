/** Fixed-concurrency HTTP load with autocannon's Node API, boiled down to the figures the drill reports. */
import autocannon from 'autocannon';
import type { Figures } from './figures';

export interface LoadSettings {
  readonly concurrency: number;
  readonly durationSeconds: number;
}

/** The part of autocannon's result the drill reads. */
export type AutocannonResult = Pick<autocannon.Result, '2xx' | 'non2xx' | 'errors' | 'duration'> & {
  latency: Pick<autocannon.Histogram, 'p50' | 'p99' | 'max'>;
};

/**
 * Throughput counts successful (2xx) answers only: a strategy that answers 503 fast is not fast.
 * Failed = non-2xx answers + connection errors and timeouts (autocannon counts timeouts in errors).
 */
export function loadFigures(result: AutocannonResult): Figures {
  return {
    requestsPerSecond: result.duration > 0 ? result['2xx'] / result.duration : 0,
    succeeded: result['2xx'],
    failed: result.non2xx + result.errors,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

export async function runHttpLoad(url: string, { concurrency, durationSeconds }: LoadSettings): Promise<Figures> {
  const result = await autocannon({ url, connections: concurrency, duration: durationSeconds, timeout: 10 });
  return loadFigures(result);
}
