import type { Connection } from 'mariadb';
import { startAppProcess, type AppProcess } from '../support/appProcess';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { get } from '../support/http';
import { waitFor } from '../../lib/waitFor';

let admin: Connection;
let app: AppProcess;
beforeAll(async () => {
  admin = await chaosConnection();
});
afterAll(async () => {
  await app?.stop();
  await admin.end();
});

describe('the naive strategy: one connection for ever', () => {
  it('works until its connection is killed, then fails and stays failed, without crashing', async () => {
    const before = (await appConnections(admin)).map((c) => c.id);
    app = await startAppProcess({ STRATEGY: 'naive' });
    expect((await get(`${app.url}/person/first`)).status).toBe(200);

    const [mine] = (await appConnections(admin)).filter((c) => !before.includes(c.id));
    expect(mine).toMatchObject({ command: 'Sleep' }); // the one long-lived connection, asleep between requests
    await admin.query(`KILL ${mine.id}`);
    await waitFor(
      `connection ${mine.id} to leave the process list`,
      async () => !(await appConnections(admin)).some((c) => c.id === mine.id),
    );

    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await get(`${app.url}/person/first`);
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({
        error: 'connection-lost',
        detail: expect.stringMatching(/naive strategy .* never opens a new one/),
      });
    }
    expect((await get(`${app.url}/readyz`)).status).toBe(503);
    expect((await get(`${app.url}/livez`)).status).toBe(200);
    expect(app.child.exitCode).toBeNull(); // still running
  });
});
