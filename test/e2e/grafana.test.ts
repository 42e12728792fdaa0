/**
 * The Grafana dashboard asks only for metrics and labels the service's /metrics exports, so
 * it cannot silently show "No data" after a rename.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { startService, type Running } from '../support/harness.ts';

interface Panel {
  title: string;
  targets: Array<{ expr: string; legendFormat: string }>;
}

const dashboard = JSON.parse(readFileSync('dashboards/grafana/helpline-live.json', 'utf8')) as { uid: string; panels: Panel[] };

describe('Grafana dashboard', () => {
  let svc: Running;
  beforeAll(async () => {
    svc = await startService({ store: new MemoryLineStore() });
    // one ended call, so the per-window figures have their series
    const call = (await (await fetch(`${svc.url}/calls`, { method: 'POST' })).json()) as { id: string };
    await fetch(`${svc.url}/calls/${call.id}/end`, { method: 'POST' });
  });
  afterAll(() => svc.close());

  it('queries exported metric names, with labels they carry', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    const exported = new Map<string, Set<string>>();
    for (const m of text.matchAll(/^(helpline_\w+)\{([^}]*)\}/gm)) {
      const labels = exported.get(m[1]!) ?? new Set<string>();
      for (const l of m[2]!.matchAll(/(\w+)="/g)) labels.add(l[1]!);
      exported.set(m[1]!, labels);
    }
    const targets = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ ...t, panel: p.title })));
    expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) {
      const names = [...t.expr.matchAll(/helpline_\w+/g)].map((m) => m[0]);
      expect(names.length, t.panel).toBeGreaterThan(0);
      for (const name of names) {
        expect(exported.has(name), `${t.panel}: ${name}`).toBe(true);
        const used = [...t.expr.matchAll(/(\w+)!?=~?"/g), ...t.legendFormat.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
        for (const label of used) expect(exported.get(name)!.has(label), `${t.panel}: ${name} has no label ${label}`).toBe(true);
      }
    }
  });
});
