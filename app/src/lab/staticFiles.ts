import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The lab page is a handful of small files: read once at start-up and served from memory.
 * The chart library comes straight from node_modules, so there is no front-end build step.
 */
export function labStaticFiles(root: string): Middleware {
  const files = new Map<string, { type: string; body: Buffer }>();
  const add = (urlPath: string, file: string) =>
    files.set(urlPath, { type: TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', body: readFileSync(file) });
  const publicDir = join(root, 'app', 'public');
  add('/', join(publicDir, 'index.html'));
  add('/lab.js', join(publicDir, 'lab.js'));
  add('/lab.css', join(publicDir, 'lab.css'));
  const uplot = join(root, 'node_modules', 'uplot', 'dist');
  add('/vendor/uPlot.iife.min.js', join(uplot, 'uPlot.iife.min.js'));
  add('/vendor/uPlot.min.css', join(uplot, 'uPlot.min.css'));

  return async (ctx, next) => {
    const file = ctx.method === 'GET' || ctx.method === 'HEAD' ? files.get(ctx.path) : undefined;
    if (!file) return next();
    ctx.type = file.type;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = file.body;
  };
}
