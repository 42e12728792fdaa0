/**
 * npm run bench:sim — simulator speed and memory.
 *
 * Prints, on this machine and in this run:
 *   - the bare engine (calendar + clock, no model) as the baseline, in events/s;
 *   - the #9999-like scenario: events/s, ms per trial-week replication, ratio to the baseline;
 *   - a ~1,000,000-attempt scenario: events/s and peak RSS, against a 10× smaller one run in
 *     its own process, to show memory stays flat as attempts grow.
 * Targets: ≥ 3 M events/s, ≤ 30 ms per trial-week replication, flat memory.
 *
 * Times are this process's CPU time, not wall time: the simulator is single-threaded, and CPU
 * time does not count the moments other processes on a shared machine had the core. The engine
 * and the trial scenario are timed in interleaved rounds and their medians printed: on a shared
 * 2-core machine one block of either can run a third slower than the next.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../sim/io/load-scenario.ts';
import { simulateReplication } from '../sim/model/helpline-model.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { createStreams } from '../sim/engine/random.ts';
import type { Scenario } from '../core/scenario/schema.ts';

const TRIAL = 'scenarios/9999-like.json';

/** CPU seconds (user + system) used by this process so far. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Same calendar traffic shape as the model (≈ 50 pending events), with no model work. */
function engineBaseline(events: number): number {
  const sim = new Simulation<null>();
  const rng = createStreams(1, 0, ['x'] as const).x;
  for (let i = 0; i < 50; i++) sim.after(rng.next() * 100, 0, null);
  const t0 = cpuSeconds();
  sim.run(() => {
    if (sim.events >= events) sim.stop();
    else sim.after(-100 * Math.log(rng.nextPositive()), 0, null);
  });
  return sim.events / (cpuSeconds() - t0);
}

function timeReplications(scenario: Scenario, reps: number): { msPerRep: number; eventsPerSec: number; attempts: number } {
  let events = 0;
  let attempts = 0;
  const t0 = cpuSeconds();
  for (let r = 0; r < reps; r++) {
    const f = simulateReplication(scenario, { seed: 7, replication: r });
    events += f.events;
    attempts += f.overall.attempts;
  }
  const ms = (cpuSeconds() - t0) * 1000;
  return { msPerRep: ms / reps, eventsPerSec: events / (ms / 1000), attempts: attempts / reps };
}

/**
 * The trial scenario grown to about `attempts` attempts per replication: first a longer
 * horizon (up to a year of the same service), then volume and lines scaled together.
 */
async function scaled(attempts: number): Promise<Scenario> {
  const base = await loadScenarioFile(TRIAL);
  const k = attempts / timeReplications(base, 1).attempts;
  const days = Math.min(366, Math.round(base.horizon.days * k));
  const volume = (k * base.horizon.days) / days;
  const arrivals = base.arrivals;
  if (arrivals.type !== 'volume' || Array.isArray(arrivals.callersPerDay)) {
    throw new Error(`${TRIAL} must use one daily volume`);
  }
  const pools = base.pools.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l, count: Math.round(l.count * volume) })) }));
  return {
    ...base,
    horizon: { ...base.horizon, days },
    arrivals: { ...arrivals, callersPerDay: arrivals.callersPerDay * volume },
    pools,
  };
}

async function child(attempts: number): Promise<void> {
  const scenario = await scaled(attempts);
  timeReplications(await loadScenarioFile(TRIAL), 5); // JIT warm-up, the same in both children
  const r = timeReplications(scenario, 1);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...r, rssMb }));
}

function inChild(attempts: number): { msPerRep: number; eventsPerSec: number; attempts: number; rssMb: number } {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', fileURLToPath(import.meta.url), '--child', String(attempts)], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** Interleaved rounds of the engine and the trial scenario, 10 replications each. */
const ROUNDS = 9;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) return child(Number(process.argv[childIndex + 1]));

  engineBaseline(2_000_000); // warm-up
  const trial = await loadScenarioFile(TRIAL);
  timeReplications(trial, 5); // warm-up
  const engineRounds: number[] = [];
  const weekRounds: Array<ReturnType<typeof timeReplications>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    engineRounds.push(engineBaseline(1_000_000));
    weekRounds.push(timeReplications(trial, 10));
  }
  const baseline = median(engineRounds);
  const week = { ...weekRounds[0]!, msPerRep: median(weekRounds.map((w) => w.msPerRep)), eventsPerSec: median(weekRounds.map((w) => w.eventsPerSec)) };
  const small = inChild(100_000);
  const large = inChild(1_000_000);

  const rows = [
    ['bare engine (baseline)', `${fmt(baseline / 1e6, 2)} M events/s`, `median of ${ROUNDS} rounds interleaved with the next line's`],
    [
      `${TRIAL} (${fmt(week.attempts)} attempts/replication)`,
      `${fmt(week.eventsPerSec / 1e6, 2)} M events/s`,
      `${fmt(week.msPerRep, 1)} ms/replication; ${fmt((100 * week.eventsPerSec) / baseline)} % of baseline`,
    ],
    [
      `scaled ×10 (${fmt(small.attempts)} attempts)`,
      `${fmt(small.eventsPerSec / 1e6, 2)} M events/s`,
      `peak RSS ${fmt(small.rssMb)} MB`,
    ],
    [
      `scaled ×100 (${fmt(large.attempts)} attempts)`,
      `${fmt(large.eventsPerSec / 1e6, 2)} M events/s`,
      `peak RSS ${fmt(large.rssMb)} MB (${fmt(large.rssMb / small.rssMb, 2)}× the RSS for ${fmt(large.attempts / small.attempts, 1)}× the attempts)`,
    ],
  ];
  for (const [a, b, c] of rows) process.stdout.write(`${a!.padEnd(58)} ${b!.padStart(18)}   ${c}\n`);
  process.stdout.write('targets: ≥ 3 M events/s; ≤ 30 ms per trial-week replication; RSS flat as attempts grow 10×\n');
}

await main();
