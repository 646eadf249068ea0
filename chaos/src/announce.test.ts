import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LabReporter, createAnnouncer, createPrinter } from './announce';

describe('createPrinter', () => {
  it('writes one line with the time in front', () => {
    let written = '';
    const print = createPrinter(
      (text) => {
        written += text;
      },
      () => new Date('2026-01-02T06:12:03.412Z'),
    );
    print('kill-idle: killed connection 42 (idle 7s) — total 3');
    expect(written).toBe('06:12:03.412 kill-idle: killed connection 42 (idle 7s) — total 3\n');
  });
});

describe('LabReporter', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  let status = 201;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({
          path: req.url,
          type: req.headers['content-type'],
          authorization: req.headers.authorization,
          body: JSON.parse(body),
        });
        res.writeHead(status).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lab/chaos-events`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('prints the line and POSTs the event to the lab page, with the events token', async () => {
    const lines: string[] = [];
    const reporter = new LabReporter(url, (l) => lines.push(l), 'token-of-the-lab-events');
    createAnnouncer(
      (l) => lines.push(l),
      reporter,
    )({ type: 'kill', message: 'kill-idle: killed connection 42 (idle 7s) — total 1', connectionId: 42 });
    await reporter.flush();
    expect(lines).toEqual(['kill-idle: killed connection 42 (idle 7s) — total 1']);
    expect(received.pop()).toEqual({
      path: '/lab/chaos-events',
      type: 'application/json',
      authorization: 'Bearer token-of-the-lab-events',
      body: { type: 'kill', message: 'kill-idle: killed connection 42 (idle 7s) — total 1', connectionId: 42 },
    });
  });

  it('says once that reporting fails, and again when it works', async () => {
    const lines: string[] = [];
    const reporter = new LabReporter(url, (l) => lines.push(l));
    status = 500;
    reporter.send({ type: 'kill', message: 'a' });
    await reporter.flush();
    reporter.send({ type: 'kill', message: 'b' });
    await reporter.flush();
    status = 201;
    reporter.send({ type: 'kill', message: 'c' });
    await reporter.flush();
    expect(lines).toEqual([
      `could not report to the lab page (${url}): HTTP 500; the chaos goes on`,
      `reporting to the lab page works again (${url})`,
    ]);
  });

  it('does nothing without a URL', async () => {
    const reporter = new LabReporter(undefined, () => {
      throw new Error('must not print');
    });
    reporter.send({ type: 'kill', message: 'x' });
    await reporter.flush();
  });
});
