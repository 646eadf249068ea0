import type { Middleware } from 'koa';
import type { LabState } from '../state';
import type { DbDeadlines } from './deadline';
import { RequestConnection, type RequestDbObserver } from './requestConnection';
import type { ConnectionStrategy } from './strategy';

/**
 * The tutorial's fix as middleware: open a connection before the route, close it when the
 * route is done (Koa writes the response after that). It is a try/finally because an error in the
 * route must not leave the connection open.
 */
export function withRequestConnection(
  strategy: ConnectionStrategy,
  deadlines: DbDeadlines | undefined,
  inFlight: InFlightCounter,
  observer: RequestDbObserver,
): Middleware<LabState> {
  return async (ctx, next) => {
    const db = new RequestConnection(strategy, observer, deadlines);
    ctx.state.db = db;
    inFlight.started();
    try {
      await db.open();
      try {
        await next();
      } finally {
        await db.close();
      }
    } finally {
      inFlight.ended();
    }
  };
}

/** Counts the requests waiting on the database (the lab page shows them). */
export interface InFlightCounter {
  started(): void;
  ended(): void;
}
