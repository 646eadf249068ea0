/** Closed-loop load without HTTP: `concurrency` loops, each starting its next operation when the last ends. */
import { performance } from 'node:perf_hooks';
import { sleep } from '../../lib/sleep';
import type { Figures } from './figures';
import type { LoadSettings } from './httpLoad';
import { latencySummary } from './percentiles';

/** After a failure a loop pauses this long: no hot loop against a database that is down. */
const PAUSE_AFTER_FAILURE_MS = 10;

export async function runLoops(
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
    latencyMs: latencySummary(samplesMs),
  };
}
