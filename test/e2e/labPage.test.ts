import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mariadb';
import type { Browser, Page } from 'playwright-core';
import { startAppProcess, type AppProcess } from '../support/appProcess';
import { launchBrowser } from '../support/browser';
import { appConnections, chaosConnection } from '../support/dbAdmin';
import { postJson } from '../support/http';
import { REPO_ROOT } from '../support/labEnv';
import { waitFor } from '../support/waitFor';

const SCREENSHOT = join(REPO_ROOT, 'test-artifacts', 'screenshots', 'lab-page.png');
const ER_NO_SUCH_THREAD = 1094;

let app: AppProcess;
let admin: Connection;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // debug logs name every connection this app opens, so the test kills only its own.
  app = await startAppProcess({ DB_STRATEGY: 'per-request', LOG_LEVEL: 'debug' });
  admin = await chaosConnection();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await admin?.end();
});

/** Thread ids of the connections this app process opened, from its own log (read incrementally). */
const ourThreadIds = new Set<number>();
let linesRead = 0;
function threadIdsOfThisApp(): Set<number> {
  for (; linesRead < app.output.length; linesRead++) {
    const line = app.output[linesRead];
    if (!line.includes('"db connection opened"')) continue;
    try {
      ourThreadIds.add(JSON.parse(line).threadId);
    } catch {
      // a log line cut in two by the pipe's chunking: skip it, the next connection will do
    }
  }
  return ourThreadIds;
}

/** What the chaos program does in kill-idle mode: KILL a sleeping app connection, then tell the lab page. */
async function killSleepingConnectionAndReport(): Promise<{ id: number; killedAt: number }> {
  return waitFor('a sleeping connection of this app to kill', async () => {
    const ours = threadIdsOfThisApp();
    const victim = (await appConnections(admin)).find((c) => c.command === 'Sleep' && ours.has(c.id));
    if (!victim) return undefined;
    try {
      await admin.query(`KILL ${victim.id}`);
    } catch (err) {
      if ((err as { errno?: number }).errno === ER_NO_SUCH_THREAD) return undefined; // it closed first: per-request connections are short
      throw err;
    }
    const killedAt = Date.now();
    const report = await postJson(`${app.url}/lab/chaos-events`, {
      type: 'kill', message: `killed idle connection ${victim.id} (${victim.command} for ${victim.time} s)`, connectionId: victim.id,
    });
    expect(report.status).toBe(201);
    return { id: victim.id, killedAt };
  }, { timeoutMs: 15_000, intervalMs: 10 });
}

// The tests run with Node's lib only (no DOM types): page-side code is passed as expressions.
const chartTotal = () => page.evaluate<number>('window.labChart.total');

describe('the lab page', () => {
  it('shows the strategy, the server and a live connection table, with no horizontal scroll at 1280 px', async () => {
    const [{ version }] = await admin.query<{ version: string }[]>('SELECT VERSION() AS version');
    const flavor = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
    await page.goto(app.url);

    await page.locator('#strategy', { hasText: 'per-request' }).waitFor({ timeout: 5000 });
    await page.locator('#server', { hasText: `${flavor} ${version.replace(/-.*$/, '')}` }).waitFor({ timeout: 5000 });
    await page.locator('#feed[data-state="live"]').waitFor({ timeout: 5000 });
    await expect(page.locator('#db-status').textContent()).resolves.toMatch(/reachable/);
    await expect(page.locator('#connections thead th[scope="col"]').allTextContents())
      .resolves.toEqual(['Connection id', 'Command', 'Idle (s)', 'State']);
    // Either this app's connections, or the empty state: never the "waiting" placeholder once the feed is live.
    await expect(page.locator('#connections tbody').textContent()).resolves.not.toMatch(/Waiting/);
    for (const href of ['/person/first', '/person/all', '/person/1', '/livez', '/readyz', '/metrics']) {
      await expect(page.locator(`nav a[href="${href}"]`).count()).resolves.toBe(1);
    }
    const [scrollWidth, clientWidth] = await page.evaluate<number[]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it('charts traffic sent from the page, and shows a kill within 2 s of it happening', async () => {
    const totalBefore = await chartTotal();
    await page.getByLabel('Parallel loops').fill('4');
    await page.getByLabel('Duration (seconds)').fill('60');
    await page.locator('#traffic-start').click();

    await waitFor('the page to count OK responses', async () => Number(await page.locator('#traffic-ok').textContent()) > 20, { timeoutMs: 10_000 });
    await waitFor('the chart to count the page\'s requests', async () => (await chartTotal()) > totalBefore, { timeoutMs: 5000 });
    // Per-request connections live for a request only: some process-list reads (one a second) catch them.
    await page.locator('#connections tbody th[scope="row"]').first().waitFor({ timeout: 15_000 });

    const searchStarted = Date.now();
    const { id, killedAt } = await killSleepingConnectionAndReport();
    console.log(`found and killed a sleeping connection in ${killedAt - searchStarted} ms`);
    const shown = page.locator(`#events li[data-type="kill"][data-id]`, { hasText: `connection #${id}` });
    await shown.waitFor({ timeout: 5000 });
    const killToVisibleMs = Date.now() - killedAt;
    const shownAt = Number(await shown.getAttribute('data-shown-at'));
    console.log(`lab page: kill of connection ${id} visible after ${killToVisibleMs} ms (rendered ${shownAt - killedAt} ms after the KILL)`);
    expect(killToVisibleMs).toBeLessThan(2000);
    await expect(page.locator('#events').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(shown.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);

    // A few more seconds of traffic so the chart shows a shape, then the picture for the README.
    await waitFor('ten busy seconds on the chart', () =>
      page.evaluate<boolean>('window.labChart.seconds.filter((s) => s.succeeded > 0).length >= 10'), { timeoutMs: 20_000 });
    const totalAfter = await chartTotal();
    expect(totalAfter).toBeGreaterThan(totalBefore);
    await expect(page.locator('#chart').getAttribute('data-total')).resolves.toBe(String(totalAfter));
    // A nicer picture has connections in the table; per-request ones come and go, so do not insist.
    await page.locator('#connections tbody th[scope="row"]').first().waitFor({ timeout: 3000 }).catch(() => undefined);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
    copyFileSync(SCREENSHOT, join(REPO_ROOT, 'docs', 'lab-page.png'));
    console.log(`lab page screenshot: ${SCREENSHOT}`);

    await page.locator('#traffic-stop').click();
    await page.locator('#traffic-status', { hasText: 'Stopped' }).waitFor({ timeout: 5000 });
    await expect(page.locator('#traffic-start').isEnabled()).resolves.toBe(true);
  });

  it('falls back to polling /lab/status when server-sent events do not get through', async () => {
    const polling = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await polling.route('**/lab/events', (route) => route.abort());
      await polling.goto(app.url);
      await polling.locator('#feed[data-state="polling"]').waitFor({ timeout: 10_000 });
      await polling.locator('#strategy', { hasText: 'per-request' }).waitFor({ timeout: 5000 });
      const reported = await postJson(`${app.url}/lab/chaos-events`, { type: 'kill-query', message: 'interrupted a statement (polling test)' });
      expect(reported.status).toBe(201);
      // Polling every 2 s: the event shows within one interval and a little.
      await polling.locator(`#events li[data-id="${reported.json().id}"]`, { hasText: 'polling test' }).waitFor({ timeout: 3000 });
    } finally {
      await polling.close();
    }
  });
});
