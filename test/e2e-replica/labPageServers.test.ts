import { switchoverDone } from '../../chaos/src';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { isHostNetworkChange, launchBrowser, openUrl } from '../support/browser';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import { chaosUntil, currentPrimary, make, replicaEnv, replicaLab, upReplicaLab } from '../support/replicaLab';
import { runShellCommand } from '../../lib/shellCommand';
import { REPO_ROOT } from '../support/labEnv';
import { waitFor } from '../../lib/waitFor';

/**
 * The lab page of the replicated lab, in headless Chromium: both servers, which one is the primary, and,
 * through a real failover (the chaos program's), the roles swapping and the app's connections moving;
 * a stopped server shown as down.
 */
jest.setTimeout(300_000);

let browser: Browser;
let page: Page;
let writers: ReturnType<typeof startKeyedWriters> | undefined;
const browserErrors: string[] = [];

beforeAll(async () => {
  await upReplicaLab();
  // The pool keeps its connections between requests, so the page has connections to count on each server.
  await make('up TOPOLOGY=primary-replica STRATEGY=pool');
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => browserErrors.push(`uncaught: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !isHostNetworkChange(message.text())) {
      browserErrors.push(`console.error: ${message.text()}`);
    }
  });
  await openUrl(page, `${replicaLab.appUrl}/`);
});

// A picture of the page after each test, passed or failed: the first thing to look at when one fails.
afterEach(async () => {
  const dir = join(REPO_ROOT, 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const name = (expect.getState().currentTestName ?? 'servers').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  await page?.screenshot({ path: join(dir, `replica-${name.slice(0, 70)}.png`), fullPage: true });
  expect(browserErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await writers?.stop();
  await browser?.close();
});

interface CardSeen {
  role: string;
  connections: number;
  text: string;
}

/** The server's card as the page shows it now. */
async function card(server: string): Promise<CardSeen> {
  const item = page.getByTestId(`server-${server}`);
  return {
    role: (await item.getAttribute('data-role', { timeout: 1000 })) ?? '',
    connections: Number(await item.getAttribute('data-connections', { timeout: 1000 })),
    text: await item.innerText({ timeout: 1000 }),
  };
}

/** Waits until both cards satisfy `check`, failing with what the page showed last. */
async function waitForCards(what: string, check: (cards: Record<string, CardSeen>) => boolean, timeoutMs: number) {
  let last: Record<string, CardSeen> | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = { db: await card('db'), db2: await card('db2') };
        return check(last) && last;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; the page showed ${JSON.stringify(last)}`, { cause: err });
  }
}

const other = (server: string) => (server === 'db' ? 'db2' : 'db');

test('the page shows both servers: the primary behind the endpoint, writable, with the app on it; the replica read-only and how far behind', async () => {
  const primary = await currentPrimary();
  writers = startKeyedWriters(replicaLab.appUrl, { clients: 2, pauseMs: 50 });
  const cards = await waitForCards(
    `${primary} shown as the primary holding the app's connections, ${other(primary)} as its replica`,
    (c) =>
      c[primary].role === 'primary' &&
      c[primary].connections > 0 &&
      c[other(primary)].role === 'replica' &&
      c[other(primary)].connections === 0,
    30_000,
  );
  expect(cards[primary].text).toMatch(/primary, behind the endpoint[\s\S]*writable \(read_only OFF\)/);
  expect(cards[other(primary)].text).toMatch(
    new RegExp(`replica[\\s\\S]*refused \\(read_only ON[\\s\\S]*from ${primary}, \\d+ s behind`),
  );
});

test("through a failover (make chaos MODE=failover) the roles swap and the app's connections move to the new primary", async () => {
  const before = await currentPrimary();
  writers ??= startKeyedWriters(replicaLab.appUrl, { clients: 2, pauseMs: 50 });
  const log = await chaosUntil('failover', 600, switchoverDone(1), 120_000);
  expect(log).toMatch(new RegExp(`endpoint moved to ${other(before)}`));
  const cards = await waitForCards(
    `${other(before)} shown as the primary with the app's connections, ${before} as its replica with none`,
    (c) =>
      c[other(before)].role === 'primary' &&
      c[other(before)].connections > 0 &&
      c[before].role === 'replica' &&
      c[before].connections === 0,
    30_000,
  );
  expect(cards[before].text).toMatch(new RegExp(`from ${other(before)}, \\d+ s behind`));
  await expect(page.getByTestId('events').innerText()).resolves.toContain(
    `The endpoint leads to ${other(before)} now (it led to ${before})`,
  );
});

test('a replica that is stopped shows as down within seconds, the page keeps working, and it is a replica again once started', async () => {
  const primary = await currentPrimary();
  const replica = other(primary);
  const container = `${replicaLab.project}-${replica}-1`;
  await docker(`stop ${container}`);
  try {
    const down = await waitForCards(
      `${replica} shown as down, ${primary} still the primary`,
      (c) => c[replica].role === 'down' && c[primary].role === 'primary',
      15_000,
    );
    expect(down[replica].text).toMatch(/down \((server-unreachable|database-timeout)\)/);
    await expect(page.getByTestId('feed').innerText()).resolves.toMatch(/live/);
  } finally {
    await docker(`start ${container}`);
  }
  // It comes back read-only and replicates again from where it stopped.
  await waitForCards(`${replica} a replica again`, (c) => c[replica].role === 'replica', 120_000);
});

async function docker(args: string): Promise<void> {
  const { code, output } = await runShellCommand(`docker ${args}`, { env: replicaEnv, timeoutMs: 60_000 });
  if (code !== 0) throw new Error(`docker ${args} failed (${code}): ${output}`);
}
