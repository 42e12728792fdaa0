import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../support/scenario-builder.ts';
import { cli, tempFiles, type CliRun } from '../../support/run-cli.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { ObservedSchema, calibrate } from '../../../sim/experiments/calibrate.ts';
import type { ReplicationFigures } from '../../../sim/model/metrics.ts';
import { runPaired } from '../../../sim/run/run-many.ts';
import { createRunner } from '../../../sim/run/runner.ts';

/**
 * One category on two busy-signal lines (about 2 Erlangs offered, so ~40 % blocked), blocked
 * callers redialling. Lines are staffed 24 h, so no attempt ever ends "closed" and the redial
 * probability after "closed" cannot matter to any figure: a parameter no data can identify.
 */
const base = buildScenario({
  name: 'redial calibration',
  days: 4,
  callersPerDay: 200,
  categories: { x: 1 },
  repeats: 0,
  callers: {
    redial: { probability: { blocked: 0.2, closed: 0.5 }, delay: { type: 'exponential', mean: 300 }, maxAttempts: 4 },
  },
  lines: { main: 2 },
  calibration: {
    free: [
      { path: 'arrivals.callersPerDay', min: 100, max: 600 },
      { path: 'callers.redial.probability.blocked', min: 0, max: 0.9 },
      { path: 'callers.redial.probability.closed', min: 0, max: 1 },
    ],
  },
});
const TRUTH = { callersPerDay: 300, blocked: 0.5 };

const runner = createRunner(2);
afterAll(() => runner.close());

describe('calibrate', () => {
  /** The "observed" period: one replication of the truth, on other seeds than the fit uses. */
  let period: ReplicationFigures;
  beforeAll(async () => {
    const truth = applyChanges(base, [
      { set: 'arrivals.callersPerDay', value: TRUTH.callersPerDay },
      { set: 'callers.redial.probability.blocked', value: TRUTH.blocked },
    ]);
    [[period]] = (await runPaired([truth], { seed: 99, replications: 1, runner })) as [[ReplicationFigures]];
  });

  it('recovers the volume and the redial probability from simulated totals, and flags the parameter the data do not depend on', async () => {
    const observed = ObservedSchema.parse({
      attempts: period.overall.attempts,
      answered: period.overall.answered,
      callersAnsweredShare: period.overall.callersAnsweredShare,
    });

    const result = await calibrate(base, observed, { seed: 1, replications: 8, runner });
    const [volume, blocked, closed] = result.parameters;
    for (const [p, truthValue] of [[volume!, TRUTH.callersPerDay], [blocked!, TRUTH.blocked]] as const) {
      expect(p.identification).not.toBe('not identified');
      // within 3 standard errors of the truth, and those errors are small against the range
      expect(Math.abs(p.fitted - truthValue)).toBeLessThanOrEqual(3 * p.standardError);
      expect(p.standardError).toBeLessThan(0.1 * (p.max - p.min));
    }
    expect(closed!.identification).toBe('not identified');
    expect(closed!.reason).toMatch(/barely depend/);
    expect(closed!.ci95).toBeNull();
    expect(result.residuals.map((r) => r.figure)).toEqual(['attempts', 'answered', 'callersAnsweredShare']);
    for (const r of result.residuals) expect(Math.abs(r.residual)).toBeLessThan(0.05);
  });

  it('reports volume and redial probability as collinear when only attempts and answered are observed', async () => {
    // the trial's situation: more fresh callers or more redials raise attempts and answered alike
    const observed = ObservedSchema.parse({ attempts: period.overall.attempts, answered: period.overall.answered });
    const result = await calibrate(base, observed, { seed: 1, replications: 8, runner });
    const [volume, blocked] = result.parameters;
    expect(volume!.identification).not.toBe('pinned down');
    expect(volume!.collinearWith).toEqual(['callers.redial.probability.blocked']);
    expect(blocked!.collinearWith).toEqual(['arrivals.callersPerDay']);
    expect(blocked!.reason).toMatch(/collinear/);
  });

  it('fits assumptions named in calibration.free exactly as the same paths and ranges written out', async () => {
    const prior = (id: string, path: string, min: number, max: number) => ({ id, path, distribution: { type: 'uniform', min, max }, source: 'test' });
    const referring = applyChanges(base, [
      {
        set: 'assumptions',
        value: [
          prior('volume', 'arrivals.callersPerDay', 100, 600),
          prior('redial-blocked', 'callers.redial.probability.blocked', 0, 0.9),
          prior('redial-closed', 'callers.redial.probability.closed', 0, 1),
        ],
      },
      { set: 'calibration.free', value: [{ assumption: 'volume' }, { assumption: 'redial-blocked' }, { assumption: 'redial-closed' }] },
    ]);
    const observed = ObservedSchema.parse({ attempts: period.overall.attempts, answered: period.overall.answered });
    const options = { seed: 1, replications: 2, maxEvaluations: 8, runner };
    expect(await calibrate(referring, observed, options)).toEqual(await calibrate(base, observed, options));
  });

  it('rejects observed figures for a category the scenario does not have', async () => {
    const observed = ObservedSchema.parse({ categories: { nope: { answerRate: 0.5 } } });
    await expect(calibrate(base, observed, { seed: 1, replications: 2, runner })).rejects.toThrow(/"nope" is not in the scenario/);
  });

  it('validates the observed file: at least one figure, rates within [0, 1]', () => {
    expect(ObservedSchema.safeParse({}).success).toBe(false);
    expect(ObservedSchema.safeParse({ answerRate: 1.2 }).success).toBe(false);
    expect(ObservedSchema.safeParse({ categories: { x: { answerRate: 0.1 } } }).success).toBe(true);
  });
});

describe('helpline-sim calibrate', () => {
  const run = async (observed: unknown, ...args: string[]): Promise<CliRun> => {
    const files = await tempFiles({ 'scenario.json': base, 'observed.json': observed });
    return cli('calibrate', files['scenario.json']!, '--observed', files['observed.json']!, ...args);
  };

  it('prints fitted values, residuals and what the data do not pin down', async () => {
    const result = await run({ attempts: 1400, answered: 640 }, '--replications', '4', '--threads', '1', '--max-evaluations', '30');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/arrivals\.callersPerDay/);
    expect(result.stdout).toMatch(/answered\s*│\s*640/);
    expect(result.stdout).toMatch(/callers\.redial\.probability\.closed: not identified — the observed figures barely depend on it/);
  });

  it('rejects an invalid observed file in one line with exit code 2', async () => {
    const result = await run({ categories: { x: { answerRate: 1.5 } } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^helpline-sim: .*observed\.json: categories\.x\.answerRate: .*$/);
  });
});
