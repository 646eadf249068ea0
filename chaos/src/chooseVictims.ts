import type { ProcessRow } from '../../lib/db/processList';

export interface IdleVictimRule {
  /** Only this user's connections: the app's, never an administrator's or another service's. */
  readonly targetUser: string;
  /** A connection sleeping for less than this is between two statements of a live request. */
  readonly minIdleSeconds: number;
  /** Our own thread: killing it would only make the chaos program reconnect. */
  readonly ownId: number | null;
}

export type RunningQueryRule = Omit<IdleVictimRule, 'minIdleSeconds'>;

// 'Execute' is a prepared statement running (binary protocol); 'Query' a plain one.
const RUNNING_COMMANDS = new Set(['Query', 'Execute']);

function isOtherThreadOfTarget(row: ProcessRow, rule: RunningQueryRule): boolean {
  return row.user === rule.targetUser && row.id !== rule.ownId && Number.isSafeInteger(row.id) && row.id > 0;
}

/** Sleeping connections of the target user, idle for at least minIdleSeconds, oldest first. */
export function chooseIdleVictims(rows: readonly ProcessRow[], rule: IdleVictimRule): ProcessRow[] {
  return rows
    .filter(
      (row) => isOtherThreadOfTarget(row, rule) && row.command === 'Sleep' && row.timeSeconds >= rule.minIdleSeconds,
    )
    .sort((a, b) => b.timeSeconds - a.timeSeconds || a.id - b.id);
}

/** Connections of the target user that are running a statement right now. */
export function chooseRunningQueries(rows: readonly ProcessRow[], rule: RunningQueryRule): ProcessRow[] {
  return rows.filter((row) => isOtherThreadOfTarget(row, rule) && RUNNING_COMMANDS.has(row.command));
}
