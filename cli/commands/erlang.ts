/**
 * `helpline-sim erlang b|c|a`: the analytic quick estimate for one line pool, before running
 * the simulator. The numbers come from core/analytic/erlang.ts; this module only reads
 * options, checks them, and prints the answer rate first, since that is what planners read.
 */
import { Command } from 'commander';
import { erlangA, erlangB, erlangC, erlangCMeanWait, erlangCServiceLevel } from '../../core/analytic/erlang.ts';
import { InputError } from '../../sim/io/input-error.ts';

type RawOptions = Record<string, string | boolean | undefined>;

type NumberKind = 'integer' | 'non-negative' | 'positive';

function parseNumber(raw: string, flag: string, kind: NumberKind): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  const ok =
    Number.isFinite(value) &&
    (kind === 'integer' ? Number.isSafeInteger(value) && value >= 0 : kind === 'positive' ? value > 0 : value >= 0);
  if (!ok) {
    const expected = kind === 'integer' ? 'a non-negative integer' : kind === 'positive' ? 'a number > 0' : 'a number >= 0';
    throw new InputError(`${flag} must be ${expected}, got "${raw}"`);
  }
  return value;
}

function stringOption(opts: RawOptions, key: string): string | undefined {
  const raw = opts[key];
  return typeof raw === 'string' ? raw : undefined;
}

function required(opts: RawOptions, key: string, flag: string, kind: NumberKind): number {
  const raw = stringOption(opts, key);
  if (raw === undefined) throw new InputError(`missing required option ${flag}`);
  return parseNumber(raw, flag, kind);
}

function optional(opts: RawOptions, key: string, flag: string, kind: NumberKind): number | undefined {
  const raw = stringOption(opts, key);
  return raw === undefined ? undefined : parseNumber(raw, flag, kind);
}

interface Traffic {
  callsPerHour: number;
  handleSeconds: number;
  /** calls per second */
  arrivalRate: number;
  /** Erlangs */
  load: number;
}

function traffic(opts: RawOptions): Traffic {
  const callsPerHour = required(opts, 'callsPerHour', '--calls-per-hour', 'non-negative');
  const handleSeconds = required(opts, 'handleSeconds', '--handle-seconds', 'positive');
  const arrivalRate = callsPerHour / 3600;
  return { callsPerHour, handleSeconds, arrivalRate, load: arrivalRate * handleSeconds };
}

function percent(p: number): string {
  return `${(100 * p).toFixed(2)} %`;
}

function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

function print(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function trafficText(t: Traffic): string {
  return `${t.callsPerHour} calls/hour, ${t.handleSeconds} s handle time (offered load ${t.load.toFixed(2)} Erlangs)`;
}

function runB(opts: RawOptions): void {
  const lines = required(opts, 'lines', '--lines', 'integer');
  const rawLoad = stringOption(opts, 'load');
  const hasRates = stringOption(opts, 'callsPerHour') !== undefined || stringOption(opts, 'handleSeconds') !== undefined;
  if (rawLoad !== undefined && hasRates) {
    throw new InputError('give either --load or --calls-per-hour with --handle-seconds, not both');
  }
  if (rawLoad === undefined && !hasRates) {
    throw new InputError('missing required option --load (or --calls-per-hour with --handle-seconds)');
  }
  const t = rawLoad === undefined ? traffic(opts) : undefined;
  const load = t?.load ?? parseNumber(rawLoad ?? '', '--load', 'non-negative');

  const blocking = erlangB(lines, load);
  const carriedLoad = load * (1 - blocking);
  const occupancy = lines === 0 ? 0 : carriedLoad / lines;
  if (opts['json'] === true) {
    printJson({
      model: 'erlang-b',
      lines,
      load,
      ...(t ? { callsPerHour: t.callsPerHour, handleSeconds: t.handleSeconds } : {}),
      answerRate: 1 - blocking,
      blocking,
      carriedLoad,
      occupancy,
    });
    return;
  }
  print([
    `Erlang B: ${lines} lines, ${t ? trafficText(t) : `offered load ${load} Erlangs`}; busy signal when every line is busy, no queue`,
    `  answer rate     ${percent(1 - blocking)}`,
    `  blocked         ${percent(blocking)}  (B = ${blocking.toPrecision(6)})`,
    `  line occupancy  ${percent(occupancy)}  (carried load ${carriedLoad.toFixed(2)} Erlangs)`,
  ]);
}

function runC(opts: RawOptions): void {
  const lines = required(opts, 'lines', '--lines', 'integer');
  const t = traffic(opts);
  const slSeconds = optional(opts, 'serviceLevelSeconds', '--service-level-seconds', 'non-negative');

  const stable = t.load < lines;
  const probWait = erlangC(lines, t.load);
  const meanWait = erlangCMeanWait(lines, t.arrivalRate, t.handleSeconds);
  const meanWaitIfWaiting = stable ? t.handleSeconds / (lines - t.load) : Infinity;
  const serviceLevel =
    slSeconds === undefined ? undefined : erlangCServiceLevel(lines, t.arrivalRate, t.handleSeconds, slSeconds);
  const occupancy = stable ? t.load / lines : 1;
  if (opts['json'] === true) {
    printJson({
      model: 'erlang-c',
      lines,
      callsPerHour: t.callsPerHour,
      handleSeconds: t.handleSeconds,
      load: t.load,
      stable,
      // infinitely patient callers are all answered, but only when the pool keeps up
      answerRate: stable ? 1 : null,
      probWait,
      meanWaitSeconds: stable ? meanWait : null,
      meanWaitIfWaitingSeconds: stable ? meanWaitIfWaiting : null,
      ...(slSeconds === undefined ? {} : { serviceLevelSeconds: slSeconds, serviceLevel }),
      occupancy,
    });
    return;
  }
  const out = [`Erlang C: ${lines} lines, ${trafficText(t)}; callers wait and never give up`];
  if (!stable) {
    out.push(`  unstable: the offered load is not below the number of lines, so the queue grows without bound`);
    print(out);
    return;
  }
  out.push(
    `  answer rate           100 % (nobody gives up in this model)`,
    `  must wait             ${percent(probWait)}`,
    `  mean wait, all calls  ${seconds(meanWait)}`,
    `  mean wait if waiting  ${seconds(meanWaitIfWaiting)}`,
  );
  if (slSeconds !== undefined && serviceLevel !== undefined) {
    out.push(`  answered within ${slSeconds} s  ${percent(serviceLevel)}`);
  }
  out.push(`  line occupancy        ${percent(occupancy)}`);
  print(out);
}

function runA(opts: RawOptions): void {
  const lines = required(opts, 'lines', '--lines', 'integer');
  const t = traffic(opts);
  const patienceSeconds = required(opts, 'patienceSeconds', '--patience-seconds', 'non-negative');
  const slSeconds = optional(opts, 'serviceLevelSeconds', '--service-level-seconds', 'non-negative');

  const result = erlangA({
    servers: lines,
    arrivalRate: t.arrivalRate,
    meanServiceTime: t.handleSeconds,
    meanPatience: patienceSeconds,
  });
  const answerRate = 1 - result.probAbandon;
  const occupancy = lines === 0 ? 0 : (t.load * answerRate) / lines;
  const serviceLevel = slSeconds === undefined ? undefined : result.probAnsweredWithin(slSeconds);
  if (opts['json'] === true) {
    printJson({
      model: 'erlang-a',
      lines,
      callsPerHour: t.callsPerHour,
      handleSeconds: t.handleSeconds,
      patienceSeconds,
      load: t.load,
      answerRate,
      probAbandon: result.probAbandon,
      probWait: result.probWait,
      meanWaitSeconds: result.meanWait,
      meanQueueLength: result.meanQueueLength,
      ...(slSeconds === undefined ? {} : { serviceLevelSeconds: slSeconds, answeredWithin: serviceLevel }),
      occupancy,
    });
    return;
  }
  const out = [
    `Erlang A: ${lines} lines, ${trafficText(t)}; callers give up after ${patienceSeconds} s on average`,
    `  answer rate           ${percent(answerRate)}`,
    `  gave up in queue      ${percent(result.probAbandon)}`,
    `  must wait             ${percent(result.probWait)}`,
    `  mean wait, all calls  ${seconds(result.meanWait)}`,
    `  mean queue length     ${result.meanQueueLength.toFixed(2)} callers`,
  ];
  if (slSeconds !== undefined && serviceLevel !== undefined) {
    out.push(`  answered within ${slSeconds} s  ${percent(serviceLevel)}`);
  }
  out.push(`  line occupancy        ${percent(occupancy)}`);
  print(out);
}

function withTrafficOptions(command: Command): Command {
  return command
    .option('--calls-per-hour <calls>', 'calls offered per hour')
    .option('--handle-seconds <seconds>', 'mean handle time per answered call, in seconds');
}

export function erlangCommand(): Command {
  const erlang = new Command('erlang')
    .description('Analytic quick estimate for one line pool: Erlang B (busy signal), C (queue), A (queue with abandonment)')
    // subcommands made with .command() inherit this; addCommand() on the program does not pass
    // it down, and without it commander would exit(1) itself instead of letting main.ts exit 2
    .exitOverride();

  withTrafficOptions(
    erlang
      .command('b')
      .description('Erlang B: lines with a busy signal and no queue (M/M/n/n); prints the answer rate and blocking')
      .option('--lines <n>', 'number of lines in the pool')
      .option('--load <erlangs>', 'offered load in Erlangs (instead of --calls-per-hour and --handle-seconds)'),
  )
    .option('--json', 'print the result as JSON')
    .action((opts: RawOptions) => runB(opts));

  withTrafficOptions(
    erlang
      .command('c')
      .description('Erlang C: callers queue and never give up (M/M/n); prints wait probability, mean wait, service level')
      .option('--lines <n>', 'number of lines in the pool'),
  )
    .option('--service-level-seconds <seconds>', 'also print the share answered within this many seconds')
    .option('--json', 'print the result as JSON')
    .action((opts: RawOptions) => runC(opts));

  withTrafficOptions(
    erlang
      .command('a')
      .description('Erlang A: callers queue and give up after an exponential patience (M/M/n+M)')
      .option('--lines <n>', 'number of lines in the pool'),
  )
    .option('--patience-seconds <seconds>', 'mean caller patience in the queue, in seconds')
    .option('--service-level-seconds <seconds>', 'also print the share answered within this many seconds')
    .option('--json', 'print the result as JSON')
    .action((opts: RawOptions) => runA(opts));

  return erlang;
}
