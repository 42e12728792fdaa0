/**
 * `helpline-sim replay <scenario> --url http://127.0.0.1:PORT --speed 60`: plays a scenario's
 * callers against a running live service over its public HTTP API, accelerated, so that the
 * live figures (dashboard, /metrics) move as they would on a real day.
 *
 * The callers are the simulator's: the same arrival process, concern mix, menu behaviour
 * (patience, wrong and missing presses), queue patience, handle times and redials, drawn from
 * seeded streams. What happens to each call (line, queue, busy, closed) is decided by the
 * service, not here. Staff are played too: a ringing line is answered at once and the call is
 * ended after the handle time. Every wait is scenario seconds / speed.
 *
 * Approximations, because the service runs on the real clock: schedules are judged by the
 * service at the real local time, not the scenario's; a queued caller learns that a line took
 * it by polling once per real second; an invalid-input attempt presses invalid keys at the top
 * menu; wrap-up time is not played (the service frees a line when its call ends).
 */
import { Command } from 'commander';
import type { Menu, MenuOption, Outcome, Scenario } from '../../../src/core/scenario/schema.ts';
import { optionIndexFor } from '../../../src/core/routing/menu.ts';
import { SECONDS_PER_DAY } from '../../../src/core/time/local-week.ts';
import { compileDistribution, type Sampler } from '../../engine/distributions.ts';
import { createStreams, type RandomStream } from '../../engine/random.ts';
import { createArrivals } from '../../model/arrivals.ts';
import { MenuBehaviour } from '../../model/menu-behaviour.ts';
import { CliInputError } from '../errors.ts';
import { integerOption } from '../options.ts';
import { loadScenarioFile } from '../load-scenario.ts';

export interface ReplayOptions {
  url: string;
  /** Scenario seconds per real second. */
  speed: number;
  seed: number;
  /** Scenario hours to play from the horizon start; the whole horizon if undefined. */
  hours: number | undefined;
  /** x-api-key for the call-flow routes, if the service wants one. */
  apiKey: string | undefined;
  log: (line: string) => void;
}

export interface ReplaySummary {
  attempts: number;
  outcomes: Record<Outcome, number>;
  /** Requests the service refused or failed (not outcomes). */
  errors: number;
}

interface CallView {
  id: string;
  status: 'menu' | 'queued' | 'ringing' | 'talking' | 'ended';
  line: { organisation: string } | null;
  category: string | null;
  outcome: Outcome | null;
}

const STREAMS = ['arrivals', 'concern', 'menu', 'patience', 'handle', 'redial'] as const;
const KEYS = '0123456789*#';

export async function replay(scenario: Scenario, opts: ReplayOptions): Promise<ReplaySummary> {
  const rng = createStreams(opts.seed, 0, STREAMS);
  const categoryIds = scenario.categories.map((c) => c.id);
  const menu = new MenuBehaviour(scenario.menu, categoryIds, scenario.callers);
  const menuPatience = optionalSampler(scenario.callers.menuPatience);
  const queuePatience = optionalSampler(scenario.callers.queuePatience);
  const redial = scenario.callers.redial;
  const redialDelay = redial && compileDistribution(redial.delay);
  const handle = handleSamplers(scenario);
  const invalidKey = [...KEYS].find((k) => !scenario.menu.options.some((o) => o.digit === k))!;
  const summary: ReplaySummary = { attempts: 0, outcomes: { answered: 0, blocked: 0, abandoned_in_queue: 0, hung_up_in_menu: 0, invalid_input: 0, closed: 0 }, errors: 0 };

  const started = Date.now();
  /** Resolves when scenario time `t` (seconds from the horizon start) is reached in real time. */
  const until = (t: number) => sleepMs(started + (t * 1000) / opts.speed - Date.now());
  const wait = (seconds: number) => sleepMs((seconds * 1000) / opts.speed);
  const api = async (method: string, path: string, body?: unknown): Promise<CallView | undefined> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.apiKey !== undefined) headers['x-api-key'] = opts.apiKey;
    try {
      const res = await fetch(opts.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.ok) return (await res.json()) as CallView;
      opts.log(`replay: ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    } catch (error) {
      opts.log(`replay: ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    summary.errors++;
    return undefined;
  };

  /** Staff answer, talk for the handle time, end; or the caller gives up while queued. */
  const connected = async (call: CallView, patience: number): Promise<CallView | undefined> => {
    let current: CallView | undefined = call;
    const giveUpAt = Date.now() + (patience * 1000) / opts.speed;
    while (current?.status === 'queued') {
      if (Date.now() >= giveUpAt) return api('POST', `/calls/${call.id}/end`);
      await sleepMs(Math.min(1000, giveUpAt - Date.now()));
      current = await api('GET', `/calls/${call.id}`);
    }
    if (current?.status !== 'ringing') return current;
    const org = current.line!.organisation;
    if ((await api('POST', `/calls/${call.id}/answer`)) === undefined) return undefined;
    await wait(handle(org, current.category!, rng.handle));
    return api('POST', `/calls/${call.id}/end`);
  };

  const attempt = async (concern: number, attemptNo: number): Promise<void> => {
    summary.attempts++;
    const start = await api('POST', '/calls');
    if (start === undefined) return;
    const patience = menuPatience ? menuPatience(rng.patience) : Infinity;
    const nav = menu.navigate(concern, patience, rng.menu);
    await wait(nav.seconds);
    let end: CallView | undefined;
    if (nav.outcome === 'hung_up_in_menu') {
      end = await api('POST', `/calls/${start.id}/end`);
    } else if (nav.outcome === 'invalid_input') {
      do end = await api('POST', `/calls/${start.id}/digits`, { digits: invalidKey });
      while (end?.status === 'menu');
    } else {
      const routed = await api('POST', `/calls/${start.id}/digits`, { digits: digitsTo(scenario.menu, categoryIds[nav.category]!) });
      end = routed && (await connected(routed, queuePatience ? queuePatience(rng.patience) : Infinity));
    }
    const outcome = end?.outcome;
    if (outcome === undefined || outcome === null) return;
    summary.outcomes[outcome]++;
    if (outcome !== 'answered' && redial && redialDelay && attemptNo < redial.maxAttempts && rng.redial.next() < redial.probability[outcome]) {
      await wait(redialDelay(rng.redial));
      await attempt(concern, attemptNo + 1);
    }
  };

  const end = Math.min(scenario.horizon.days * SECONDS_PER_DAY, opts.hours === undefined ? Infinity : opts.hours * 3600);
  const arrivals = createArrivals(scenario.arrivals, scenario.horizon);
  const shares = cumulative(scenario.categories.map((c) => c.share));
  const inFlight = new Set<Promise<void>>();
  const progress = setInterval(() => opts.log(progressLine(summary, (Date.now() - started) * opts.speed / 1000)), 10_000);
  try {
    for (let t = arrivals.next(rng.arrivals); t <= end; t = arrivals.next(rng.arrivals)) {
      await until(t);
      const concern = pick(shares, rng.concern.next());
      const p = attempt(concern, 1).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(progress);
  }
  opts.log(progressLine(summary, end === Infinity ? 0 : end));
  return summary;
}

/** The keys that lead from the top menu to the option of `category` (the menu core finds it). */
export function digitsTo(top: Menu, category: string): string {
  let keys = '';
  let menu: Menu | undefined = top;
  while (menu !== undefined) {
    const option: MenuOption = menu.options[optionIndexFor(menu, category)]!;
    keys += option.digit;
    menu = 'menu' in option.target ? option.target.menu : undefined;
  }
  return keys;
}

function handleSamplers(scenario: Scenario): (organisation: string, category: string, rng: RandomStream) => number {
  const byOrg = new Map(
    scenario.organisations.map((o) => [
      o.id,
      {
        fallback: compileDistribution(o.handleTime.default),
        byCategory: new Map(Object.entries(o.handleTime.byCategory ?? {}).map(([c, d]) => [c, compileDistribution(d)])),
      },
    ]),
  );
  return (organisation, category, rng) => {
    const org = byOrg.get(organisation)!;
    return (org.byCategory.get(category) ?? org.fallback)(rng);
  };
}

function optionalSampler(d: Parameters<typeof compileDistribution>[0] | undefined): Sampler | undefined {
  return d === undefined ? undefined : compileDistribution(d);
}

function cumulative(weights: readonly number[]): number[] {
  let acc = 0;
  return weights.map((w) => (acc += w));
}

function pick(cumulativeShares: readonly number[], u: number): number {
  const x = u * cumulativeShares[cumulativeShares.length - 1]!;
  const i = cumulativeShares.findIndex((c) => x < c);
  return i < 0 ? cumulativeShares.length - 1 : i;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function progressLine(s: ReplaySummary, scenarioSeconds: number): string {
  const h = Math.floor(scenarioSeconds / 3600);
  const m = Math.floor((scenarioSeconds % 3600) / 60);
  const done = Object.values(s.outcomes).reduce((a, b) => a + b, 0);
  const rate = done === 0 ? '–' : `${((100 * s.outcomes.answered) / done).toFixed(1)} %`;
  return `replay: scenario +${h}h${String(m).padStart(2, '0')}m  attempts ${s.attempts}  ended ${done}  answered ${s.outcomes.answered} (${rate})  blocked ${s.outcomes.blocked}  abandoned ${s.outcomes.abandoned_in_queue}  errors ${s.errors}`;
}

function positiveNumber(name: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x <= 0) throw new CliInputError(`${name} must be a number > 0, got "${value}"`);
    return x;
  };
}

interface ReplayFlags {
  url: string;
  speed: number;
  seed: number;
  hours?: number;
  apiKey?: string;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description("play a scenario's callers against a running live service (accelerated), so the live figures move")
    .argument('<scenario>', 'scenario JSON file')
    .requiredOption('--url <url>', 'base URL of the service, e.g. http://127.0.0.1:3000')
    .option('--speed <x>', 'scenario seconds per real second', positiveNumber('--speed'), 60)
    .option('--seed <n>', 'random seed of the callers', integerOption('--seed', 0), 1)
    .option('--hours <h>', 'play only this many scenario hours from the horizon start', positiveNumber('--hours'))
    .option('--api-key <key>', 'x-api-key for the call-flow routes (default: $TELEPHONY_API_KEY)')
    .action(async (file: string, flags: ReplayFlags) => {
      if (!/^https?:\/\/[^/]+/.test(flags.url)) throw new CliInputError(`--url must be an http(s) URL, got "${flags.url}"`);
      const scenario = await loadScenarioFile(file);
      const summary = await replay(scenario, {
        url: flags.url.replace(/\/+$/, ''),
        speed: flags.speed,
        seed: flags.seed,
        hours: flags.hours,
        apiKey: flags.apiKey ?? process.env.TELEPHONY_API_KEY,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    });
}
