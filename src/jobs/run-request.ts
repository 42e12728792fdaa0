/**
 * What a planner may ask to run, with the CLI's options and defaults (`helpline-sim run`,
 * `compare`, `sweep`, `allocate`, `calibrate`). `--threads` is not a request option: the
 * results do not depend on it, and the operator sizes the pool (JOB_THREADS, workers).
 */
import { z } from 'zod';
import { ChangeSchema } from '../core/scenario/variant.ts';
import { ObservedSchema } from '../../sim/experiments/calibrate.ts';
import { GOALS } from '../../sim/experiments/allocate.ts';

export const ScenarioRefSchema = z
  .union([
    z.object({ id: z.string().min(1).describe('a stored scenario'), version: z.number().int().positive().optional().describe('latest if absent') }).strict(),
    z.object({ scenario: z.record(z.string(), z.unknown()).describe('a scenario given inline') }).strict(),
  ])
  .describe('{ "id": … } of a stored scenario, or { "scenario": { … } } inline');

const VariantRefSchema = z
  .union([
    ScenarioRefSchema,
    z.object({ name: z.string().min(1).optional(), changes: z.array(ChangeSchema).min(1).describe('changes to the base, as in a variant file') }).strict(),
  ])
  .describe('a scenario, or { "changes": [...] } applied to the base');

const seed = z.number().int().min(0).default(1).describe('random seed: every scenario uses the same streams');
const replications = (min: number, byDefault: number) => z.number().int().min(min).max(10_000).default(byDefault);

const SweepAxisSchema = z.union([
  z.string().describe('as on the command line: path=1..10, path=1..10:2 or path=a,b,c'),
  z.object({ path: z.string().min(1), values: z.array(z.unknown()).min(1) }).strict(),
]);

export const RunRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('replications'), scenario: ScenarioRefSchema, seed, replications: replications(1, 10) }).strict(),
    z.object({ kind: z.literal('compare'), base: ScenarioRefSchema, variants: z.array(VariantRefSchema).min(1).max(50), seed, replications: replications(2, 20) }).strict(),
    z
      .object({
        kind: z.literal('sweep'),
        scenario: ScenarioRefSchema,
        set: z.array(SweepAxisSchema).default([]).describe('settings to vary (a grid when several)'),
        menuOrders: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).optional().describe('"all" permutations of the top-level options, or orders such as "2134"'),
        seed,
        replications: replications(2, 10),
      })
      .strict()
      .refine((r) => r.set.length > 0 || r.menuOrders !== undefined, { message: 'sweep needs at least one "set" or "menuOrders"', path: ['set'] }),
    z
      .object({
        kind: z.literal('allocate'),
        scenario: ScenarioRefSchema,
        totalLines: z.number().int().min(0),
        minRates: z.record(z.string(), z.number()).default({}).describe('minimum answer rate per category, e.g. {"suicidal": 0.9}'),
        pools: z.array(z.string().min(1)).min(1).optional().describe('pools to reallocate; all if absent'),
        goal: z.enum(GOALS).default('answered'),
        weights: z.record(z.string(), z.number()).default({}).describe('weight per category for goal "weighted"'),
        maxReplications: z.number().int().min(2).max(10_000).default(80),
        seed,
        replications: replications(2, 10),
      })
      .strict()
      .refine((r) => Object.keys(r.weights).length === 0 || r.goal === 'weighted', { message: 'weights need goal "weighted"', path: ['weights'] }),
    z
      .object({
        kind: z.literal('calibrate'),
        scenario: ScenarioRefSchema,
        observed: ObservedSchema,
        maxEvaluations: z.number().int().min(1).max(100_000).optional(),
        seed,
        replications: replications(2, 10),
      })
      .strict(),
  ])
  .meta({ id: 'RunRequest' });

export type RunRequest = z.infer<typeof RunRequestSchema>;
export type ScenarioRef = z.infer<typeof ScenarioRefSchema>;
export type VariantRef = z.infer<typeof VariantRefSchema>;
