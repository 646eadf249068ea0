import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { PAGE_STYLE } from './render';

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The text of each inline <script> in an HTML page (the lab page's import map), for the policy's hashes. */
export function inlineScriptsOf(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(([, text]) => text);
}

/**
 * The lab page is plain ES modules and stylesheets from this app (app/public, uPlot from
 * node_modules): nothing from elsewhere. So the policy allows only 'self' — an injected <script> or
 * handler would not run — plus, by their hashes, the page's own inline scripts (its import map, which
 * lets the modules import uPlot by its npm name) and the one inline style of the HTML tables.
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  return [
    "default-src 'none'",
    ["script-src 'self'", ...inlineScripts.map(sha256Source)].join(' '),
    `style-src 'self' ${sha256Source(PAGE_STYLE)}`,
    "img-src 'self' data:", // the page's empty favicon is a data: URL
    "connect-src 'self'", // fetch and the event stream
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** On every answer: cheap, and JSON opened in a browser is covered too. */
export function securityHeaders(inlineScripts: readonly string[]): Middleware {
  const policy = contentSecurityPolicy(inlineScripts);
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', policy);
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  };
}
