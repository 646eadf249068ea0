/**
 * Every line the chaos program prints, as pure functions: the learner reads these in
 * `docker compose logs chaos`, and the tests read them too, so their wording lives in one place.
 */
import type { ChaosModeName } from './config';
import type { InterruptedQuery, KilledConnection } from './killConnections';

/** "7s", "0.5s", "61s": short, and exact enough for a person watching. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10 && !Number.isInteger(seconds)) return `${Number(seconds.toFixed(1))}s`;
  return `${Math.round(seconds)}s`;
}

export function killLine(killed: KilledConnection, total: number): string {
  return `kill-idle: killed connection ${killed.id} (idle ${formatSeconds(killed.idleSeconds)}) — total ${total}`;
}

// A quoted SQL string: backslash escapes and doubled quotes inside it.
const STRING_LITERAL = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"/g;

/**
 * The statement shown shortened to one line: enough to recognise it, never a wall of SQL, and never
 * its data — the connector sends values inline, so a running INSERT would show a person's name.
 */
export function shortStatement(statement: string | null, max = 60): string {
  if (!statement) return '(statement already finished)';
  const oneLine = statement.replace(STRING_LITERAL, '?').replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function interruptLine(query: InterruptedQuery, total: number): string {
  return (
    `kill-active: interrupted the statement of connection ${query.id} after ${formatSeconds(query.runningSeconds)}: ` +
    `${shortStatement(query.statement)} — total ${total}`
  );
}

/** "1 connection killed", "9 connections killed". */
export function countOf(count: number, singular: string, plural: string, done: string): string {
  return `${count} ${count === 1 ? singular : plural} ${done}`;
}

export interface RunSummary {
  readonly mode: ChaosModeName;
  readonly rounds: number;
  /** What the mode did, counted: "9 connections killed". */
  readonly actions: string;
  readonly elapsedMs: number;
}

export function summaryLine(summary: RunSummary): string {
  const rounds = `${summary.rounds} ${summary.rounds === 1 ? 'round' : 'rounds'}`;
  return `chaos stopped: mode ${summary.mode}, ${rounds}, ${summary.actions} in ${formatSeconds(Math.round(summary.elapsedMs / 1000))}`;
}

/** "06:12:03.412": the time before each printed line, to line it up with the app's log. */
export function clockTime(date: Date): string {
  return date.toISOString().slice(11, 23);
}

/** The epoch ms of a printed line's clockTime (UTC), from today: the lab runs now. */
export function chaosLineTime(line: string, now = Date.now()): number {
  const clock = /^(\d\d):(\d\d):(\d\d)\.(\d{3}) /.exec(line);
  if (!clock) throw new Error(`not a chaos log line: ${line}`);
  const at = new Date(now).setUTCHours(Number(clock[1]), Number(clock[2]), Number(clock[3]), Number(clock[4]));
  return at > now + 60_000 ? at - 86_400_000 : at; // a line from before midnight, read after it
}

/** The line that ends failover's switchover n: what a test or the drill waits for. */
export const switchoverDone = (n: number) => new RegExp(`failover: .* switchover ${n} in`);
/** The line that ends a primary-crash round: its verdict on the acknowledged writes. */
export const PRIMARY_CRASH_DONE = /primary-crash: .*(nothing lost|lost with|none of them acknowledged)/;

/** The first line of a chaos log matching `pattern`: the whole line at [0], then the pattern's groups. */
export function chaosLine(log: string, pattern: RegExp): RegExpMatchArray {
  for (const line of log.split('\n')) {
    const match = line.match(pattern);
    if (match) return [line, ...match.slice(1)] as unknown as RegExpMatchArray;
  }
  throw new Error(`no chaos line matches ${String(pattern)} in:\n${log.slice(-3000)}`);
}
