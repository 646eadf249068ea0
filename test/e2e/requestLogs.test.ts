import { startAppProcess, type AppProcess } from '../support/appProcess';
import { waitFor } from '../../lib/waitFor';

/**
 * Every log line written on a request's behalf names the request (its X-Request-Id): the failure
 * line at the default level, and at debug also the request's own line and the connection lines the
 * strategy writes far from the request's context.
 */
const logLine = (app: AppProcess, msg: string, reqId: string) =>
  waitFor(
    `a "${msg}" line of ${reqId}`,
    () =>
      app.output
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.msg === msg && entry.reqId === reqId),
    { timeoutMs: 5000 },
  );

describe("a request's log lines carry its reqId", () => {
  it('at info: the line of a request that failed on the database', async () => {
    const app = await startAppProcess({ STRATEGY: 'pool', DB_QUERY_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '1000' });
    try {
      const res = await fetch(`${app.url}/lab/slow-person?ms=2000`, { headers: { 'X-Request-Id': 'slow-1' } });
      expect(res.status).toBe(503);
      expect(await logLine(app, 'request failed', 'slow-1')).toMatchObject({ level: 50, kind: 'database-timeout' });
      // Nothing else is logged at info for a request, and no line names another request's id.
      expect(app.output.filter((line) => line.includes('"reqId"'))).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('at debug: also the request line, and the connection opened and closed for it', async () => {
    const app = await startAppProcess({ STRATEGY: 'per-request', LOG_LEVEL: 'debug' });
    try {
      const res = await fetch(`${app.url}/person/first`, { headers: { 'X-Request-Id': 'first-1' } });
      expect(res.status).toBe(200);
      expect(await logLine(app, 'request', 'first-1')).toMatchObject({ status: 200, url: '/person/first' });
      expect(await logLine(app, 'db connection opened', 'first-1')).toHaveProperty('threadId');
      expect(await logLine(app, 'db connection closed', 'first-1')).toHaveProperty('threadId');
    } finally {
      await app.stop();
    }
  });
});
