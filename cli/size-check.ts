/**
 * The CLI's size check: the service's cost model (sim/run/run-cost.ts) with the service's
 * default limits. A run past them needs `--yes`; without it, a terminal is asked, anything
 * else (a script, CI) stops with one line naming the file and the flag.
 */
import { createInterface } from 'node:readline/promises';
import { costExcesses, DEFAULT_COST_LIMITS, estimateRunCost, type CostInput } from '../sim/run/run-cost.ts';
import { InputError } from '../sim/io/input-error.ts';

export async function confirmRunSize(file: string, input: CostInput, yes: boolean | undefined): Promise<void> {
  const excesses = costExcesses(estimateRunCost(input), DEFAULT_COST_LIMITS);
  if (excesses.length === 0) return;
  const what = `${file}: a large run: ${excesses.map((e) => e.message).join('; ')}`;
  if (yes) {
    process.stderr.write(`helpline-sim: ${what}; running it (--yes)\n`);
    return;
  }
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await prompt.question(`helpline-sim: ${what}. Run it anyway? [y/N] `);
      if (/^y(es)?$/i.test(answer.trim())) return;
    } finally {
      prompt.close();
    }
  }
  throw new InputError(`${what}; pass --yes to run it anyway`);
}
