/**
 * `helpline-sim`: the planner's command line. Each sub-command lives in its own module under
 * `commands/`; this file only wires them together and turns input errors into one line + exit 2.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../sim/io/input-error.ts';
import { erlangCommand } from './commands/erlang.ts';
import { runCommand } from './commands/run.ts';
import { compareCommand } from './commands/compare.ts';
import { sweepCommand } from './commands/sweep.ts';
import { allocateCommand } from './commands/allocate.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { replayCommand } from './commands/replay-command.ts';

/** Bad input (a file, an option): the message names the file and field; bugs keep their stack trace. */
const BAD_INPUT_EXIT_CODE = 2;

const program = new Command('helpline-sim')
  .description('Simulate and plan a unified crisis helpline (#9999-style IVR routing to partner line pools)')
  .showHelpAfterError()
  .exitOverride();
for (const command of [runCommand(), compareCommand(), sweepCommand(), allocateCommand(), calibrateCommand(), erlangCommand(), replayCommand()]) {
  program.addCommand(command.copyInheritedSettings(program));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and version are not failures
    process.exitCode = error.exitCode === 0 ? 0 : BAD_INPUT_EXIT_CODE;
  } else if (error instanceof InputError) {
    process.stderr.write(`helpline-sim: ${error.message}\n`);
    process.exitCode = BAD_INPUT_EXIT_CODE;
  } else {
    throw error;
  }
}
