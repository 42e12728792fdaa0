/**
 * `helpline-sim replay <scenario> --url …`: the command's options; the replay itself is replay.ts.
 */
import { Command } from 'commander';
import { InputError } from '../../sim/io/input-error.ts';
import { integerOption, positiveNumber } from '../options.ts';

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
      if (!/^https?:\/\/[^/]+/.test(flags.url)) throw new InputError(`--url must be an http(s) URL, got "${flags.url}"`);
      // the simulator loads when the command runs, not for `helpline-sim --help`
      const [{ replay }, { loadScenarioFile }] = await Promise.all([import('./replay.ts'), import('../../sim/io/load-scenario.ts')]);
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
