import type { Middleware } from 'koa';
import type { LabState } from '../state';

/**
 * The lab page's count of the requests waiting on the database right now (getting a connection, their
 * queries, closing it): during a partition they pile up here.
 */
export class WaitingOnDatabase {
  private waiting = 0;

  get count(): number {
    return this.waiting;
  }

  /** `withConnection`, counted while it runs; the request is marked as one the traffic chart counts. */
  counting(withConnection: Middleware<LabState>): Middleware<LabState> {
    return async (ctx, next) => {
      ctx.state.usedDatabase = true;
      this.waiting++;
      try {
        await withConnection(ctx, next);
      } finally {
        this.waiting--;
      }
    };
  }
}
