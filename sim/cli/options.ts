/**
 * Option parsers for commander that reject bad values with a one-line CliInputError.
 */
import { CliInputError } from './errors.ts';

export function integerOption(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new CliInputError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
    }
    return n;
  };
}
