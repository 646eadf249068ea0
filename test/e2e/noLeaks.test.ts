import { appConnections, chaosConnection } from '../support/dbAdmin';
import { get } from '../support/http';
import { lab } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';
import type { Connection } from 'mariadb';

let admin: Connection;
beforeAll(async () => {
  admin = await chaosConnection();
});
afterAll(() => admin.end());

describe('per-request connections never leak', () => {
  it('after 200 requests, some to a route that throws, the app user holds no connection', async () => {
    const strategy = (await get(`${lab.appUrl}/livez`)).headers.get('x-db-strategy');
    expect(strategy).toBe('per-request');
    const paths = Array.from({ length: 200 }, (_, i) =>
      i % 4 === 0 ? '/lab/route-error' : i % 4 === 1 ? '/person/424242' : '/person/first',
    );
    const statuses: number[] = [];
    for (let i = 0; i < paths.length; i += 10) {
      statuses.push(
        ...(await Promise.all(paths.slice(i, i + 10).map(async (p) => (await get(`${lab.appUrl}${p}`)).status))),
      );
    }
    expect(statuses.filter((s) => s === 500)).toHaveLength(50); // the route that throws did throw
    expect(statuses.filter((s) => s === 404)).toHaveLength(50);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    // Closing is asynchronous (COM_QUIT then the server drops the thread): wait for the list to empty.
    const left = await waitFor(
      'the app user to hold no connection',
      async () => {
        const rows = await appConnections(admin);
        return rows.length === 0 ? rows : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(left).toEqual([]);
  });
});
