import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { PAGE_STYLE } from './render';

const pageStyleHash = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/**
 * The lab page is plain ES modules and stylesheets from this app (app/public, uPlot from
 * node_modules): nothing inline, nothing from elsewhere. So the policy allows only 'self' — an
 * injected <script> or handler would not run — plus the one inline style of the HTML tables.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${pageStyleHash}`,
  "img-src 'self' data:", // the page's empty favicon is a data: URL
  "connect-src 'self'", // fetch and the event stream
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every answer: cheap, and JSON opened in a browser is covered too. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  };
}
