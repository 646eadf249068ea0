import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import type { Connection } from 'mariadb';
import { ROOM_FOR_A_BUSY_MACHINE, startAppProcess } from '../support/appProcess';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { get } from '../support/http';
import { REPO_ROOT } from '../support/labEnv';
import { startReaders } from '../../lib/load/readers';
import { tally } from '../../lib/load/load';
import { waitFor } from '../../lib/waitFor';

let admin: Connection;
beforeAll(async () => {
  admin = await chaosConnection();
});
afterAll(() => admin.end());

describe.each(['per-request', 'pool'])('graceful shutdown (%s)', (strategy) => {
  it('SIGTERM finishes the requests in flight, closes every connection and exits 0 within 10 s', async () => {
    const before = (await appConnections(admin)).map((c) => c.id);
    const app = await startAppProcess({ STRATEGY: strategy });
    const inFlight = Array.from({ length: 4 }, () => get(`${app.url}/lab/slow-person?ms=1500`, {}, 10_000));
    // Wait until the four statements are running on the server, then ask the app to stop.
    await waitFor(
      'four running statements',
      async () =>
        (await appConnections(admin)).filter((c) => c.command === 'Query' && !before.includes(c.id)).length >= 4 ||
        undefined,
    );
    const stopping = app.stop('SIGTERM');
    const answers = await Promise.all(inFlight);
    const { code, ms } = await stopping;

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    await expect(get(`${app.url}/livez`, {}, 1000)).rejects.toThrow(); // no longer accepting
    const leftover = await waitFor(
      'the stopped app to hold no connection',
      async () => {
        const mine = (await appConnections(admin)).filter((c) => !before.includes(c.id));
        return mine.length === 0 ? mine : undefined;
      },
      { timeoutMs: 5000 },
    );
    expect(leftover).toEqual([]);
    expect(app.output.join('\n')).toMatch(/lab app stopped/);
  });
});

/** One request on a connection of its own, with the headers fetch hides (Connection). */
function getOnce(url: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

const LB_DELAY_MS = 2000;

describe.each(['per-request', 'pool'])('shutdown under keep-alive load (%s)', (strategy) => {
  it('every request gets an answer: those accepted before SIGTERM finish, later ones get 503 JSON with Connection: close, readiness turns false', async () => {
    const app = await startAppProcess({ STRATEGY: strategy, ...ROOM_FOR_A_BUSY_MACHINE });
    // 16 clients on keep-alive connections; and slow requests still running at SIGTERM. A load balancer
    // takes the app out only after its health checks have failed a few times: for LB_DELAY_MS after the
    // first "shutting down" answer the clients keep sending, each time on a new connection (every answer
    // now says Connection: close). They stop then, or at their first failure. Closing the listener while
    // they still send would refuse them, or reset the connections waiting in the accept queue.
    let drainSeenAt: number | undefined;
    const load = startReaders(app.url, {
      clients: 16,
      paths: ['/person/first'],
      pauseMs: 20,
      stopAfter: (o) => {
        if (o.status === 503) drainSeenAt ??= Date.now();
        return o.status === 0 || (drainSeenAt !== undefined && Date.now() - drainSeenAt >= LB_DELAY_MS);
      },
    });
    await waitFor('the load to be going', () => load.outcomes.length >= 100, { timeoutMs: 10_000 });
    const slow = Array.from({ length: 2 }, () => get(`${app.url}/lab/slow-person?ms=1500`, {}, 10_000));
    // The slow statements themselves (their SLEEP), not two of the readers' quick ones caught running.
    const slowRunning = async () =>
      (await appConnections(admin)).filter((c) => c.command === 'Query' && /SLEEP/i.test(c.statement ?? ''));
    await waitFor('the slow statements to run', async () => (await slowRunning()).length >= 2 || undefined, {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    const stopping = app.stop('SIGTERM');
    const notReady = await waitFor(
      'readiness to turn false',
      async () => {
        const res = await getOnce(`${app.url}/readyz`);
        return res.status === 503 ? res : undefined;
      },
      { timeoutMs: 5000, intervalMs: 20 },
    );
    await waitFor(
      'the load balancer to have taken the app out',
      () => drainSeenAt !== undefined && Date.now() - drainSeenAt >= LB_DELAY_MS + 1000,
      { timeoutMs: 15_000 },
    );
    const outcomes = await load.stop();
    const slowAnswers = await Promise.all(slow);
    const { code } = await stopping;

    expect(notReady.connection).toBe('close');
    expect(JSON.parse(notReady.body)).toEqual({ error: 'shutting-down', detail: expect.any(String) });
    expect(slowAnswers.map((a) => a.status)).toEqual([200, 200]);
    expect(tally(outcomes)).toEqual({
      '/person/first → 200': expect.any(Number),
      '/person/first → 503 shutting-down': expect.any(Number), // never a refused or reset connection
    });
    expect(code).toBe(0);
  });
});

/** The app's stop_grace_period in seconds, as compose resolves docker-compose.yml with these settings. */
function stopGraceSeconds(settings: Record<string, string>): number {
  const config = execFileSync('docker', ['compose', 'config', '--format', 'json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...settings },
    encoding: 'utf8',
  });
  const grace = (JSON.parse(config) as { services: { app: { stop_grace_period: string } } }).services.app
    .stop_grace_period;
  const [, minutes = '0', seconds = '0'] = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(grace) ?? [];
  return Number(minutes) * 60 + Number(seconds);
}

describe('compose gives the app the whole SHUTDOWN_TIMEOUT_MS before it kills it', () => {
  // `make down` sends SIGTERM, then SIGKILL after stop_grace_period: a fixed 20 s killed an app told to
  // wait 60 s for a slow request (exit 137, no "lab app stopped").
  it.each(['', '13000', '25000', '60000'])('SHUTDOWN_TIMEOUT_MS=%j', (setting) => {
    const shutdownSeconds = Number(setting || '13000') / 1000; // empty: the app's default
    // The app's own closing after the deadline (connections, the pool) needs a moment more.
    expect(stopGraceSeconds({ SHUTDOWN_TIMEOUT_MS: setting })).toBeGreaterThanOrEqual(shutdownSeconds + 3);
  });
});
