/**
 * Real Chromium for the dashboard tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a browser download). Without it the tests skip on a laptop, but fail where
 * REQUIRE_BROWSER is set (CI), so a missing browser cannot pass silently.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'artifacts/e2e';

/** True when the browser tests should be skipped rather than run (and so fail without Chromium). */
export const skipBrowserTests = !existsSync(CHROMIUM) && !process.env.REQUIRE_BROWSER;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Console errors and uncaught exceptions of the page, collected as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
