/**
 * What the drill reports of a partition or freeze phase, computed from every request's timing:
 * pure, so the arithmetic is unit-tested apart from Docker and the database.
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { latencySummary } from './percentiles';

export type SilentFaultMode = 'partition' | 'freeze';

/** One request of the phase's clients. status 0: no answer before the client's own timeout. */
export interface FaultSample {
  readonly startedAt: number;
  readonly ms: number;
  readonly status: number;
}

export interface SilentFaultRow {
  readonly strategy: StrategyName;
  readonly mode: SilentFaultMode;
  readonly faultSeconds: number;
  /** REQUEST_TIMEOUT_MS of the app (or its DB_TIMEOUTS=off: null). */
  readonly budgetMs: number | null;
  /** Requests that were waiting at some moment of the fault. */
  readonly duringFault: number;
  /** Of those, answered (any status) within the budget + 1 s. */
  readonly inTime: number;
  /** Of those, anything but a 200, a missing answer included. */
  readonly failed: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** From the fault's end to the first success of a request started after it; null: none came. */
  readonly recoveryMs: number | null;
}

/** Slack on top of the budget: the event loop, the answer's way back, a busy machine. */
export const IN_TIME_SLACK_MS = 1000;

export function silentFaultFigures(
  samples: readonly FaultSample[],
  fault: { readonly appliedAt: number; readonly liftedAt: number },
  budgetMs: number | null,
): Pick<SilentFaultRow, 'duringFault' | 'inTime' | 'failed' | 'p99Ms' | 'maxMs' | 'recoveryMs'> {
  const during = samples.filter((s) => s.startedAt < fault.liftedAt && s.startedAt + s.ms > fault.appliedAt);
  const latency = latencySummary(during.map((s) => s.ms));
  const successesAfter = samples
    .filter((s) => s.status === 200 && s.startedAt >= fault.liftedAt)
    .map((s) => s.startedAt + s.ms - fault.liftedAt);
  return {
    duringFault: during.length,
    inTime: during.filter((s) => s.status !== 0 && (budgetMs === null || s.ms <= budgetMs + IN_TIME_SLACK_MS)).length,
    failed: during.filter((s) => s.status !== 200).length,
    p99Ms: latency.p99,
    maxMs: latency.max,
    recoveryMs: successesAfter.length > 0 ? Math.min(...successesAfter) : null,
  };
}
