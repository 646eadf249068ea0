import type { Context, Middleware } from 'koa';
import { classifyDbError, DatabaseTimeoutError, summarizeDbError, type DbFailureKind } from '../../../lib/db/errors';
import { ClientError, notFound, type ClientErrorKind } from '../clientError';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

const CLIENT_STATUS: Record<ClientErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'idempotency-key-reused': 422,
  'too-many-requests': 429,
  'too-many-streams': 503,
  'shutting-down': 503,
  'not-implemented': 501,
};

const DB_STATUS: Record<DbFailureKind, number> = {
  'connection-lost': 503,
  'server-unreachable': 503,
  'too-many-connections': 503,
  'pool-exhausted': 503,
  'query-killed': 503,
  'database-timeout': 503,
  'read-only': 503,
  'transaction-conflict': 503,
  'bad-request': 400,
  internal: 500,
};

const DB_DETAIL: Record<DbFailureKind, string> = {
  'connection-lost': 'The database connection was lost: it was killed, timed out, or the server restarted.',
  'server-unreachable': 'The database is unreachable: no connection could be made in time.',
  'too-many-connections': 'The database refuses new connections: too many connections.',
  'pool-exhausted':
    'Every connection the app may hold is in use, and none came free in time. The database is fine: the app is at its own limit.',
  'query-killed': 'The query was interrupted on the database server (KILL QUERY).',
  'database-timeout':
    'The database did not answer in time: the network may be cut or the server frozen. The connection was destroyed, not reused.',
  'read-only':
    'The database server refused the write because it is read-only: the primary was demoted or failed over, and this connection still pointed at the old one. Nothing was written; the app dropped the connections to the old server. Repeat it (with the same Idempotency-Key).',
  'transaction-conflict':
    'The database rolled the transaction back (a deadlock or lock wait with a concurrent one); nothing was written. Repeat it (with the same Idempotency-Key).',
  'bad-request': 'The database rejected the data sent.',
  internal: 'Something went wrong on our side; the cause is in the logs.',
};

export interface ErrorResponseOptions {
  log: Logger;
  metrics: Metrics;
  /** Told about every database failure answered to a client (the lab page shows them). */
  onDbFailure?: (kind: DbFailureKind, status: number, ctx: Context) => void;
  /** Said in every connection-lost answer: the naive strategy never gets a new connection. */
  lostConnectionHint?: string;
  /** Said in every pool-exhausted answer: which limit it is, and how long the request waited. */
  exhaustedHint?: string;
}

/** Which deadline ran out, by the setting's name: the knob to look at. */
const deadlineHint = ({ setting, limitMs }: DatabaseTimeoutError) =>
  `It waited ${limitMs} ms (${setting}).${setting === 'DB_QUERY_TIMEOUT_MS' ? '' : " That is the whole request's database budget."}`;

const CLIENT_GONE_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** The error a response stream gets when its client closed the connection first. */
export function clientWentAway(err: unknown): err is { code: string } {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && CLIENT_GONE_CODES.has(code);
}

/**
 * Answers nobody wrote a body for: no route (404), and the routers' allowedMethods (405 with its
 * Allow header, 501 for a method no router knows), which would otherwise go out as text/plain.
 * (Their throw option is not used: it drops the Allow header.)
 */
function throwForEmptyAnswer(ctx: Context): void {
  if (ctx.status === 404) throw notFound(`No route for ${ctx.method} ${ctx.path}.`);
  if (ctx.status === 405) {
    throw new ClientError(
      'method-not-allowed',
      `${ctx.method} is not allowed on ${ctx.path}: use ${ctx.response.get('Allow')}.`,
    );
  }
  if (ctx.status === 501)
    throw new ClientError('not-implemented', `The method ${ctx.method} is not implemented by this app.`);
}

/**
 * The one place where errors become responses: a JSON body { error, detail }, never a stack
 * trace; the cause goes to the log. A database error never escapes to crash the process.
 */
export function errorResponses({
  log,
  metrics,
  onDbFailure,
  lostConnectionHint,
  exhaustedHint,
}: ErrorResponseOptions): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) throwForEmptyAnswer(ctx);
    } catch (err) {
      if (err instanceof ClientError) {
        ctx.status = CLIENT_STATUS[err.kind];
        ctx.body = { error: err.kind, detail: err.message };
        if (ctx.status === 429 || ctx.status === 503) ctx.set('Retry-After', '1');
        if (ctx.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
        return;
      }
      const { kind } = classifyDbError(err);
      const status = DB_STATUS[kind];
      const hintFor =
        kind === 'connection-lost' ? lostConnectionHint : kind === 'pool-exhausted' ? exhaustedHint : undefined;
      const hint = hintFor ? ` ${hintFor}` : err instanceof DatabaseTimeoutError ? ` ${deadlineHint(err)}` : '';
      ctx.status = status;
      ctx.body = { error: kind, detail: DB_DETAIL[kind] + hint };
      if (status === 503) ctx.set('Retry-After', '1');
      metrics.errors.inc({ kind });
      // An internal error may be our bug: logged whole, with its stack. An expected database failure
      // is logged by its codes only (summarizeDbError says why).
      const cause = kind === 'internal' ? { err } : { dbError: summarizeDbError(err) };
      log[status >= 500 ? 'error' : 'warn']({ reqId: ctx.state.reqId as unknown, ...cause, kind }, 'request failed');
      onDbFailure?.(kind, status, ctx);
    }
  };
}
