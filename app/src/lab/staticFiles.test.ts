import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { errorResponses } from '../http/errorResponses';
import { createMetrics } from '../observability/metrics';
import { createLogger } from '../observability/logger';
import { labStaticFiles } from './staticFiles';

/** A repository root in a temporary folder: app/public, a stand-in uPlot, and a secret next to them. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-static-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('app/public/index.html', '<!doctype html><title>lab</title>');
  write('app/public/lab.js', 'import "./chart.js";');
  write('app/public/chart.js', 'export {};');
  write('app/public/lab.css', 'body {}');
  write('app/public/img/logo.svg', '<svg/>');
  write('app/public/notes.xyz', 'no known type');
  write('app/public/.editor-backup.js', 'not for the browser');
  write('node_modules/uplot/dist/uPlot.esm.js', 'export default class uPlot {}');
  write('node_modules/uplot/dist/uPlot.min.css', '.uplot {}');
  write('.env', 'DB_PASSWORD=secret');
  symlinkSync(join(root, '.env'), join(root, 'app/public/env.txt')); // a link out of app/public
  return root;
}

/** GET with the path sent exactly as written (fetch would resolve the '..' segments itself). */
function rawGet(base: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(base + '/', { path }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('labStaticFiles', () => {
  let root: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    root = fakeRoot();
    // As in the app: what is not a file falls through to the routes, and no route gives the JSON 404.
    const koa = new Koa();
    koa.use(errorResponses({ log: createLogger('silent'), metrics: createMetrics() }));
    koa.use(labStaticFiles(root));
    server = koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['/', 'text/html; charset=utf-8', '<!doctype html><title>lab</title>'],
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>lab</title>'],
    ['/lab.js', 'text/javascript; charset=utf-8', 'import "./chart.js";'],
    ['/chart.js', 'text/javascript; charset=utf-8', 'export {};'],
    ['/lab.css', 'text/css; charset=utf-8', 'body {}'],
    ['/img/logo.svg', 'image/svg+xml', '<svg/>'],
    ['/notes.xyz', 'application/octet-stream', 'no known type'],
    ['/vendor/uPlot.esm.js', 'text/javascript; charset=utf-8', 'export default class uPlot {}'],
    ['/vendor/uPlot.min.css', 'text/css; charset=utf-8', '.uplot {}'],
  ])('serves %s as %s', async (path, type, body) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    await expect(res.text()).resolves.toBe(body);
  });

  it.each([
    '/nothing-here.js',
    '/.editor-backup.js',
    '/env.txt',
    '/img',
    '/lab.js/',
    '/LAB.JS',
    '/../.env',
    '/img/../../../.env',
    '/%2e%2e/.env',
    '/..%2f.env',
    '/..%2F..%2F.env',
    '/%2e%2e%2f.env',
    '/img/..%2f..%2f..%2f.env',
    '/vendor/..%2f..%2fpackage.json',
    '/..%5c.env',
    '/lab%2ejs',
  ])('answers %s with the JSON 404', async (path) => {
    const res = await rawGet(base, path);
    expect(res).toMatchObject({ status: 404, type: 'application/json; charset=utf-8' });
    expect(JSON.parse(res.body)).toEqual({ error: 'not-found', detail: `No route for GET ${path}.` });
  });

  it('serves what was there at start-up, not files added later', async () => {
    writeFileSync(join(root, 'app', 'public', 'later.js'), 'export {};');
    expect((await fetch(`${base}/later.js`)).status).toBe(404);
  });

  it('answers GET and HEAD only', async () => {
    expect((await fetch(`${base}/lab.js`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/lab.js`, { method: 'POST' })).status).toBe(404);
  });
});
