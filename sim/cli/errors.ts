/**
 * Errors the CLI reports as one line and exit code 2 (bad input), as opposed to bugs,
 * which keep their stack trace.
 */
export class CliInputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliInputError';
  }
}
