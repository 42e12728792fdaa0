/**
 * The API docs page (/docs, Swagger UI) in real Chromium under the service's security headers:
 * it draws the operations from /docs/json with no console error (a script or style the CSP
 * refused would log one), and no other site can put the page in a frame.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { collectErrors, launchBrowser, skipBrowserTests } from './browser.ts';
import { loadTestScenario, TestService } from './service.ts';

describe.skipIf(skipBrowserTests)('API docs page', () => {
  let browser: Browser;
  let service: TestService;
  beforeAll(async () => {
    service = new TestService(await loadTestScenario());
    await service.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.dispose();
  });

  it('draws the operations under its CSP with no console error', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${service.url}/docs`);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toContain('/calls/{id}/digits');
    expect(errors).toEqual([]);
  });

  it('refuses to be framed, where a JSON answer in the next frame loads', async () => {
    const page = await browser.newPage();
    // another origin (another port) frames the docs page and, as a control, /healthz
    const framer = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe name="docs" src="${service.url}/docs"></iframe><iframe name="json" src="${service.url}/healthz"></iframe>`),
    );
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void framer.close());
    await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
    const frame = (name: string) => page.frames().find((f) => f.name() === name)!;
    await expect.poll(() => frame('json').locator('body').textContent().catch(() => ''), { timeout: 10_000 }).toContain('ok');
    await page.waitForTimeout(2000); // time enough for Swagger UI to draw, were it allowed to load
    expect(frame('docs').url()).not.toBe(`${service.url}/docs`);
    expect(await frame('docs').locator('.swagger-ui').count().catch(() => 0)).toBe(0);
  });
});
