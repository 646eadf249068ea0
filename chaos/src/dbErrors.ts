/**
 * The few server and connector errors the chaos program reacts to, by errno (never by message
 * text, which differs between MySQL, MariaDB, versions and languages). Same numbers on both servers.
 */
export const ER_CON_COUNT_ERROR = 1040; // Too many connections
export const ER_NO_SUCH_THREAD = 1094; // Unknown thread id: the connection closed before our KILL
export const ER_SPECIFIC_ACCESS_DENIED = 1227; // a missing privilege (PROCESS, SUPER, CONNECTION ADMIN, ...)

interface ErrorShape {
  errno?: unknown;
  code?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  cause?: unknown;
}

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
  if (code && /^E[A-Z]+$/.test(code)) return code; // a socket error: ECONNREFUSED, ECONNRESET, ...
  if (e.cause && errno !== undefined && errno >= 45000) {
    const inner = describeError(e.cause); // a connector error around a socket error
    if (/^E[A-Z]+$/.test(inner)) return inner;
  }
  const head = [errno, code].filter((part) => part !== undefined).join(' ');
  const firstLine = text.split('\n')[0].replace(/^\(conn:[^)]*\)\s*/, '');
  return head ? `${head}: ${firstLine}` : firstLine || 'unknown error';
}
