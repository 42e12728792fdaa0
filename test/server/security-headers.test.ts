/**
 * Security headers: every HTML answer (live board, planner, /docs) carries a CSP that refuses
 * other origins' scripts and any framing, X-Frame-Options DENY, nosniff and no Referer; JSON
 * answers carry nosniff and nothing of the HTML set; and the CSP admits exactly the inline
 * scripts of an HTML report (the planner shows reports in a frame that inherits its policy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echartsJs } from '../../sim/report/html/echarts-source.ts';
import { renderPage } from '../../sim/report/html/page.ts';
import { scriptHash } from '../../src/server/security-headers.ts';
import { api, download, embeddedMode, waitForRun } from '../support/planner-harness.ts';
import { testScenarioInput } from '../support/fixtures.ts';
import { request, startService, storeModes, type Running } from '../support/harness.ts';

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== '')
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Inline scripts the browser would run (not JSON data blocks). */
const inlineScripts = (html: string) => [...html.matchAll(/<script(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);

describe('security headers', () => {
  const [memory] = storeModes();
  let s: Running;
  beforeAll(async () => {
    s = await startService({ store: memory!.make() });
  });
  afterAll(() => s.close());

  it.each(['/', '/planner', '/docs', '/docs/static/index.html'])('HTML %s: CSP, never framed, nosniff, no referrer', async (path) => {
    const reply = await request(s.url, 'GET', path);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = directives(reply.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toContain("'self'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each(['/healthz', '/live', '/dashboards/labels', '/nowhere'])('JSON %s: nosniff only', async (path) => {
    const reply = await request(s.url, 'GET', path);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toBeNull();
  });

  it("admits each inline script of a report page by its hash, and nothing else inline", async () => {
    const html = renderPage({ title: 't', titleJa: 't', facts: [], definitions: [], sections: [] }, await echartsJs());
    const inline = inlineScripts(html);
    expect(inline.length).toBe(2);
    const scriptSrc = directives((await request(s.url, 'GET', '/planner')).headers.get('content-security-policy')).get('script-src')!;
    for (const text of inline) expect(scriptSrc).toContain(scriptHash(text));
    expect(scriptSrc).toHaveLength(1 + inline.length);
  });
});

describe('security headers on a run report', () => {
  it('an HTML report from the runs API carries the HTML set, and its policy admits its own inline scripts', async () => {
    const mode = await embeddedMode();
    const service = await mode.start();
    try {
      const started = await api(service.url, 'POST', '/runs', { kind: 'replications', scenario: { scenario: testScenarioInput }, seed: 1, replications: 1 });
      expect(started.status).toBe(202);
      expect((await waitForRun(service.url, started.body.id)).status).toBe('succeeded');
      const report = await download(service.url, `/runs/${started.body.id}/result?format=html`);
      expect(report.headers.get('content-type')).toMatch(/^text\/html/);
      expect(report.headers.get('x-frame-options')).toBe('DENY');
      const csp = directives(report.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      const inline = inlineScripts(report.text);
      expect(inline.length).toBe(2);
      for (const text of inline) expect(csp.get('script-src')).toContain(scriptHash(text));
      const json = await download(service.url, `/runs/${started.body.id}/result`);
      expect(json.headers.get('content-security-policy')).toBeNull();
      expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await service.close();
      await mode.cleanup();
    }
  });
});
