import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { TrafficRecorder } from '../lab/traffic';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const prefix = randomBytes(3).toString('hex');
let counter = 0;

export interface RequestContextOptions {
  log: Logger;
  metrics: Metrics;
  traffic: TrafficRecorder;
  strategyName: string;
}

/**
 * Outermost middleware: gives each request an id and a logger that carries it, then
 * records the outcome in metrics and, for database routes, in the lab's traffic chart.
 */
export function requestContext({ log, metrics, traffic, strategyName }: RequestContextOptions): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const reqId = REQUEST_ID.test(incoming) ? incoming : `${prefix}-${(++counter).toString(36)}`;
    ctx.state.reqId = reqId;
    ctx.state.log = log.child({ reqId });
    ctx.set('X-Request-Id', reqId);
    ctx.set('X-Db-Strategy', strategyName);
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: ctx.method, route, status: ctx.status });
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      const usedDb = ctx.state.db !== undefined;
      if (usedDb) traffic.record(ctx.status >= 500 ? 'failed' : ctx.state.db.retries > 0 ? 'retried' : 'succeeded');
      ctx.state.log.debug({ method: ctx.method, url: ctx.url, status: ctx.status, ms: seconds * 1000 }, 'request');
    }
  };
}
