/**
 * Upper bounds of a scenario: generous for any real helpline (the largest shipped scenario is
 * under a hundredth of each), small enough that no single file or request can exhaust the
 * service. The schema enforces them, the JSON Schema exports them, docs/operations.md lists them.
 */
export const SCENARIO_LIMITS = {
  /** horizon.days */
  horizonDays: 366,
  /** fresh callers in one day (after day-of-week factors), and in one interval of interval counts */
  callersPerDay: 1_000_000,
  /** arrivals.dayOfWeekFactors, each */
  dayFactor: 10,
  /** arrivals.intervalMinutes */
  intervalMinutes: 24 * 60,
  /** interval counts (inline or CSV rows): one-minute intervals over the longest horizon */
  intervals: 366 * 24 * 60,
  /** trace arrival times (inline or CSV rows) */
  traceArrivals: 10_000_000,
  /** any duration or time in seconds: the longest horizon */
  seconds: 366 * 24 * 3600,
  /** coefficient of variation of a lognormal or gamma duration */
  cv: 100,
  /** values of an empirical distribution */
  empiricalValues: 100_000,
  /** categories, and entries of routing and handleTime.byCategory */
  categories: 100,
  organisations: 1_000,
  pools: 1_000,
  /** line groups (entries of `lines`) in one pool */
  lineGroups: 1_000,
  /** lines in one line group (`count`) */
  linesPerGroup: 10_000,
  /** lines in all pools together */
  linesTotal: 100_000,
  /** shifts in one schedule */
  shifts: 200,
  /** options of one menu: one per key 0-9, * and # */
  menuOptions: 12,
  /** menus nested in menus, the top menu being depth 1 */
  menuDepth: 8,
  /** options in all menus together */
  menuOptionsTotal: 1_000,
  /** menu.repeats */
  menuRepeats: 10,
  /** callers.redial.maxAttempts */
  redialAttempts: 100,
  /** callers.misselection.earlyBias */
  earlyBias: 100,
  /** onNoLine.maxLength */
  queueLength: 100_000,
  /** |onNoLine.priority| */
  priority: 1_000,
  /** assumptions of one scenario */
  assumptions: 100,
  /** values of a discrete assumption, alternatives of a categorical one */
  assumptionValues: 50,
  /** discrete values and alternatives of all assumptions together: each costs one validation */
  assumptionValuesTotal: 500,
  /** calibration.free entries */
  calibrationParameters: 20,
  /** notes (of a scenario or variant) */
  notes: 1_000,
  /** characters of one note */
  noteLength: 10_000,
  /** characters of a name or label */
  textLength: 500,
  /** characters of an id */
  idLength: 64,
  /** changes in one variant */
  changes: 1_000,
  /** nesting of any JSON value in a scenario or change (objects and arrays) */
  jsonDepth: 64,
} as const;
