/**
 * `helpline-sim calibrate <scenario> --observed <file>`: fit the scenario's calibration.free
 * parameters to observed totals (method: sim/experiments/calibrate.ts) and say which of them the
 * data pin down.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import Table from 'cli-table3';
import type { CalibrationResult, Observed } from '../../sim/experiments/calibrate.ts';
import { InputError } from '../../sim/io/input-error.ts';
import { withExperimentOptions, withRunner, type ExperimentFlags } from '../experiment-options.ts';
import { integerOption } from '../options.ts';

interface CalibrateFlags extends ExperimentFlags {
  observed: string;
  maxEvaluations?: number;
  html?: string;
}

async function loadObserved(file: string): Promise<Observed> {
  const [{ ObservedSchema }, { formatPath, zodIssues }] = await Promise.all([import('../../sim/experiments/calibrate.ts'), import('../../core/scenario/validate.ts')]);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ObservedSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = zodIssues(parsed.error);
    throw new InputError(`${file}: ${formatPath(first!.path)}: ${first!.message}`);
  }
  return parsed.data;
}

export function calibrateCommand(): Command {
  return withExperimentOptions(
    new Command('calibrate')
      .description("fit the scenario's calibration.free parameters to observed totals (Nelder–Mead on common random numbers) and report which ones the data pin down")
      .argument('<scenario>', 'scenario or variant file with calibration.free')
      .requiredOption('--observed <file>', 'JSON of observed totals: {"attempts": 14678, "answered": 3823, "categories": {"loneliness": {"answerRate": 0.105}}}')
      .option('--max-evaluations <n>', 'objective evaluations at most (default 40 + 30 per parameter)', integerOption('--max-evaluations', 1))
      .option('--html <file>', 'also write a self-contained HTML report with charts'),
    10,
  ).action(async (file: string, flags: CalibrateFlags) => {
    // the simulator loads when the command runs, not for `helpline-sim --help`
    const [{ CalibrationInputError, calibrate, defaultMaxEvaluations }, { loadScenarioFile }, { largestVariant }, { confirmRunSize }, { calibratePage }, { writeHtmlPage }, { calibrationCsv }, { freeParameters }] =
      await Promise.all([
        import('../../sim/experiments/calibrate.ts'),
        import('../../sim/io/load-scenario.ts'),
        import('../../sim/run/run-cost.ts'),
        import('../size-check.ts'),
        import('../../sim/report/html/calibrate-charts.ts'),
        import('../html-output.ts'),
        import('../../sim/report/csv.ts'),
        import('../../core/scenario/assumptions.ts'),
      ]);
    const scenario = await loadScenarioFile(file);
    const observed = await loadObserved(flags.observed);
    const free = freeParameters(scenario);
    const largest = largestVariant(scenario, free.map((p) => ({ path: p.path, values: [p.max] })));
    const maxEvaluations = flags.maxEvaluations ?? defaultMaxEvaluations(free.length);
    await confirmRunSize(file, { kind: 'calibrate', scenarios: [largest], replications: flags.replications, maxEvaluations, freeParameters: free.length }, flags.yes);
    const log = process.stderr.isTTY ? (message: string) => process.stderr.write(`calibrate: ${message}\n`) : undefined;
    let result: CalibrationResult;
    try {
      result = await withRunner(flags, (runner) =>
        calibrate(scenario, observed, {
          seed: flags.seed,
          replications: flags.replications,
          runner,
          ...(flags.maxEvaluations !== undefined && { maxEvaluations: flags.maxEvaluations }),
          ...(log && { log }),
        }),
      );
    } catch (error) {
      if (error instanceof CalibrationInputError) throw new InputError(`${file}: ${error.message}`);
      throw error;
    }
    if (flags.csv) await writeFile(flags.csv, calibrationCsv(result));
    if (flags.html) await writeHtmlPage(flags.html, calibratePage(result, { scenario: scenario.name }));
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : calibrationText(result, scenario.name));
  });
}

const number = (x: number): string =>
  Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number.isInteger(x) ? String(x) : x.toPrecision(4);

export function calibrationText(r: CalibrationResult, scenarioName: string): string {
  const params = new Table({
    head: ['Parameter', 'Start', 'Fitted', '95% CI', 'Bounds', 'Identified'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const p of r.parameters) {
    params.push([p.path, number(p.start), number(p.fitted), p.ci95 ? `${number(p.ci95[0])}–${number(p.ci95[1])}` : '—', `${number(p.min)}–${number(p.max)}`, p.identification]);
  }
  const residuals = new Table({
    head: ['Observed figure', 'Observed', 'Simulated (95% CI)', 'Residual'],
    colAligns: ['left', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const x of r.residuals) {
    const s = x.simulated;
    const sim = s.mean === null ? '—' : `${number(s.mean)}${s.ci95 ? ` [${number(s.ci95[0])}–${number(s.ci95[1])}]` : ''}`;
    const residual = x.kind === 'count' ? `${(100 * x.residual).toFixed(1)} %` : `${(100 * x.residual).toFixed(1)} pts`;
    residuals.push([x.figure, number(x.observed), sim, residual]);
  }
  const notes = r.parameters.filter((p) => p.reason).map((p) => `  ${p.path}: ${p.identification} — ${p.reason}.`);
  const out = [
    `${scenarioName}: fitted on seed ${r.seed}, ${r.replications} replications per point, ${r.evaluations} evaluations (objective ${r.objective.toPrecision(3)})`,
    params.toString(),
    residuals.toString(),
    'Residuals: relative for counts, percentage points for rates; the objective is their sum of squares.',
    notes.length > 0 ? 'What the data do not pin down:' : 'Every parameter is pinned down by the observed figures.',
    ...notes,
  ];
  return `${out.join('\n')}\n`;
}

