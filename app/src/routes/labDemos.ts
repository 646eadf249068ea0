import Router from '@koa/router';
import type { Middleware } from 'koa';
import { badRequest, notFound } from '../clientError';
import { firstPersonSlowly } from '../people/repository';
import type { LabState, WithDb } from '../state';

const MAX_SLOW_MS = 5000;

/** Routes that exist to make the lab's failure modes visible and testable. */
export function labDemoRoutes(withConnection: Middleware<LabState>): Router<LabState> {
  const router = new Router<LabState>({ prefix: '/lab' });

  // A route with a bug, on purpose: it uses its connection, then throws. The tutorial's reason
  // for try/finally, made testable: after any number of these, no connection is left open.
  router.get<WithDb>('/route-error', withConnection, async (ctx) => {
    await ctx.state.db.read('SELECT 1');
    throw new Error('a bug in the route, thrown after it used its connection');
  });

  // The first person, slowly: the statement itself runs for `ms` on the server, so a request
  // stays in flight (graceful shutdown) and a running statement exists to KILL QUERY (chaos).
  router.get<WithDb & { slowMs: number }>('/slow-person', async (ctx, next) => {
    const raw = String(ctx.query.ms ?? '500');
    const ms = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!(ms <= MAX_SLOW_MS)) throw badRequest(`ms must be a whole number from 0 to ${MAX_SLOW_MS}, got ${JSON.stringify(raw)}.`);
    ctx.state.slowMs = ms;
    await next();
  }, withConnection, async (ctx) => {
    const person = await firstPersonSlowly(ctx.state.db, ctx.state.slowMs / 1000);
    if (!person) throw notFound('The person table is empty.');
    ctx.body = person;
  });

  return router;
}
