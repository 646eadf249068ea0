import Router from '@koa/router';
import type { Connection } from 'mariadb';
import type { Middleware } from 'koa';
import { ORDINARY_WAIT_MS } from '../../../lib/settings/queryWaits';
import { sleep } from '../../../lib/sleep';
import { badRequest, ClientError, notFound } from '../clientError';
import type { ConnectionStrategy } from '../db/strategy';
import { firstPersonSlowly } from '../people/repository';
import type { LabState, WithDb } from '../state';

const MAX_SLOW_MS = 5000;
const MAX_HOLD_MS = 5000;

export interface LabDemoOptions {
  withConnection: Middleware<LabState>;
  strategy: ConnectionStrategy;
  /** The most connections the strategy holds at once (POOL_SIZE, DB_MAX_CONNECTIONS, or naive's one). */
  connectionBudget: number;
}

/** A whole number from `min` to `max` from the query string, or `fallback` when absent; a 400 naming it otherwise. */
function queryNumber(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw); // ?n=1&n=2 arrives as an array
  const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw badRequest(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}.`);
  return value;
}

/** Routes that exist to make the lab's failure modes visible and testable. */
export function labDemoRoutes({ withConnection, strategy, connectionBudget }: LabDemoOptions): Router<LabState> {
  const router = new Router<LabState>({ prefix: '/lab' });
  // Slow demos may hold at most half of the app's connections, so they never lock the other routes out.
  const maxSlowDemos = Math.max(1, Math.floor(connectionBudget / 2));
  let slowDemos = 0;
  let holding = false;

  // A route with a bug, on purpose: it uses its connection, then throws. The tutorial's reason
  // for try/finally, made testable: after any number of these, no connection is left open.
  router.get<WithDb>('/route-error', withConnection, async (ctx) => {
    await ctx.state.db.read('SELECT 1');
    throw new Error('a bug in the route, thrown after it used its connection');
  });

  // The first person, slowly: the statement itself runs for `ms` on the server, so a request
  // stays in flight (graceful shutdown) and a running statement exists to KILL QUERY (chaos).
  // Up to ORDINARY_WAIT_MS it is a query that waits on the server, as real ones do (the drill).
  router.get<WithDb & { slowMs: number }>(
    '/slow-person',
    async (ctx, next) => {
      ctx.state.slowMs = queryNumber(ctx.query.ms, 'ms', 500, 0, MAX_SLOW_MS);
      if (ctx.state.slowMs <= ORDINARY_WAIT_MS) {
        await next();
        return;
      }
      if (slowDemos >= maxSlowDemos) {
        throw new ClientError(
          'too-many-requests',
          `At most ${maxSlowDemos} slow demos (over ${ORDINARY_WAIT_MS} ms) run at once (half of the app's ${connectionBudget} connections), ` +
            'so that they cannot take every connection. Try again when one has finished; to exhaust the pool on purpose, POST /lab/hold-connections.',
        );
      }
      slowDemos++;
      try {
        await next();
      } finally {
        slowDemos--;
      }
    },
    withConnection,
    async (ctx) => {
      const person = await firstPersonSlowly(ctx.state.db, ctx.state.slowMs / 1000);
      if (!person) throw notFound('The person table is empty.');
      ctx.body = person;
    },
  );

  // Exhaust the pool on purpose: take `n` connections (all of them by default) and hold them, idle,
  // for `ms` — what a connection leak does. Meanwhile other requests answer 503 pool-exhausted.
  router.post('/hold-connections', async (ctx) => {
    if (strategy.name === 'naive') {
      throw badRequest(
        'The naive strategy shares one connection that is never checked out: there is nothing to exhaust. Use STRATEGY=pool or per-request.',
      );
    }
    const n = queryNumber(ctx.query.n, 'n', connectionBudget, 1, connectionBudget);
    const ms = queryNumber(ctx.query.ms, 'ms', 3000, 0, MAX_HOLD_MS);
    if (holding)
      throw new ClientError(
        'too-many-requests',
        'One hold at a time: the connections of the running one come back when it ends.',
      );
    holding = true;
    const held: Connection[] = [];
    try {
      for (let i = 0; i < n; i++) held.push(await strategy.acquire());
      await sleep(ms);
      ctx.body = { strategy: strategy.name, held: held.length, ms };
    } finally {
      // A held connection may have been killed meanwhile (chaos): destroyed then, never reused.
      await Promise.all(held.map((conn) => strategy.release(conn, !conn.isValid())));
      holding = false;
    }
  });

  return router;
}
