/**
 * fast-check arbitrary for small but varied VALID scenarios: 1–4 categories (some with no
 * callers), a menu possibly nested one level, 1–3 organisations with weekly schedules that have
 * gaps, 1–4 pools of 0–4 lines (with per-line schedule overrides), routes with overflow pools,
 * busy or queue rules, and random caller behaviour. Horizons are 1–2 days at low volume so a
 * run takes milliseconds.
 *
 * The generator produces raw choices and `buildScenario` resolves them into a scenario input,
 * taking indices modulo the sizes so every reference is valid by construction.
 */
import fc from 'fast-check';
import { DAYS, type Distribution, type ScenarioInput } from '../../core/scenario/schema.ts';
import { label } from './scenarios.ts';

/**
 * fc.double leans hard toward extreme values (1e-300 and the like); those are kept for edge
 * cases, but most draws come from a tenth-step grid so that volumes, probabilities and
 * durations are mostly of ordinary size.
 */
const real = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: Math.ceil(min * 10), max: Math.floor(max * 10) }).map((x) => x / 10) },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) },
  );
const positive = (max: number): fc.Arbitrary<number> => real(0.5, max);
const nonNegative = (max: number): fc.Arbitrary<number> => real(0, max);
const probability = fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 100 }).map((x) => x / 100), fc.double({ min: 0, max: 1, noNaN: true }));

export function distribution(meanMax: number): fc.Arbitrary<Distribution> {
  return fc.oneof(
    fc.record({ type: fc.constant('fixed' as const), value: nonNegative(meanMax) }),
    fc.record({ type: fc.constant('exponential' as const), mean: positive(meanMax) }),
    fc.record({ type: fc.constant('lognormal' as const), mean: positive(meanMax), cv: real(0.1, 3) }),
    fc.record({ type: fc.constant('gamma' as const), mean: positive(meanMax), cv: real(0.1, 3) }),
    fc
      .tuple(nonNegative(meanMax), nonNegative(meanMax))
      .map(([a, b]) => ({ type: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
    fc
      .array(fc.tuple(nonNegative(meanMax), real(0.1, 5)), { minLength: 1, maxLength: 4 })
      .map((vw) => ({ type: 'empirical' as const, values: vw.map((x) => x[0]), weights: vw.map((x) => x[1]) })),
  );
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** One shift on some days, on a 30-minute grid, from < to ≤ 24:00. */
const shift = fc
  .tuple(fc.subarray([...DAYS], { minLength: 1 }), fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 }))
  .map(([days, from, length]) => ({ days, from: hhmm(from * 30), to: hhmm(Math.min(48, from + length) * 30) }));

/** undefined = around the clock; otherwise 1–3 shifts, which leave gaps. */
const schedule = fc.option(fc.array(shift, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 3 });

const noLine = fc.oneof(
  fc.constant({ action: 'busy' as const }),
  fc.record(
    {
      action: fc.constant('queue' as const),
      maxLength: fc.integer({ min: 0, max: 5 }),
      maxWaitSeconds: positive(600),
      priority: fc.integer({ min: -2, max: 2 }),
    },
    { requiredKeys: ['action'] },
  ),
);

const raw = fc.record({
  start: fc.constantFrom('2022-07-04T00:00', '2022-07-07T13:30', '2022-07-09T23:00', '2023-01-01T06:15:30'),
  days: fc.oneof(fc.constant(1), fc.constant(2), real(1, 2)),
  warmupHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
  callersPerDay: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 50 }) },
    { weight: 6, arbitrary: fc.integer({ min: 51, max: 400 }) },
  ),
  hourlyProfile: fc.option(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 24, maxLength: 24 }), { nil: undefined }),
  dayOfWeekFactors: fc.option(fc.dictionary(fc.constantFrom(...DAYS), fc.constantFrom(0, 0.5, 1, 1.5, 2)), {
    nil: undefined,
    freq: 4,
  }),
  shareWeights: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  /** per category: 0 = top menu, 1 = submenu; categories with no callers may be left out (2) */
  placement: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
  menuOrder: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
  greeting: fc.array(nonNegative(15), { minLength: 2, maxLength: 2 }),
  announce: fc.array(nonNegative(12), { minLength: 5, maxLength: 5 }),
  repeats: fc.integer({ min: 0, max: 2 }),
  inputTimeout: nonNegative(8),
  menuPatience: fc.option(distribution(120), { nil: undefined }),
  misselection: fc.option(
    fc.record({ probability: real(0, 0.5), earlyBias: real(0, 3) }),
    { nil: undefined },
  ),
  noInput: fc.oneof(fc.constant(0), real(0, 0.4)),
  queuePatience: fc.option(distribution(400), { nil: undefined }),
  redial: fc.option(
    fc.record({
      probability: fc.record({
        blocked: probability,
        abandoned_in_queue: probability,
        hung_up_in_menu: probability,
        invalid_input: probability,
        closed: probability,
      }),
      delay: distribution(1800),
      maxAttempts: fc.integer({ min: 1, max: 4 }),
    }),
    { nil: undefined },
  ),
  orgs: fc.array(
    fc.record({
      schedule,
      handle: distribution(900),
      byCategory: fc.option(fc.array(fc.tuple(fc.nat(), distribution(900)), { maxLength: 2 }), { nil: undefined }),
      wrapUp: fc.option(distribution(120), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  pools: fc.array(
    fc.record({
      policy: fc.constantFrom('longestIdle', 'roundRobin', 'fewestCalls', 'weightedRandom'),
      lines: fc.array(
        fc.record({
          org: fc.nat(),
          count: fc.integer({ min: 0, max: 4 }),
          weight: real(0.1, 5),
          schedule: fc.option(fc.array(shift, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 4 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  routes: fc.array(fc.record({ pools: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), onNoLine: noLine }), {
    minLength: 4,
    maxLength: 4,
  }),
  serviceLevelSeconds: nonNegative(60),
});

type OptionInput = ScenarioInput['menu']['options'][number];

export type RawScenario = typeof raw extends fc.Arbitrary<infer T> ? T : never;

export function buildScenario(r: RawScenario): ScenarioInput {
  const nCat = r.shareWeights.length;
  const weights = r.shareWeights.some((w) => w > 0) ? r.shareWeights : r.shareWeights.map((_, i) => (i === 0 ? 1 : 0));
  const total = weights.reduce((s, w) => s + w, 0);
  const catIds = weights.map((_, i) => `cat${i}`);
  const categories = catIds.map((id, i) => ({ id, label: label(id), share: weights[i]! / total }));

  // menu: categories with callers must be offered; others may be left out
  const top: number[] = [];
  const sub: number[] = [];
  catIds.forEach((_, i) => {
    const place = weights[i]! > 0 ? Math.min(r.placement[i]!, 1) : r.placement[i]!;
    if (place === 0) top.push(i);
    else if (place === 1) sub.push(i);
  });
  const order = (xs: number[]): number[] => [...xs].sort((a, b) => r.menuOrder[a]! - r.menuOrder[b]! || a - b);
  const option = (c: number, digit: number): OptionInput => ({
    digit: String(digit),
    label: label(catIds[c]!),
    announceSeconds: r.announce[c]!,
    target: { category: catIds[c]! },
  });
  const topOptions: OptionInput[] = order(top).map((c, k) => option(c, k + 1));
  if (sub.length > 0) {
    const submenu = {
      greetingSeconds: r.greeting[1]!,
      options: order(sub).map((c, k) => option(c, k + 1)),
      repeats: r.repeats,
      inputTimeoutSeconds: r.inputTimeout,
    };
    // the submenu's place among the top options
    const at = r.menuOrder[4]! % (topOptions.length + 1);
    topOptions.splice(at, 0, { digit: '0', label: label('more'), announceSeconds: r.announce[4]!, target: { menu: submenu } });
    topOptions.forEach((o, k) => {
      if (o.digit !== '0') o.digit = String(k + 1);
    });
  }

  const orgIds = r.orgs.map((_, i) => `org${i}`);
  const poolIds = r.pools.map((_, i) => `pool${i}`);
  const volume: Extract<ScenarioInput['arrivals'], { type: 'volume' }> = { type: 'volume', callersPerDay: r.callersPerDay };
  if (r.hourlyProfile && r.hourlyProfile.some((w) => w > 0)) volume.hourlyProfile = r.hourlyProfile;
  if (r.dayOfWeekFactors) volume.dayOfWeekFactors = r.dayOfWeekFactors;

  return {
    name: 'random',
    horizon: { start: r.start, days: r.days, warmupHours: r.warmupHours },
    arrivals: volume,
    categories,
    menu: { greetingSeconds: r.greeting[0]!, options: topOptions, repeats: r.repeats, inputTimeoutSeconds: r.inputTimeout },
    callers: {
      noInputProbability: r.noInput,
      ...(r.menuPatience && { menuPatience: r.menuPatience }),
      ...(r.misselection && { misselection: r.misselection }),
      ...(r.queuePatience && { queuePatience: r.queuePatience }),
      ...(r.redial && { redial: r.redial }),
    },
    organisations: r.orgs.map((o, i) => ({
      id: orgIds[i]!,
      name: label(orgIds[i]!),
      ...(o.schedule && { schedule: o.schedule }),
      handleTime: {
        default: o.handle,
        ...(o.byCategory && { byCategory: Object.fromEntries(o.byCategory.map(([c, d]) => [catIds[c % nCat]!, d])) }),
      },
      ...(o.wrapUp && { wrapUp: o.wrapUp }),
    })),
    pools: r.pools.map((p, i) => ({
      id: poolIds[i]!,
      policy: p.policy,
      lines: p.lines.map((l) => ({
        organisation: orgIds[l.org % orgIds.length]!,
        count: l.count,
        weight: l.weight,
        ...(l.schedule && { schedule: l.schedule }),
      })),
    })),
    routing: Object.fromEntries(
      catIds.map((id, i) => {
        const route = r.routes[i]!;
        const pools = [...new Set(route.pools.map((p) => poolIds[p % poolIds.length]!))];
        return [id, { pools, onNoLine: route.onNoLine }];
      }),
    ),
    reporting: { serviceLevelSeconds: r.serviceLevelSeconds },
  };
}

export const scenarioInput: fc.Arbitrary<ScenarioInput> = raw.map(buildScenario);
