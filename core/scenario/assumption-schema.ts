/**
 * The shape of a scenario's assumptions: a numeric one names a path and a distribution of the
 * value there; a categorical one chooses between whole alternatives, each a list of changes as in
 * variants. Priors of zero width are refused here; checks against the scenario are in
 * assumptions.ts.
 */
import { z } from 'zod';
import { ChangeSchema } from './change-schema.ts';
import { ScenarioPathSchema } from './path.ts';
import { SCENARIO_LIMITS as MAX } from './limits.ts';

const finite = z.number().finite();
const weights = (max: number) =>
  z.array(z.number().positive().finite()).max(max).optional().describe('relative weight of each entry; equal if absent');

export const ValueDistributionSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('uniform'), min: finite, max: finite })
    .strict()
    .refine((d) => d.min < d.max, { message: 'a prior of zero width: min must be below max', path: ['max'] }),
  z
    .object({ type: z.literal('triangular'), min: finite, mode: finite, max: finite })
    .strict()
    .refine((d) => d.min < d.max, { message: 'a prior of zero width: min must be below max', path: ['max'] })
    .refine((d) => d.min <= d.mode && d.mode <= d.max, { message: 'mode must lie between min and max', path: ['mode'] }),
  z
    .object({
      type: z.literal('lognormal'),
      median: z.number().positive().finite(),
      sigma: z.number().positive({ message: 'a prior of zero width: sigma must be above 0' }).max(10).describe('standard deviation of the log'),
    })
    .strict(),
  z
    .object({
      type: z.literal('beta'),
      alpha: z.number().positive({ message: 'a degenerate beta: alpha must be above 0' }).max(1e6),
      beta: z.number().positive({ message: 'a degenerate beta: beta must be above 0' }).max(1e6),
    })
    .strict()
    .describe('for a probability in [0, 1]'),
  z
    .object({
      type: z.literal('discrete'),
      values: z.array(finite).min(2, 'a prior of zero width: give at least two values').max(MAX.assumptionValues),
      weights: weights(MAX.assumptionValues),
    })
    .strict()
    .refine((d) => new Set(d.values).size === d.values.length, { message: 'each value once', path: ['values'] })
    .refine((d) => d.weights === undefined || d.weights.length === d.values.length, { message: 'weights must have one entry per value', path: ['weights'] })
    .describe('for integers such as line counts'),
]);

const AlternativeSchema = z
  .object({
    name: z.string().min(1).max(MAX.textLength),
    changes: z.array(ChangeSchema).max(MAX.changes).describe('as in a variant; empty means the scenario as written'),
  })
  .strict();

const common = {
  id: z
    .string()
    .max(MAX.idLength)
    .regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-", starting with a letter')
    .describe('names the assumption in reports and in calibration.free'),
  source: z.string().min(1).max(MAX.noteLength).describe('where the range comes from, in words'),
  note: z.string().max(MAX.noteLength).optional(),
};

export const AssumptionSchema = z.union([
  z
    .object({ ...common, path: ScenarioPathSchema.describe('a number in this scenario'), distribution: ValueDistributionSchema })
    .strict(),
  z
    .object({
      ...common,
      alternatives: z.array(AlternativeSchema).min(2, 'a choice needs at least two alternatives').max(MAX.assumptionValues),
      distribution: z.object({ type: z.literal('categorical'), weights: weights(MAX.assumptionValues) }).strict(),
    })
    .strict()
    .refine((a) => a.distribution.weights === undefined || a.distribution.weights.length === a.alternatives.length, {
      message: 'weights must have one entry per alternative',
      path: ['distribution', 'weights'],
    }),
]);

export const AssumptionsSchema = z
  .array(AssumptionSchema)
  .max(MAX.assumptions)
  // each discrete value and alternative is checked by validating the scenario with it
  .refine((list) => list.reduce((n, a) => n + ('path' in a ? (a.distribution.type === 'discrete' ? a.distribution.values.length : 3) : a.alternatives.length), 0) <= MAX.assumptionValuesTotal, {
    message: `at most ${MAX.assumptionValuesTotal} discrete values and alternatives in all (a continuous prior counts 3)`,
  })
  .describe('unknown numbers and choices with their distributions and sources; they change nothing until drawn');

export type ValueDistribution = z.infer<typeof ValueDistributionSchema>;
export type Assumption = z.infer<typeof AssumptionSchema>;

