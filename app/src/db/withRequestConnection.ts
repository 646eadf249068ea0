import type { Middleware } from 'koa';
import type { LabState } from '../state';
import { RequestConnection, type RequestDbObserver } from './requestConnection';
import type { ConnectionStrategy } from './strategy';

/**
 * The tutorial's fix as middleware: open a connection before the route, close it after the
 * response. It is a try/finally because an error in the route must not leave the connection open.
 */
export function withRequestConnection(strategy: ConnectionStrategy, observer: RequestDbObserver): Middleware<LabState> {
  return async (ctx, next) => {
    const db = new RequestConnection(strategy, observer);
    ctx.state.db = db;
    await db.open();
    try {
      await next();
    } finally {
      await db.close();
    }
  };
}
