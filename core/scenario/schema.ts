/**
 * The scenario format: the single source of truth for what a simulated (or live) helpline is.
 * Types come from `z.infer`; the JSON Schema in `scenarios/scenario.schema.json` is exported
 * from here (`npm run schema`). Cross-field rules live in `validate.ts`.
 */
import { z } from 'zod';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import { RESERVED_KEYS, ScenarioPathSchema } from './path.ts';
import { AssumptionsSchema } from './assumption-schema.ts';

const id = z
  .string()
  .max(MAX.idLength)
  .regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-", starting with a letter')
  // ids become keys (routing, byCategory): one that names an inherited property would read it
  .refine((s) => !RESERVED_KEYS.has(s), 'this word is reserved: choose another id');

const seconds = z.number().nonnegative().max(MAX.seconds);
const positive = z.number().positive();
const duration = positive.max(MAX.seconds);
const cv = positive.max(MAX.cv).describe('standard deviation / mean');
const probability = z.number().min(0).max(1);
const text = z.string().min(1).max(MAX.textLength);
const notes = z.array(z.string().max(MAX.noteLength)).max(MAX.notes);

export const LabelSchema = z
  .object({
    ja: text.describe('Japanese label, as callers and staff read it'),
    en: text.describe('English label'),
  })
  .strict();

/** A non-negative random duration in seconds. */
export const DistributionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), value: seconds }).strict(),
  z.object({ type: z.literal('exponential'), mean: duration }).strict(),
  z.object({ type: z.literal('lognormal'), mean: duration, cv }).strict(),
  z.object({ type: z.literal('gamma'), mean: duration, cv }).strict(),
  z
    .object({ type: z.literal('uniform'), min: seconds, max: seconds })
    .strict()
    .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] }),
  z
    .object({
      type: z.literal('empirical'),
      values: z.array(seconds).min(1).max(MAX.empiricalValues),
      weights: z.array(positive).max(MAX.empiricalValues).optional().describe('relative weight of each value; equal if absent'),
    })
    .strict()
    .refine((d) => d.weights === undefined || d.weights.length === d.values.length, {
      message: 'weights must have one entry per value',
      path: ['weights'],
    }),
]);

/** A record with at most n own keys. */
function atMostKeys(n: number): (record: object) => boolean {
  return (record) => Object.keys(record).length <= n;
}

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DaySchema = z.enum(DAYS);

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, { message: 'use HH:MM between 00:00 and 24:00', abort: true })
  .refine((s) => s <= '24:00', { message: 'a time of day cannot be later than 24:00', abort: true });

/** One staffed period, repeated on the given days. Overnight shifts are written as two entries. */
export const ShiftSchema = z
  .object({
    days: z.array(DaySchema).min(1).max(DAYS.length).default([...DAYS]),
    from: clock,
    to: clock,
  })
  .strict()
  .refine((s) => s.from < s.to, { message: 'shift must end after it starts (split overnight shifts in two)', path: ['to'] });

/** The calendar fields survive a round trip: 2022-02-30 and 24:00 are not real date-times. */
function isRealLocalDateTime(text: string): boolean {
  const ms = Date.parse(`${text}Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, text.length) === text;
}

export const HorizonSchema = z
  .object({
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: 'use a local date-time such as 2022-07-07T00:00', abort: true })
      .refine(isRealLocalDateTime, 'not a real date-time'),
    timeZone: z
      .string()
      .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'not an IANA time zone such as Asia/Tokyo')
      .default('Asia/Tokyo').describe('IANA zone of the service; clock changes are not modelled'),
    days: positive.max(MAX.horizonDays),
    warmupHours: z
      .number()
      .nonnegative()
      .max(MAX.horizonDays * 24)
      .default(0)
      .describe('attempts arriving before this are simulated but not counted (steady-state studies)'),
  })
  .strict();

const csvSource = z.object({
  file: z.string().min(1).max(MAX.noteLength).describe('CSV path, relative to the scenario file (files only; not over HTTP)'),
  column: z.string().max(MAX.textLength).optional().describe('column to read; the first numeric column if absent'),
});

const callers = z.number().nonnegative().max(MAX.callersPerDay);

export const ArrivalsSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('volume'),
      callersPerDay: z
        .union([callers, z.array(callers).min(1).max(MAX.horizonDays)])
        .describe('fresh callers per day (first attempts); an array gives one value per day of the horizon'),
      hourlyProfile: z
        .array(z.number().nonnegative())
        .length(24)
        .optional()
        .describe('relative weight of each hour 0–23 of the local day; flat if absent'),
      dayOfWeekFactors: z
        .partialRecord(DaySchema, z.number().nonnegative().max(MAX.dayFactor))
        .optional()
        .describe('multiplier on the daily volume per weekday; 1 where absent'),
    })
    .strict(),
  z
    .object({
      type: z.literal('intervalCounts'),
      intervalMinutes: positive.max(MAX.intervalMinutes),
      counts: z.array(callers.int()).max(MAX.intervals).optional().describe('fresh callers per interval from the start'),
      csv: csvSource.strict().optional(),
      mode: z
        .enum(['exact', 'poisson'])
        .default('exact')
        .describe('exact: that many callers, uniform within the interval; poisson: the count is the mean'),
    })
    .strict(),
  z
    .object({
      type: z.literal('trace'),
      times: z.array(seconds).max(MAX.traceArrivals).optional().describe('arrival times of fresh callers, seconds from the start'),
      csv: csvSource.strict().optional(),
    })
    .strict(),
]);

export const CategorySchema = z
  .object({
    id,
    label: LabelSchema,
    share: probability.describe("share of fresh callers whose concern this is; shares sum to 1"),
  })
  .strict();

export const MenuSchema = z
  .object({
    greetingSeconds: seconds.describe('greeting or sub-menu introduction before the first option'),
    get options(): z.ZodArray<typeof MenuOptionSchema> {
      return z.array(MenuOptionSchema).min(1).max(MAX.menuOptions);
    },
    repeats: z.number().int().nonnegative().max(MAX.menuRepeats).default(1).describe('times the menu is replayed after no or invalid input'),
    inputTimeoutSeconds: seconds.default(5).describe('silence after the last option before the menu repeats'),
  })
  .strict()
  .describe(`an IVR menu; menus nest at most ${MAX.menuDepth} deep (the top menu is depth 1), ${MAX.menuOptionsTotal} options in all menus together`);

export const MenuOptionSchema = z
  .object({
    digit: z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #'),
    label: LabelSchema,
    announceSeconds: seconds.describe('how long this option takes to announce'),
    target: z.union([
      z.object({ category: id }).strict(),
      z
        .object({
          get menu(): typeof MenuSchema {
            return MenuSchema;
          },
        })
        .strict(),
    ]),
  })
  .strict();

export const RedialSchema = z
  .object({
    probability: z
      .object({
        blocked: probability.default(0),
        abandoned_in_queue: probability.default(0),
        hung_up_in_menu: probability.default(0),
        invalid_input: probability.default(0),
        closed: probability.default(0),
      })
      .strict()
      .describe('chance that a caller tries again after an attempt ending this way'),
    delay: DistributionSchema.describe('time from the end of an attempt to the redial'),
    maxAttempts: z.number().int().min(1).max(MAX.redialAttempts).describe('attempts per caller at most, the first included'),
  })
  .strict();

export const CallerBehaviourSchema = z
  .object({
    menuPatience: DistributionSchema.optional().describe('time a caller will listen to the menu; unlimited if absent'),
    misselection: z
      .object({
        probability: probability.describe('chance of pressing a wrong option'),
        earlyBias: z
          .number()
          .nonnegative()
          .max(MAX.earlyBias)
          .default(1)
          .describe('wrong option k (1-based) is chosen with weight 1/k^earlyBias; 0 is uniform'),
      })
      .strict()
      .optional(),
    noInputProbability: probability.default(0).describe('chance, per hearing of a menu, that the caller presses nothing valid'),
    queuePatience: DistributionSchema.optional().describe('time a caller will wait in a queue; unlimited if absent'),
    redial: RedialSchema.optional(),
  })
  .strict();

export const OrganisationSchema = z
  .object({
    id,
    name: LabelSchema,
    schedule: z.array(ShiftSchema).max(MAX.shifts).optional().describe('weekly staffing; 24 hours every day if absent'),
    handleTime: z
      .object({
        default: DistributionSchema,
        byCategory: z.record(z.string(), DistributionSchema).refine(atMostKeys(MAX.categories), `at most ${MAX.categories} categories`).optional(),
      })
      .strict(),
    wrapUp: DistributionSchema.optional().describe('after-call work; the line stays unavailable'),
  })
  .strict();

export const LINE_POLICIES = ['longestIdle', 'roundRobin', 'fewestCalls', 'weightedRandom'] as const;

export const PoolSchema = z
  .object({
    id,
    label: LabelSchema.optional(),
    policy: z.enum(LINE_POLICIES).default('longestIdle').describe('how a free line is chosen'),
    lines: z
      .array(
        z
          .object({
            organisation: id,
            count: z.number().int().nonnegative().max(MAX.linesPerGroup),
            weight: positive.default(1).describe('relative weight under weightedRandom'),
            schedule: z.array(ShiftSchema).max(MAX.shifts).optional().describe("overrides the organisation's schedule for these lines"),
          })
          .strict(),
      )
      .min(1)
      .max(MAX.lineGroups),
  })
  .strict();

export const NoLineSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('busy') }).strict(),
  z
    .object({
      action: z.literal('queue'),
      maxLength: z.number().int().nonnegative().max(MAX.queueLength).optional().describe('callers waiting at most; unlimited if absent'),
      maxWaitSeconds: duration.optional().describe('after this the call gets the busy message; unlimited if absent'),
      priority: z.number().int().min(-MAX.priority).max(MAX.priority).default(0).describe('higher is served first by a line shared between categories'),
    })
    .strict(),
]);

export const RouteSchema = z
  .object({
    pools: z.array(id).min(1).max(MAX.pools).describe('line pools in order: primary, then overflow'),
    onNoLine: NoLineSchema.default({ action: 'busy' }),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    $schema: z.string().max(MAX.noteLength).optional(),
    name: text,
    notes: notes.default([]).describe('assumptions, one per line, with their source'),
    horizon: HorizonSchema,
    arrivals: ArrivalsSchema,
    categories: z.array(CategorySchema).min(1).max(MAX.categories),
    menu: MenuSchema,
    callers: CallerBehaviourSchema.default({ noInputProbability: 0 }),
    organisations: z.array(OrganisationSchema).min(1).max(MAX.organisations),
    pools: z.array(PoolSchema).min(1).max(MAX.pools),
    routing: z
      .record(z.string(), RouteSchema)
      .refine(atMostKeys(MAX.categories), `at most ${MAX.categories} routes`)
      .describe('route per category id'),
    assumptions: AssumptionsSchema.optional(),
    calibration: z
      .object({
        free: z
          .array(
            z.union([
              z
                .object({
                  path: ScenarioPathSchema.describe('a number in this scenario, e.g. arrivals.callersPerDay or pools[id=x].lines[0].count'),
                  min: z.number(),
                  max: z.number(),
                  integer: z.boolean().default(false),
                })
                .strict()
                .refine((f) => f.min <= f.max, { message: 'min must not exceed max', path: ['max'] }),
              z
                .object({ assumption: z.string().max(MAX.idLength).describe("the id of a numeric assumption: its path, and its prior's range as the bounds") })
                .strict(),
            ]),
          )
          .min(1)
          .max(MAX.calibrationParameters),
      })
      .strict()
      .optional()
      .describe('assumptions the data should update: `helpline-sim calibrate` fits them to observed totals, within their ranges'),
    reporting: z
      .object({
        serviceLevelSeconds: seconds.default(20).describe('an answered call counts as in service level if it waited at most this'),
      })
      .strict()
      .default({ serviceLevelSeconds: 20 }),
  })
  .strict();

export type Label = z.infer<typeof LabelSchema>;
export type Menu = z.infer<typeof MenuSchema>;
export type MenuOption = z.infer<typeof MenuOptionSchema>;
export type Distribution = z.infer<typeof DistributionSchema>;
export type Day = z.infer<typeof DaySchema>;
export type Shift = z.infer<typeof ShiftSchema>;
export type Horizon = z.infer<typeof HorizonSchema>;
export type Arrivals = z.infer<typeof ArrivalsSchema>;
export type Category = z.infer<typeof CategorySchema>;
export type CallerBehaviour = z.infer<typeof CallerBehaviourSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
export type LinePolicy = (typeof LINE_POLICIES)[number];
export type Pool = z.infer<typeof PoolSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type NoLine = z.infer<typeof NoLineSchema>;
/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A parsed scenario, defaults applied. CSV sources are still references until the loader inlines them. */
export type Scenario = z.infer<typeof ScenarioSchema>;

export const OUTCOMES = [
  'answered',
  'blocked',
  'abandoned_in_queue',
  'hung_up_in_menu',
  'invalid_input',
  'closed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
