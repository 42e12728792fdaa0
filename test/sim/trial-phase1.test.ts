/**
 * The calibrated phase-1 scenario reproduces the published phase-1 figures of the #9999 trial
 * (shared/mission/trial-9999.md), on seeds other than the one it was fitted with.
 */
import { describe, expect, it } from 'vitest';
import { runReplications } from '../../sim/run/run-replications.ts';
import { loadScenarioFile, readJsonFile } from '../../sim/io/load-scenario.ts';
import { ObservedSchema } from '../../sim/experiments/calibrate.ts';

const scenario = await loadScenarioFile('scenarios/trial/phase1.json');
const observed = ObservedSchema.parse(await readJsonFile('scenarios/trial/phase1.observed.json'));

describe.each([2, 3])('phase 1 of #9999, seed %i (fitted on seed 1)', (seed) => {
  it('matches attempts and answered within 2 % and every published rate within 1.5 points', async () => {
    const r = await runReplications(scenario, { seed, replications: 10, threads: 1 });
    expect(observed.attempts).toBe(14_678);
    expect(Math.abs(r.overall.attempts.mean! / observed.attempts! - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.overall.answered.mean! / observed.answered! - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.overall.answerRate.mean! - 0.26)).toBeLessThan(0.015);
    for (const [id, figures] of Object.entries(observed.categories)) {
      expect(Math.abs(r.categories[id]!.answerRate.mean! - figures.answerRate!), id).toBeLessThan(0.015);
    }
  });
});
