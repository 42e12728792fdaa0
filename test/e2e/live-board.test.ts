/**
 * The live board in real Chromium: simulated callers replayed against the service move the
 * page's figures, which agree with GET /live; a board opened later draws the day's curve from
 * GET /live/history; when the service restarts the page says it is
 * disconnected, then reconnects by itself.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../cli/commands/replay.ts';
import type { Scenario } from '../../core/scenario/schema.ts';
import type { LiveHistory, LiveSnapshot } from '../../src/live/live-metrics.ts';
import { collectErrors, launchBrowser, screenshot, skipBrowserTests } from './browser.ts';
import { loadTestScenario, TestService } from './service.ts';

/** Chromium logs a refused WebSocket as a console error; expected only while the service is down. */
const REFUSED_WEBSOCKET = /^WebSocket connection to '.*' failed/;

interface RowFigures {
  category: string;
  attempts: number;
  answered: number;
}

async function pageFigures(page: Page): Promise<RowFigures[]> {
  const rows = page.getByTestId('rate-row');
  const out: RowFigures[] = [];
  for (const row of await rows.all()) {
    out.push({
      category: (await row.getAttribute('data-category'))!,
      attempts: Number(await row.getAttribute('data-today-attempts')),
      answered: Number(await row.getAttribute('data-today-answered')),
    });
  }
  return out;
}

async function apiFigures(url: string): Promise<RowFigures[]> {
  const live = (await (await fetch(`${url}/live`)).json()) as LiveSnapshot;
  return live.categories.map((c) => ({ category: c.category, attempts: c.windows.today.attempts, answered: c.windows.today.answered }));
}

describe.skipIf(skipBrowserTests)('live board in Chromium', () => {
  let browser: Browser;
  let service: TestService;
  let scenario: Scenario;

  beforeAll(async () => {
    scenario = await loadTestScenario();
    service = new TestService(scenario);
    await service.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** The page that follows the service through every test below, at 1280 × 800. */
  let page: Page;
  let errors: string[];

  it('shows replayed calls as they happen, and then exactly the figures of GET /live', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    await page.goto(service.url + '/');
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('live');
    expect((await pageFigures(page)).map((r) => r.category)).toEqual(scenario.categories.map((c) => c.id));
    expect((await pageFigures(page)).every((r) => r.attempts === 0)).toBe(true);

    // a flat day of callers, so the hour replayed has plenty of them; 1 scenario hour = 12 s
    const flat = { ...scenario, arrivals: { type: 'volume', callersPerDay: 4800 } } as Scenario;
    const log: string[] = [];
    const replaying = replay(flat, { url: service.url, speed: 300, seed: 3, hours: 1, apiKey: undefined, log: (l) => log.push(l) });

    // the page moves while the replay runs: attempts counted, lines busy
    await expect.poll(async () => (await pageFigures(page)).reduce((n, r) => n + r.attempts, 0), { timeout: 15_000 }).toBeGreaterThan(20);
    await expect.poll(async () => Number((await page.getByTestId('kpi-lines').textContent())!.match(/(\d+) \//)![1])).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-rate-day').isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'live-board-1280x800');
    const summary = await replaying;
    expect(summary.errors, log.join('\n')).toBe(0);

    // once the calls have ended, the page shows exactly the service's figures
    const api = await apiFigures(service.url);
    await expect.poll(async () => JSON.stringify(await pageFigures(page)), { timeout: 5_000 }).toBe(JSON.stringify(api));
    expect(api.reduce((n, r) => n + r.attempts, 0)).toBe(summary.attempts - summary.outcomes.hung_up_in_menu - summary.outcomes.invalid_input);
    expect(errors).toEqual([]);
  });

  it("a board opened later draws the day from local midnight, from the service's history", async () => {
    // the replayed calls ended just after 14:00: once their slot is over it is a point of the history
    service.advance(15 * 60_000);
    const later = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const laterErrors = collectErrors(later);
    await later.goto(service.url + '/');
    await expect.poll(() => later.getByTestId('connection').getAttribute('data-state')).toBe('live');
    const day = later.getByTestId('rate-day');
    // 00:00 … 14:00: every complete 15-minute slot of the day, the one with the calls answered in part
    await expect.poll(() => day.getAttribute('data-history-points')).toBe(String(14 * 4 + 1));
    expect(await day.getAttribute('data-history-rated')).toBe('1');
    const history = (await (await fetch(`${service.url}/live/history`)).json()) as LiveHistory;
    const complete = history.slots.filter((s) => Date.parse(s.end) <= Date.parse(history.at));
    expect(complete).toHaveLength(14 * 4 + 1);
    expect(complete.at(-1)!.time).toBe('14:00');
    expect(complete.at(-1)!.total.attempts).toBeGreaterThan(20);
    // the live points continue the curve after the last slot
    await expect.poll(async () => Number(await day.getAttribute('data-points'))).toBeGreaterThan(14 * 4 + 1);
    expect(await later.getByTestId('chart-rate-day').isVisible()).toBe(true);
    await expect(day.textContent()).resolves.toContain('from midnight in 15-minute slots');
    await screenshot(later, 'live-board-history');
    expect(laterErrors).toEqual([]);
    await later.close();
  });

  it('reads on a tablet, in Japanese', async () => {
    const tablet = await browser.newPage({ viewport: { width: 820, height: 1180 } });
    const tabletErrors = collectErrors(tablet);
    await tablet.goto(service.url + '/');
    await tablet.getByTestId('lang-ja').click();
    await expect(tablet.locator('h1').textContent()).resolves.toBe('ライブボード');
    await expect(tablet.getByTestId('rate-row').first().textContent()).resolves.toContain('孤独・孤立での悩み');
    await expect.poll(() => tablet.getByTestId('chart-rate-day').isVisible(), { timeout: 10_000 }).toBe(true);
    // nothing wider than the screen: no sideways scrolling on a tablet
    expect(await tablet.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(820);
    await screenshot(tablet, 'live-board-tablet-ja');
    expect(tabletErrors).toEqual([]);
    await tablet.close();
  });

  it('says it is disconnected while the service restarts, then reconnects by itself', async () => {
    const port = service.port;
    await service.stop();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('disconnected');
    await expect(page.getByTestId('connection').textContent()).resolves.toMatch(/Disconnected/);
    await screenshot(page, 'live-board-disconnected');
    await service.start();
    expect(service.port).toBe(port);
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    // the restarted service starts from an empty store, and the page shows it
    await expect.poll(async () => (await pageFigures(page)).reduce((n, r) => n + r.attempts, 0)).toBe(0);
    expect(errors.filter((e) => !REFUSED_WEBSOCKET.test(e))).toEqual([]);
    await page.close();
  });
});
