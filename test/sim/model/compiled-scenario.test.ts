import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { compileScenario } from '../../../sim/model/compiled-scenario.ts';
import { OUTCOMES } from '../../../core/scenario/schema.ts';
import { simulateReplication } from '../../../sim/model/helpline-model.ts';

const FILES = ['scenarios/9999-like.json', 'scenarios/trial/phase1.json', 'scenarios/textbook/nested-menu.json'];

describe('compileScenario', () => {
  it.each(FILES)('%s: one compiled scenario serves many replications, with the figures of compiling for each', async (file) => {
    const scenario = await loadScenarioFile(file);
    const compiled = compileScenario(scenario);
    for (let r = 0; r < 3; r++) {
      const shared = simulateReplication(compiled, { seed: 4, replication: r });
      const own = simulateReplication(scenario, { seed: 4, replication: r });
      expect(JSON.stringify(shared)).toBe(JSON.stringify(own));
    }
  });

  it('indexes routes, pools and line groups in the scenario order; a pool serves the categories whose route lists it', async () => {
    const scenario = await loadScenarioFile('scenarios/trial/phase1.json');
    const compiled = compileScenario(scenario);
    const poolIds = scenario.pools.map((p) => p.id);
    expect(compiled.pools.map((p) => p.id)).toEqual(poolIds);
    scenario.categories.forEach((c, ci) => {
      expect(compiled.categoryIndex.get(c.id)).toBe(ci);
      expect(compiled.routes[ci]!.pools.map((p) => poolIds[p])).toEqual(scenario.routing[c.id]!.pools);
    });
    compiled.pools.forEach((pool) => {
      const serving = scenario.categories.flatMap((c, ci) => (scenario.routing[c.id]!.pools.includes(pool.id) ? [ci] : []));
      expect(pool.serves).toEqual(serving);
    });
    const entries = scenario.pools.flatMap((p, pi) => p.lines.map((l) => ({ pool: pi, organisation: l.organisation, count: l.count })));
    expect(compiled.lineGroups.map((g) => ({ pool: g.pool, organisation: compiled.organisationIds[g.organisation], count: g.count }))).toEqual(entries);
  });

  it('draws a concern by the shares, and a redial only after an attempt that was not answered, below the attempt cap', async () => {
    const scenario = await loadScenarioFile('scenarios/trial/phase1.json');
    const compiled = compileScenario(scenario);
    const streams = compiled.streams(1, 0);
    const counts = scenario.categories.map(() => 0);
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[compiled.drawConcern(streams.shared.concern)]!++;
    scenario.categories.forEach((c, ci) => expect(counts[ci]! / n).toBeCloseTo(c.share, 1));
    const cap = scenario.callers.redial!.maxAttempts;
    expect(compiled.drawRedialDelay(0, 1, 'answered', streams)).toBeUndefined();
    expect(compiled.drawRedialDelay(0, cap, 'blocked', streams)).toBeUndefined();
  });

  it("draws a redial by outcome index exactly as by the outcome's name: same delays from the same stream", async () => {
    const scenario = await loadScenarioFile('scenarios/trial/phase1.json');
    const compiled = compileScenario(scenario);
    const byName = compiled.streams(2, 0);
    const byIndex = compiled.streams(2, 0);
    for (let i = 0; i < 600; i++) {
      const o = i % OUTCOMES.length;
      const attempts = 1 + (i % 4);
      const concern = i % scenario.categories.length;
      expect(compiled.drawRedialDelayAfter(concern, attempts, o, byIndex)).toBe(compiled.drawRedialDelay(concern, attempts, OUTCOMES[o]!, byName));
    }
  });
});
