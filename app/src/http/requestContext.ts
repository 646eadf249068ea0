import { randomBytes } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { inRequestScope, type Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const prefix = randomBytes(3).toString('hex');
let counter = 0;

export interface RequestContextOptions<State> {
  log: Logger;
  metrics: Metrics;
  strategyName: string;
  /** Told about every finished request (the lab's traffic chart counts the database ones). */
  onFinished?: (ctx: ParameterizedContext<State>) => void;
}

/**
 * Outermost middleware: gives each request an id, which every log line written on its behalf carries,
 * and records its outcome in metrics.
 */
export function requestContext<State extends { reqId: string }>({
  log,
  metrics,
  strategyName,
  onFinished,
}: RequestContextOptions<State>): Middleware<State> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const reqId = REQUEST_ID.test(incoming) ? incoming : `${prefix}-${(++counter).toString(36)}`;
    ctx.state.reqId = reqId;
    ctx.set('X-Request-Id', reqId);
    ctx.set('X-Db-Strategy', strategyName);
    // Lines written with ctx at hand name the reqId themselves; the async scope carries it to the
    // lines written far from ctx: the connection hooks' debug lines.
    await inRequestScope(reqId, async () => {
      try {
        await next();
      } finally {
        const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.httpRequests.inc({ method: ctx.method, route, status: ctx.status });
        metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
        onFinished?.(ctx);
        log.debug({ reqId, method: ctx.method, url: ctx.url, status: ctx.status, ms: seconds * 1000 }, 'request');
      }
    });
  };
}
