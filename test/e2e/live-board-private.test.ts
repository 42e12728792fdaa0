/**
 * The live board in real Chromium when live figures are not public (LIVE_PUBLIC=false): it asks
 * for the API key, says so when the key is refused, connects to /ws/live with a single-use
 * ticket bought with the key, reconnects with a fresh ticket after the service restarts, and a
 * tab that already has the planner's key connects without asking.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY } from '../support/fixtures.ts';
import { collectErrors, launchBrowser, screenshot, skipBrowserTests } from './browser.ts';
import { loadTestScenario, TestService } from './service.ts';

/** Chromium's console lines for what a private feed answers before the key is given (the 401s) and while the service is down. */
const EXPECTED = [
  /^WebSocket connection to '.*\/ws\/live' failed/,
  /^Failed to load resource: the server responded with a status of 401/,
  /^Failed to load resource: net::ERR_CONNECTION_REFUSED/,
];
const TICKET_URL = /\/ws\/live\?ticket=[A-Za-z0-9_-]{43}$/;

describe.skipIf(skipBrowserTests)('live board in Chromium, live figures not public', () => {
  let browser: Browser;
  let service: TestService;
  let page: Page;
  let errors: string[];
  const sockets: string[] = [];

  beforeAll(async () => {
    service = new TestService(await loadTestScenario(), { config: { LIVE_PUBLIC: 'false' } });
    await service.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('asks for the API key, refuses a wrong one, and goes live with the right one', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(service.url + '/');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('locked');
    await expect(page.getByTestId('live-key-form').textContent()).resolves.toMatch(/not public/);
    expect(await page.getByTestId('live-key-refused').count()).toBe(0);

    await page.getByTestId('live-api-key').fill('wrong-key-0123456789');
    await page.getByTestId('live-connect').click();
    await expect.poll(() => page.getByTestId('live-key-refused').count()).toBe(1);
    expect(await page.getByTestId('connection').getAttribute('data-state')).toBe('locked');
    await page.getByTestId('lang-ja').click();
    await expect(page.getByTestId('live-key-refused').textContent()).resolves.toContain('API キー');
    await screenshot(page, 'live-board-key-refused-ja');
    await page.getByTestId('lang-en').click();

    await page.getByTestId('live-api-key').fill(API_KEY);
    await page.getByTestId('live-connect').click();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('live');
    await expect.poll(() => page.getByTestId('rate-row').count()).toBe(service.scenario.categories.length);
    expect(await page.getByTestId('live-key-form').count()).toBe(0);
    // the key is kept for this tab, under the planner's storage key
    expect(await page.evaluate(`sessionStorage.getItem('helpline.api-key')`)).toBe(API_KEY);
    expect(sockets.filter((u) => TICKET_URL.test(u))).toHaveLength(1);
    // the day's history is read with the same key: every complete 15-minute slot since midnight (the clock reads 14:00 and a bit)
    await expect.poll(() => page.getByTestId('rate-day').getAttribute('data-history-points')).toBe(String(14 * 4));
  });

  it('reconnects with a fresh ticket after the service restarts', async () => {
    await service.stop();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('disconnected');
    await service.start();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    const tickets = sockets.filter((u) => TICKET_URL.test(u));
    expect(tickets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(errors.filter((e) => !EXPECTED.some((re) => re.test(e)))).toEqual([]);
    await page.close();
  });

  it('connects without asking in a tab that already has the key', async () => {
    const context = await browser.newContext();
    await context.addInitScript(`sessionStorage.setItem('helpline.api-key', ${JSON.stringify(API_KEY)})`);
    const tab = await context.newPage();
    const tabErrors = collectErrors(tab);
    await tab.goto(service.url + '/');
    await expect.poll(() => tab.getByTestId('connection').getAttribute('data-state')).toBe('live');
    expect(await tab.getByTestId('live-key-form').count()).toBe(0);
    expect(tabErrors.filter((e) => !EXPECTED.some((re) => re.test(e)))).toEqual([]);
    await context.close();
  });
});
