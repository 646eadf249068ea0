import { chromium, type Browser, type Page, type Request, type Response } from 'playwright-core';

/**
 * The system's Chromium, headless. playwright-core never downloads a browser: it drives the one
 * installed by the distribution (CHROMIUM_PATH overrides where that is).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Chromium aborts the requests it has in flight, loopback ones included, whenever a network interface
 * comes or goes on the host: here, Docker adding or removing another lab's veth while a test runs.
 * That is the host's doing, not the page's, so a console error that says so is not a page error.
 */
export const isHostNetworkChange = (text: string): boolean => text.includes('net::ERR_NETWORK_CHANGED');

/**
 * page.goto(url), waiting for the load event (the page's module scripts included). When Chromium
 * aborted one of the page's own requests because the host's network changed, the page is loaded
 * again, up to three times, instead of testing a page that lost a script.
 */
export async function openUrl(page: Page, url: string): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    const aborted: string[] = [];
    const onFailed = (request: Request) => {
      if (isHostNetworkChange(request.failure()?.errorText ?? '')) aborted.push(request.url());
    };
    page.on('requestfailed', onFailed);
    try {
      const response = await page.goto(url);
      if (aborted.length === 0 || attempt === 3) return response;
    } catch (err) {
      if (!isHostNetworkChange(String(err)) || attempt === 3) throw err;
    } finally {
      page.off('requestfailed', onFailed);
    }
    console.info(`loading ${url} again: the host's network changed during the load (${aborted.join(', ')})`);
  }
}
