/**
 * The drill's one load generator: autocannon for HTTP (a fixed number of connections, each sending its
 * next request when the last is answered), and the same closed loop for database patterns without HTTP.
 * Percentiles come from HdrHistogram, as autocannon's own do.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
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

/** One request of a timed load. status 0: no answer (the client's timeout, a refused connection). */
export interface TimedRequest {
  readonly startedAt: number;
  readonly ms: number;
  readonly status: number;
}

/** HTTP load until stopped, every request's start, duration and status kept (the silent faults' clients). */
export function startTimedLoad(url: string, concurrency: number, timeoutSeconds: number) {
  const requests: TimedRequest[] = [];
  const instance = autocannon(
    { url, connections: concurrency, duration: 3600, timeout: timeoutSeconds },
    () => undefined,
  );
  const finished = new Promise<void>((resolve) => instance.once('done', () => resolve()));
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
    requests.push({ startedAt: Date.now() - ms, ms, status }),
  );
  // autocannon says no more than "an error": count it as waiting out the client's whole timeout.
  instance.on('reqError', () =>
    requests.push({ startedAt: Date.now() - timeoutSeconds * 1000, ms: timeoutSeconds * 1000, status: 0 }),
  );
  return {
    requests,
    async stop() {
      instance.stop();
      await finished;
    },
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

/** After a failure a loop pauses this long: no hot loop against a database that is down. */
const PAUSE_AFTER_FAILURE_MS = 10;

/** `concurrency` loops, each starting its next operation when the last ends, for `durationSeconds`. */
export async function loopLoad(
  { concurrency, durationSeconds }: LoadSettings,
  operation: () => Promise<unknown>,
): Promise<Figures> {
  const samplesMs: number[] = [];
  let failed = 0;
  const started = performance.now();
  const end = started + durationSeconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        await operation();
        samplesMs.push(performance.now() - sent);
      } catch {
        failed++;
        await sleep(PAUSE_AFTER_FAILURE_MS);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: samplesMs.length / seconds,
    succeeded: samplesMs.length,
    failed,
    latencyMs: latencyOf(samplesMs),
  };
}
