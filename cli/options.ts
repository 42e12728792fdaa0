/**
 * Option parsers for commander that reject bad values with a one-line InputError.
 */
import { InputError } from '../sim/io/input-error.ts';

export function integerOption(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InputError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
    }
    return n;
  };
}

export function positiveNumber(name: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x <= 0) throw new InputError(`${name} must be a number > 0, got "${value}"`);
    return x;
  };
}
