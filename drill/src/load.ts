/**
 * The drill's load: autocannon for the throughput ceilings, the lab's load generator (lib/load, whose
 * header says why) for the database patterns. Percentiles come from HdrHistogram, as autocannon's do.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { loadFor } from '../../lib/load/load';
import { sleep } from '../../lib/sleep';
import type { Figures } from './results';

export interface LoadSettings {
  readonly concurrency: number;
  readonly durationSeconds: number;
}

/**
 * Throughput counts successful (2xx) answers only: a strategy that answers 503 fast is not fast.
 * Failed = non-2xx answers + connection errors and timeouts (autocannon counts timeouts in errors).
 */
export async function httpLoad(url: string, { concurrency, durationSeconds }: LoadSettings): Promise<Figures> {
  const result = await autocannon({ url, connections: concurrency, duration: durationSeconds, timeout: 10 });
  return {
    requestsPerSecond: result.duration > 0 ? result['2xx'] / result.duration : 0,
    succeeded: result['2xx'],
    failed: result.non2xx + result.errors,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

/** p50, p99 and max of durations in milliseconds (recorded in µs). */
export function latencyOf(samplesMs: readonly number[]): Figures['latencyMs'] {
  const histogram = hdr.build();
  for (const ms of samplesMs) histogram.recordValue(Math.round(ms * 1000));
  const max = samplesMs.length ? Math.max(...samplesMs) : 0;
  // A bucket's highest value may lie above the largest sample in it: never report a percentile above the max.
  const at = (percentile: number) =>
    Math.min(max, samplesMs.length ? histogram.getValueAtPercentile(percentile) / 1000 : 0);
  return { p50: at(50), p99: at(99), max };
}

/** After a failure a client pauses this long: no hot loop against a database that is down. */
const PAUSE_AFTER_FAILURE_MS = 10;

/** `concurrency` clients of the lab's load generator, each running `operation` again and again, for `durationSeconds`. */
export async function loopLoad(
  { concurrency, durationSeconds }: LoadSettings,
  operation: () => Promise<unknown>,
): Promise<Figures> {
  const started = performance.now();
  const outcomes = await loadFor(durationSeconds, {
    clients: concurrency,
    ask: async () => {
      try {
        await operation();
        return { path: 'statement', status: 200 };
      } catch (err) {
        await sleep(PAUSE_AFTER_FAILURE_MS);
        return { path: 'statement', status: 0, error: (err as Error).message };
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const samplesMs = outcomes.filter((o) => o.status === 200).map((o) => o.ms);
  return {
    requestsPerSecond: samplesMs.length / seconds,
    succeeded: samplesMs.length,
    failed: outcomes.length - samplesMs.length,
    latencyMs: latencyOf(samplesMs),
  };
}
