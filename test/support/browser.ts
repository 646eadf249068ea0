import { chromium, type Browser } from 'playwright-core';

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
