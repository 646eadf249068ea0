import type { Middleware } from 'koa';
import { badRequest } from '../clientError';

/**
 * HTTP/1.1 requires a Host header (RFC 9112, 3.2). Node refuses a request without one itself, with an
 * empty 400 that is not JSON; the server leaves the check to this middleware (requireHostHeader: false
 * in server.ts), which answers it like every other bad request. HTTP/1.0 needs no Host.
 */
export function requireHostHeader(): Middleware {
  return async (ctx, next) => {
    const { httpVersionMajor, httpVersionMinor, headers } = ctx.req;
    if (httpVersionMajor === 1 && httpVersionMinor === 1 && headers.host === undefined) {
      ctx.set('Connection', 'close'); // as Node did: a client this broken gets no keep-alive
      throw badRequest('The request has no Host header: HTTP/1.1 requires one.');
    }
    await next();
  };
}
