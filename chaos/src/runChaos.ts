/**
 * The round loop: a round, a pause, again, until stopped; then the mode's undo and the summary.
 * A failing round is printed and the loop goes on: the chaos must outlive what it breaks.
 */
import type { Print } from './announce';
import { describeError } from '../../lib/db/errors';
import { formatSeconds, summaryLine } from './lines';
import type { ChaosMode } from './modes/mode';
import { StopRequested, sleep } from '../../lib/sleep';

/** The same failure again is printed at most this often, so a 0.2 s interval cannot flood the log. */
const REPEAT_FAILURE_EVERY_MS = 10_000;
/** Time undo gets: below Docker's default 10 s stop grace period, after which it kills us. */
const UNDO_DEADLINE_MS = 8000;

export interface RunOptions {
  readonly intervalMs: number;
  readonly print: Print;
  readonly stop: AbortSignal;
  readonly undoDeadlineMs?: number;
  readonly now?: () => number;
}

export interface RunResult {
  readonly rounds: number;
  /** False when undo could not put everything back: the caller exits non-zero. */
  readonly undone: boolean;
}

export async function runChaos(mode: ChaosMode, options: RunOptions): Promise<RunResult> {
  const { intervalMs, print, stop, now = Date.now } = options;
  const startedAt = now();
  let rounds = 0;
  let lastFailure = { text: '', at: -Infinity };
  print(mode.intro);
  while (!stop.aborted) {
    try {
      await mode.round(stop);
    } catch (err) {
      const text = describeError(err);
      const stopping = err instanceof StopRequested || stop.aborted;
      if (!stopping && (text !== lastFailure.text || now() - lastFailure.at >= REPEAT_FAILURE_EVERY_MS)) {
        print(
          `${mode.name}: round ${rounds + 1} failed (${text}); trying again in ${formatSeconds(intervalMs / 1000)}`,
        );
        lastFailure = { text, at: now() };
      }
    }
    rounds += 1;
    await sleep(intervalMs, stop);
  }
  const undone = await mode
    .undo(AbortSignal.timeout(options.undoDeadlineMs ?? mode.undoDeadlineMs ?? UNDO_DEADLINE_MS))
    .catch((err: unknown) => {
      print(`${mode.name}: undo failed (${describeError(err)})`);
      return false;
    });
  print(summaryLine({ mode: mode.name, rounds, actions: mode.actions(), elapsedMs: now() - startedAt }));
  return { rounds, undone };
}
