/**
 * Database errors in words for logs and the chaos program's output: by their codes, never their
 * stacks (the connector's internals, the same on every line).
 */

interface ErrorShape {
  errno?: unknown;
  code?: unknown;
  sqlState?: unknown;
  fatal?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  cause?: unknown;
}

const isSocketCode = (code: string) => /^E[A-Z]+$/.test(code);

export function errnoOf(err: unknown): number | undefined {
  const errno = typeof err === 'object' && err !== null ? (err as ErrorShape).errno : undefined;
  return typeof errno === 'number' ? errno : undefined;
}

/**
 * One short line for an error: "1040 ER_CON_COUNT_ERROR: Too many connections" or "ECONNREFUSED".
 * The connector wraps socket errors, so the innermost cause carries the useful code.
 */
export function describeError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorShape;
  const errno = errnoOf(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const text = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : '';
  if (code && isSocketCode(code)) return code; // ECONNREFUSED, ECONNRESET, ...
  if (e.cause && errno !== undefined && errno >= 45000) {
    const inner = describeError(e.cause); // a connector error around a socket error
    if (isSocketCode(inner)) return inner;
  }
  const head = [errno, code].filter((part) => part !== undefined).join(' ');
  const firstLine = text.split('\n')[0].replace(/^\(conn:[^)]*\)\s*/, '');
  return head ? `${head}: ${firstLine}` : firstLine || 'unknown error';
}

/** What the logs keep of an expected database failure: its codes and message, not its stack. */
export interface DbErrorSummary {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string | null;
  fatal?: boolean;
  /** The code of the socket error the connector wrapped (ECONNREFUSED...), when there is one. */
  causeCode?: string;
}

/**
 * A failure the taxonomy names is an expected one: its codes say what happened. A failing app logs
 * one line per request (naive under kill-idle chaos: thousands a second), so those lines stay small;
 * an internal error keeps its stack.
 */
export function summarizeDbError(err: unknown): DbErrorSummary {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const { message, code, errno, sqlState, fatal, cause } = err as ErrorShape;
  const causeCode = typeof cause === 'object' && cause !== null ? (cause as ErrorShape).code : undefined;
  const summary: DbErrorSummary = {
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'string' ? code : undefined,
    errno: typeof errno === 'number' ? errno : undefined,
    sqlState: typeof sqlState === 'string' ? sqlState : undefined,
    fatal: typeof fatal === 'boolean' ? fatal : undefined,
  };
  if (typeof causeCode === 'string') summary.causeCode = causeCode;
  return summary;
}
