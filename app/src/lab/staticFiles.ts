import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Middleware } from 'koa';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
}

/** Every file below dir as URL path → file path ('/chart.js', '/img/logo.svg'); dotfiles and links (one could point out of dir) stay out. */
function listFiles(dir: string, urlPrefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const url = `${urlPrefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [u, p] of listFiles(path, url)) files.set(u, p);
    else if (entry.isFile()) files.set(url, path);
  }
  return files;
}

function load(path: string): StaticFile {
  return { type: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', body: readFileSync(path) };
}

/** The lab page's HTML, as served: the security policy allows its inline scripts by their hashes. */
export function labPageHtml(root: string): string {
  return readFileSync(join(root, 'app', 'public', 'index.html'), 'utf8');
}

/**
 * The lab page: every file in app/public, read once at start-up and served from memory, plus the
 * chart library straight from node_modules, so there is no front-end build step. A request can
 * only ever get a file of that fixed map: the URL is a key, never a path on disk.
 */
export function labStaticFiles(root: string): Middleware {
  const files = new Map<string, StaticFile>();
  for (const [url, path] of listFiles(join(root, 'app', 'public'))) files.set(url, load(path));
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  const uplot = join(root, 'node_modules', 'uplot', 'dist');
  files.set('/vendor/uPlot.esm.js', load(join(uplot, 'uPlot.esm.js')));
  files.set('/vendor/uPlot.min.css', load(join(uplot, 'uPlot.min.css')));

  return async (ctx, next) => {
    const file = ctx.method === 'GET' || ctx.method === 'HEAD' ? files.get(ctx.path) : undefined;
    if (!file) {
      await next();
      return;
    }
    ctx.type = file.type;
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = file.body;
  };
}
