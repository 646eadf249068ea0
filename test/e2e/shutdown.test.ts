import type { Connection } from 'mariadb';
import { startAppProcess } from '../support/appProcess';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { get } from '../support/http';
import { waitFor } from '../support/waitFor';

let admin: Connection;
beforeAll(async () => {
  admin = await chaosConnection();
});
afterAll(() => admin.end());

describe.each(['per-request', 'pool'])('graceful shutdown (%s)', (strategy) => {
  it('SIGTERM finishes the requests in flight, closes every connection and exits 0 within 10 s', async () => {
    const before = (await appConnections(admin)).map((c) => c.id);
    const app = await startAppProcess({ STRATEGY: strategy });
    const inFlight = Array.from({ length: 6 }, () => get(`${app.url}/lab/slow-person?ms=1500`, {}, 10_000));
    // Wait until the six statements are running on the server, then ask the app to stop.
    await waitFor('six running statements', async () =>
      (await appConnections(admin)).filter((c) => c.command === 'Query' && !before.includes(c.id)).length >= 6 || undefined);
    const stopping = app.stop('SIGTERM');
    const answers = await Promise.all(inFlight);
    const { code, ms } = await stopping;

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    await expect(get(`${app.url}/livez`, {}, 1000)).rejects.toThrow(); // no longer accepting
    const leftover = await waitFor('the stopped app to hold no connection', async () => {
      const mine = (await appConnections(admin)).filter((c) => !before.includes(c.id));
      return mine.length === 0 ? mine : undefined;
    }, { timeoutMs: 5000 });
    expect(leftover).toEqual([]);
    expect(app.output.join('\n')).toMatch(/lab app stopped/);
  });
});
