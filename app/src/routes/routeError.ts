import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { RequestConnection } from '../db/requestConnection';

/**
 * A route with a bug, on purpose: it uses its connection, then throws. The tutorial's reason
 * for try/finally, made testable — after any number of these, no connection is left open.
 */
export function routeErrorRoute(withConnection: Middleware): Router {
  const router = new Router();
  router.get('/lab/route-error', withConnection, async (ctx) => {
    await (ctx.state.db as RequestConnection).read('SELECT 1');
    throw new Error('a bug in the route, thrown after it used its connection');
  });
  return router;
}
