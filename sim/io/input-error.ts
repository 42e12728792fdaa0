/**
 * Input a person gave that cannot be used (a file, an option, an upload), as opposed to a bug:
 * `message` says what is wrong in one line, `path` names the field it is about (empty: the input
 * as a whole). Each front end shows it its own way: the CLI prints the message and exits with
 * code 2, the HTTP API answers 400 with the path.
 */
import type { FieldPath } from '../../core/scenario/issue.ts';

export class InputError extends Error {
  readonly path: FieldPath;
  constructor(message: string, path: FieldPath = [], options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
    this.path = path;
  }
}
