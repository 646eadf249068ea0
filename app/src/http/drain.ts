import type { Middleware } from 'koa';
import { ClientError } from '../clientError';

/**
 * Graceful shutdown's gate. Before SIGTERM it only counts the requests whose handlers run. Once draining, it
 * turns every new request away with a 503 (readiness too, so /readyz says "not ready" first), and
 * every answer — to a request accepted before, or a refused one — carries Connection: close, so
 * keep-alive clients open a new connection elsewhere instead of having theirs cut under a request.
 */
export class Drain {
  private handlersRunning = 0;
  private draining = false;

  /** Requests accepted before the drain began whose handlers are still running. */
  get running(): number {
    return this.handlersRunning;
  }

  begin(): void {
    this.draining = true;
  }

  middleware(): Middleware {
    return async (ctx, next) => {
      if (this.draining) {
        ctx.set('Connection', 'close');
        throw new ClientError('shutting-down', 'The app is shutting down: send the request again in a moment.');
      }
      this.handlersRunning++;
      try {
        await next();
      } finally {
        this.handlersRunning--;
        if (this.draining && !ctx.headerSent) ctx.set('Connection', 'close');
      }
    };
  }
}
