import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Connection } from 'mariadb';
import type { Browser, Page } from 'playwright-core';
import { fetchMetric } from '../../lib/appMetrics';
import { startAppProcess, TEST_EVENTS_TOKEN, type AppProcess } from '../support/appProcess';
import { isHostNetworkChange, launchBrowser, openUrl } from '../support/browser';
import { chaosAimedAt, type AimedChaos, type KillSeen } from '../support/chaosAimedAt';
import { chaosConnection } from '../support/dbAdmin';
import { startChaosProcess } from '../support/chaosProcess';
import { ensureDatabaseAnswers } from '../support/dbContainer';
import { get, postJson } from '../support/http';
import { lab, REPO_ROOT } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';

const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');
// The README's picture changes only when asked for, so a learner's test run leaves the git tree clean.
const DOCS_SCREENSHOT =
  process.env.UPDATE_DOCS_SCREENSHOT === '1' ? join(REPO_ROOT, 'docs', 'lab-page.png') : undefined;
const VIEWPORT = { width: 1280, height: 800 }; // a laptop screen

let app: AppProcess;
let admin: Connection;
let chaos: AimedChaos;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // debug logs name every connection this app opens, so the chaos kills only this app's.
  app = await startAppProcess({ STRATEGY: 'per-request', LOG_LEVEL: 'debug' });
  admin = await chaosConnection();
  chaos = chaosAimedAt(admin, {
    targetUser: lab.appUser,
    isOurs: (id) => app.openedThreadIds().includes(id),
    reportUrl: `${app.url}/lab/chaos-events`,
  });
  browser = await launchBrowser();
  // A read whose retry is killed too fails: the page counts it as the lab's, not as a page error.
  page = await openPage(/status of 503 .*\/person\/first\)$/);
});

// Every test leaves a picture of the page, passed or failed: the first thing to look at when one fails.
afterEach(async () => {
  if (!page) return;
  const name = (expect.getState().currentTestName ?? 'lab page')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .slice(0, 80);
  await saveScreenshot(page, `${name}.png`);
  expect(browserErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await chaos?.flush();
  await browser?.close();
  await app?.stop();
  await admin?.end();
  console.log(`lab page screenshots: ${SCREENSHOTS}`);
});

/** Errors the page's scripts logged or threw (a module that fails to load shows up here); each test expects none. */
const browserErrors: string[] = [];

/** A page at laptop size whose console errors fail the test; `expected` matches the ones a test causes on purpose. */
async function openPage(expected?: RegExp): Promise<Page> {
  const opened = await browser.newPage({ viewport: VIEWPORT });
  opened.on('pageerror', (err) => browserErrors.push(`uncaught: ${err.message}`));
  opened.on('console', (message) => {
    const text = `console.${message.type()}: ${message.text()} (${message.location().url})`;
    if (message.type() === 'error' && !expected?.test(text) && !isHostNetworkChange(text)) browserErrors.push(text);
  });
  return opened;
}

/** Kill-idle rounds until one kills something: per-request connections sleep for a few milliseconds at a time. */
function killWhenOneSleeps(): Promise<KillSeen[]> {
  return waitFor(
    'a sleeping connection of this app to kill',
    async () => {
      const killed = await chaos.killIdleRound();
      return killed.length > 0 ? killed : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 10 },
  );
}

// The tests run with Node's lib only (no DOM types): page-side code is passed as expressions.
const chartTotal = () => page.evaluate<number>('window.labChart.total');

/** Saves a picture of the page under test-artifacts/screenshots/; returns its path. */
async function saveScreenshot(shown: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await shown.screenshot({ path, fullPage: true });
  return path;
}

describe('the lab page', () => {
  it('shows the strategy, the server and a live connection table, with no horizontal scroll at 1280 px', async () => {
    const [{ version }] = await admin.query<{ version: string }[]>('SELECT VERSION() AS version');
    const flavor = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
    await openUrl(page, app.url);

    await page.locator('#strategy', { hasText: 'per-request' }).waitFor({ timeout: 5000 });
    await page.locator('#server', { hasText: `${flavor} ${version.replace(/-.*$/, '')}` }).waitFor({ timeout: 5000 });
    await page.locator('#feed[data-state="live"]').waitFor({ timeout: 5000 });
    await expect(page.locator('#db-status').textContent()).resolves.toMatch(/reachable/);
    await expect(page.locator('#connections thead th[scope="col"]').allTextContents()).resolves.toEqual([
      'Connection id',
      'Command',
      'Idle (s)',
      'State',
    ]);
    // Either this app's connections, or the empty state: never the "waiting" placeholder once the feed is live.
    await expect(page.locator('#connections tbody').textContent()).resolves.not.toMatch(/Waiting/);
    for (const href of ['/person/first', '/person/all', '/person/1', '/livez', '/readyz', '/metrics']) {
      await expect(page.locator(`nav a[href="${href}"]`).count()).resolves.toBe(1);
    }
    const [scrollWidth, clientWidth] = await page.evaluate<number[]>(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it('charts traffic sent from the page, and shows a kill by the chaos program within 2 s of it happening', async () => {
    const totalBefore = await chartTotal();
    await page.getByLabel('Parallel loops').fill('4');
    await page.getByLabel('Duration (seconds)').fill('60');
    await page.locator('#traffic-start').click();

    await waitFor(
      'the page to count OK responses',
      async () => Number(await page.locator('#traffic-ok').textContent()) > 20,
      { timeoutMs: 10_000 },
    );
    await waitFor("the chart to count the page's requests", async () => (await chartTotal()) > totalBefore, {
      timeoutMs: 5000,
    });
    // Per-request connections live for a request only: some process-list reads (one a second) catch them.
    await page.locator('#connections tbody th[scope="row"]').first().waitFor({ timeout: 15_000 });

    const firstRound = await killWhenOneSleeps();
    const [kill] = firstRound;
    const totalAtKill = await chartTotal();
    const shown = page.locator('#events li[data-type="kill"][data-source="chaos"]', {
      hasText: `connection #${kill.id}`,
    });
    await shown.waitFor({ timeout: 5000 });
    const killToVisibleMs = Date.now() - kill.killedAt;
    const renderedMs = Number(await shown.getAttribute('data-shown-at')) - kill.killedAt;
    console.log(
      `lab page: the kill of connection ${kill.id} was visible ${killToVisibleMs} ms after the KILL (rendered after ${renderedMs} ms)`,
    );
    expect(killToVisibleMs).toBeLessThan(2000);
    await expect(shown.locator('.message').textContent()).resolves.toMatch(
      `kill-idle: killed connection ${kill.id} (idle `,
    );
    await expect(shown.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(page.locator('#events').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(page.evaluate<number>('window.labChart.chaosMarked')).resolves.toBeGreaterThanOrEqual(1); // and marked on the chart

    // The chart goes on counting after the kill, and shows what kills do to per-request: a retried read.
    await waitFor('the chart to count requests after the kill', async () => (await chartTotal()) > totalAtKill, {
      timeoutMs: 5000,
    });
    // More kill-idle rounds, until one kill lands before a request's query: the read is retried.
    let kills = firstRound.length;
    await waitFor(
      'a kill that makes a read retry',
      async () => {
        if ((await fetchMetric(app.url, 'db_retries_total')) > 0) return true;
        kills += (await chaos.killIdleRound()).length;
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    await waitFor(
      'the retried request on the chart',
      () => page.evaluate<boolean>('window.labChart.totals.retried > 0'),
      { timeoutMs: 5000 },
    );
    console.log(`lab page: ${kills} kills until the chart showed a retried request`);

    // For the README's picture, more seconds of traffic so the chart shows a shape around the kills. A test
    // run proves nothing more by waiting for them (the chart counted on after the kill, above): it goes on.
    if (DOCS_SCREENSHOT)
      await waitFor(
        'twenty busy seconds on the chart',
        () => page.evaluate<boolean>('window.labChart.seconds.filter((s) => s.succeeded > 0).length >= 20'),
        { timeoutMs: 30_000 },
      );
    const totalAfter = await chartTotal();
    expect(totalAfter).toBeGreaterThan(totalAtKill);
    await expect(page.locator('#chart').getAttribute('data-total')).resolves.toBe(String(totalAfter));
    // A nicer picture has connections in the table; per-request ones come and go, so do not insist.
    await page
      .locator('#connections tbody th[scope="row"]')
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => undefined);
    const picture = await saveScreenshot(page, 'lab-page.png');
    if (DOCS_SCREENSHOT) {
      copyFileSync(picture, DOCS_SCREENSHOT);
      console.log(`the README's picture: ${picture} copied to ${relative(REPO_ROOT, DOCS_SCREENSHOT)}`);
    }

    await page.locator('#traffic-stop').click();
    await page.locator('#traffic-status', { hasText: 'Stopped' }).waitFor({ timeout: 5000 });
    await expect(page.locator('#traffic-start').isEnabled()).resolves.toBe(true);
    await chaos.flush();
    expect(chaos.lines.filter((line) => !line.startsWith('kill-idle: killed connection'))).toEqual([]); // every report reached the app
  });

  it('shows requests waiting on a partitioned database as in flight, then as timed out, apart from failed', async () => {
    await openUrl(page, app.url);
    await page.locator('#feed[data-state="live"]').waitFor({ timeout: 5000 });
    const timedOutBefore = await page.evaluate<number>('window.labChart.totals.timedOut');
    // Three slow reads hold their connections; the partition takes their answers away.
    const slow = Array.from({ length: 3 }, () => get(`${app.url}/lab/slow-person?ms=5000`, {}, 15_000));
    const partition = startChaosProcess('partition', {
      CHAOS_DOWN_SECONDS: '8',
      CHAOS_INTERVAL: '600',
      CHAOS_REPORT_URL: `${app.url}/lab/chaos-events`,
      LAB_EVENTS_TOKEN: TEST_EVENTS_TOKEN,
    });
    try {
      await partition.waitForLine(/cut off the network/, 30_000);
      await page.locator('#in-flight[data-count="3"]').waitFor({ timeout: 5000 });
      const answers = await Promise.all(slow);
      expect(answers.map((a) => a.json().error)).toEqual(Array(3).fill('database-timeout'));
      await waitFor(
        'the chart to count three timed-out requests',
        async () => (await page.evaluate<number>('window.labChart.totals.timedOut')) >= timedOutBefore + 3,
        { timeoutMs: 10_000 },
      );
      await page.locator('#in-flight[data-count="0"]').waitFor({ timeout: 5000 });
      await expect(page.locator('#chart-summary').textContent()).resolves.toMatch(/[1-9]\d* timed out/);
      await page
        .locator('#events li.tone-chaos[data-type="partition"][data-source="chaos"]', {
          hasText: 'cut off the network',
        })
        .waitFor({ timeout: 5000 });
    } finally {
      expect(await partition.stop()).toMatchObject({ code: 0 });
      await ensureDatabaseAnswers();
    }
  });

  it('reads on a laptop screen (1280×800) and is accessible: labelled controls, AA contrast, no tiny text', async () => {
    // The page as the previous test left it: events, connections, counts, a chart with marks.
    const problems = await page.evaluate<{ lowContrast: string[]; tooSmall: string[]; unlabelled: string[] }>(
      readFileSync(join(__dirname, '..', 'support', 'readabilityProblems.browser.js'), 'utf8'),
    );
    expect(problems).toEqual({ lowContrast: [], tooSmall: [], unlabelled: [] });
    // The first screen shows what the lab is about, without scrolling: the chart, the connections, the events.
    for (const heading of ['#chart-heading', '#connections-heading', '#events-heading', '#traffic-heading']) {
      const box = await page.locator(heading).boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
    }
    await expect(page.getByRole('spinbutton', { name: 'Parallel loops' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Start traffic' }).isEnabled()).resolves.toBe(true);
  });

  it('is served with a Content-Security-Policy: its own scripts run, an injected one does not', async () => {
    const res = await openUrl(page, app.url);
    const policy = (await res!.allHeaders())['content-security-policy'];
    expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
    // 'self', and the one inline script of the page (its import map) by its hash: nothing else inline.
    expect(policy).toMatch(/(^|; )script-src 'self'( 'sha256-[A-Za-z0-9+/=]{44}')?(;|$)/);
    expect(policy).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    await page.locator('#feed[data-state="live"]').waitFor({ timeout: 5000 }); // the page's modules ran
    // What an injected <script> would do (a name shown unescaped, say): refused by the browser.
    const other = await openPage(/Content Security Policy/); // the violation report this test causes
    try {
      await openUrl(other, app.url);
      await expect(other.addScriptTag({ content: 'window.injected = true' })).rejects.toThrow();
      await expect(other.evaluate<boolean>('window.injected === true')).resolves.toBe(false);
    } finally {
      await other.close();
    }
  });

  it('falls back to polling /lab/status when server-sent events do not get through', async () => {
    const polling = await openPage(/Failed to load resource.*\/lab\/events\)$/); // the stream this test blocks
    try {
      await polling.route('**/lab/events', (route) => route.abort());
      await openUrl(polling, app.url);
      await polling.locator('#feed[data-state="polling"]').waitFor({ timeout: 10_000 });
      await polling.locator('#strategy', { hasText: 'per-request' }).waitFor({ timeout: 5000 });
      const reported = await postJson(
        `${app.url}/lab/chaos-events`,
        { type: 'kill-query', message: 'interrupted a statement (polling test)' },
        { authorization: `Bearer ${TEST_EVENTS_TOKEN}` },
      );
      expect(reported.status).toBe(201);
      // Polling every 2 s: the event shows within one interval and a little.
      await polling
        .locator(`#events li[data-id="${reported.json().id}"]`, { hasText: 'polling test' })
        .waitFor({ timeout: 3000 });
    } finally {
      await polling.close();
    }
  });
});
