/**
 * The planner workbench in real Chromium against the service's planner API: pick a stored
 * scenario, move a menu option by dragging and with the buttons, see the API's error beside
 * an invalid line count, run a comparison with the current plan and read its results. Progress
 * arrives on /ws/runs, opened with a single-use ticket; polling only when no socket can open.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY } from '../support/fixtures.ts';
import { collectErrors, launchBrowser, screenshot, skipBrowserTests } from './browser.ts';
import { loadTestScenario, TestService } from './service.ts';

const VALIDATION_400 = /^Failed to load resource: the server responded with a status of 400/;
/** The route below refuses tickets, so the page falls back to polling. */
const TICKET_404 = /^Failed to load resource: the server responded with a status of 404/;
const RUN_READ = /\/runs\/[^/?]+$/;

const optionNames = (page: Page) => page.getByTestId('menu-option').locator('.option-name').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));

describe.skipIf(skipBrowserTests)('planner workbench in Chromium', () => {
  let browser: Browser;
  let service: TestService;
  let categories: string[];

  beforeAll(async () => {
    const scenario = await loadTestScenario();
    categories = scenario.categories.map((c) => c.id);
    service = new TestService(scenario, { planner: true });
    await service.start();
    // the #9999-like scenario over two days, so a comparison takes seconds
    const file = JSON.parse(readFileSync('scenarios/9999-like.json', 'utf8')) as { horizon: Record<string, unknown> };
    const res = await fetch(`${service.url}/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ ...file, horizon: { ...file.horizon, days: 2 } }),
    });
    expect(res.status).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.dispose();
  });

  it('edits a plan, shows the API error by the field, and compares it with the current plan', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const runReads: string[] = [];
    page.on('request', (r) => r.method() === 'GET' && RUN_READ.test(new URL(r.url()).pathname) && runReads.push(r.url()));
    await page.goto(`${service.url}/planner`);
    await page.getByTestId('lang-en').click();
    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByTestId('connect').click();
    await page.getByTestId('scenario-select').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('menu-option').count()).toBe(6);
    const before = await optionNames(page);

    // drag the fourth option (under 18) to the top, then move the (new) second one down with the button
    await page.getByTestId('menu-option').nth(3).dragTo(page.getByTestId('menu-option').nth(0));
    await page.getByTestId('move-down').nth(1).click();
    const after = [before[3], before[1], before[0], before[2], before[4], before[5]];
    await expect.poll(() => optionNames(page)).toEqual(after);
    // digits stay with positions
    expect(await page.getByTestId('menu-option').locator('.digit').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6']);

    // an invalid line count: the API's message appears beside that field, and nothing can run
    const count = page.getByTestId('line-count').first();
    const path = (await count.getAttribute('data-path'))!;
    await count.fill('-1');
    const fieldError = page.locator(`[data-testid="field-error"][data-path="${path}"]`);
    await expect.poll(() => fieldError.textContent()).toMatch(/>=\s*0|0 or more|non-?negative/i);
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true);
    await screenshot(page, 'planner-invalid-field');
    await count.fill('3');
    await expect.poll(() => fieldError.count()).toBe(0);

    // compare the edited plan with the stored one
    await page.getByTestId('kind-compare').check();
    await page.getByTestId('replications').fill('4');
    await page.getByTestId('start-run').click();
    await expect.poll(() => page.getByTestId('run-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    // progress came on the runs WebSocket, opened with a ticket: one catch-up read of the run, no polling
    expect(await page.getByTestId('run-progress').getAttribute('data-feed')).toBe('socket');
    expect(sockets.filter((u) => /\/ws\/runs\?ticket=[A-Za-z0-9_-]{43}$/.test(u))).toHaveLength(1);
    expect(runReads).toHaveLength(1);
    const rows = page.getByTestId('result-row');
    await expect.poll(() => rows.count()).toBe(categories.length + 1);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-category')))).toEqual([...categories, 'overall']);
    expect(await rows.first().textContent()).toMatch(/\d+\.\d%/);
    // the report's charts (answer rates with CI bars, differences) are drawn inside the page
    const report = page.frameLocator('[data-testid="report-frame"]');
    await expect.poll(() => report.locator('html').getAttribute('data-charts-drawn'), { timeout: 15_000 }).toMatch(/^[1-9]/);
    expect(await report.locator('table').first().textContent()).toContain('孤独・孤立での悩み');
    await page.getByTestId('results').scrollIntoViewIfNeeded();
    await screenshot(page, 'planner-compare-results');
    // Chromium logs every 4xx response as a console error: the only ones are the API's answers to the invalid edit
    expect(errors.filter((e) => !VALIDATION_400.test(e))).toEqual([]);
    await page.close();
  });

  it('polls the run when no socket can be opened (no tickets to be had)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.route('**/ws-tickets', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"no route POST /ws-tickets"}' }));
    const runReads: string[] = [];
    page.on('request', (r) => r.method() === 'GET' && RUN_READ.test(new URL(r.url()).pathname) && runReads.push(r.url()));
    await page.goto(`${service.url}/planner`);
    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByTestId('connect').click();
    await page.getByTestId('scenario-select').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('menu-option').count()).toBe(6);
    await page.getByTestId('replications').fill('2');
    await page.getByTestId('start-run').click();
    await expect.poll(() => page.getByTestId('run-progress').getAttribute('data-feed')).toBe('polling');
    await expect.poll(() => page.getByTestId('run-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(runReads.length).toBeGreaterThanOrEqual(1);
    expect(errors.filter((e) => !TICKET_404.test(e))).toEqual([]);
    await page.close();
  });
});
