/**
 * What a planner may ask to run, with the CLI's options and defaults (`helpline-sim run`,
 * `compare`, `sweep`, `allocate`, `calibrate`). `--threads` is not a request option: the
 * results do not depend on it, and the operator sizes the pool (JOB_THREADS, workers). Every
 * number and list has a hard upper bound here; what a run costs as a whole is admission's
 * check (resolve-run.ts, with the configured limits).
 */
import { z } from 'zod';
import { ChangeSchema } from '../../core/scenario/variant.ts';
import { BoundedJsonSchema } from '../../core/scenario/json-shape.ts';
import { ScenarioPathSchema } from '../../core/scenario/path.ts';
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

const seed = z.number().int().min(0).max(2 ** 32 - 1).default(1).describe('random seed: every scenario uses the same streams');
const replications = (min: number, byDefault: number) => z.number().int().min(min).max(10_000).default(byDefault);

/** Values of one sweep axis at most (as `--set path=a..b` allows); the points of all axes together are admission's limit. */
const MAX_AXIS_VALUES = 100_000;

const SweepAxisSchema = z.union([
  z.string().describe('as on the command line: path=1..10, path=1..10:2 or path=a,b,c'),
  // bounded nesting: a value nested thousands deep overflows the stack of whatever copies it
  z.object({ path: ScenarioPathSchema, values: z.array(BoundedJsonSchema).min(1).max(MAX_AXIS_VALUES) }).strict(),
]);

export const RunRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('replications'), scenario: ScenarioRefSchema, seed, replications: replications(1, 10) }).strict(),
    z.object({ kind: z.literal('compare'), base: ScenarioRefSchema, variants: z.array(VariantRefSchema).min(1).max(50), seed, replications: replications(2, 20) }).strict(),
    z
      .object({
        kind: z.literal('sweep'),
        scenario: ScenarioRefSchema,
        set: z.array(SweepAxisSchema).max(8).default([]).describe('settings to vary (a grid when several), 8 at most'),
        menuOrders: z.union([z.literal('all'), z.array(z.string().min(1).max(40)).min(1).max(10_000)]).optional().describe('"all" permutations of the top-level options, or orders such as "2134"'),
        seed,
        replications: replications(2, 10),
      })
      .strict()
      .refine((r) => r.set.length > 0 || r.menuOrders !== undefined, { message: 'sweep needs at least one "set" or "menuOrders"', path: ['set'] }),
    z
      .object({
        kind: z.literal('allocate'),
        scenario: ScenarioRefSchema,
        totalLines: z.number().int().min(0).max(1_000_000).describe('lines to spread; PLANNER_MAX_LINES is the configured limit'),
        minRates: z.record(z.string(), z.number()).default({}).describe('minimum answer rate per category, e.g. {"suicidal": 0.9}'),
        pools: z.array(z.string().min(1)).min(1).max(100).optional().describe('pools to reallocate; all if absent'),
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
        maxEvaluations: z.number().int().min(1).max(10_000).optional(),
        seed,
        replications: replications(2, 10),
      })
      .strict(),
  ])
  .meta({ id: 'RunRequest' });

export type RunRequest = z.infer<typeof RunRequestSchema>;
export type ScenarioRef = z.infer<typeof ScenarioRefSchema>;
export type VariantRef = z.infer<typeof VariantRefSchema>;
