/**
 * Parsing sweep arguments: `--set path=1..10`, `--set path=1..10:2`, `--set path=0.2,0.5,0.8`
 * (each value read as JSON when it parses, else as text) and `--menu-orders all|2134,1234`
 * (an order may also separate its keys with dashes: `2-1-3-4`).
 */
import { ScenarioPathSchema } from '../../core/scenario/path.ts';
import type { SweepAxis } from '../experiments/sweep.ts';
import { InputError } from './input-error.ts';

const MAX_POINTS = 100_000;

export function parseSetOption(spec: string): SweepAxis {
  const eq = topLevelEquals(spec);
  if (eq <= 0) throw new InputError(`--set ${spec}: use path=values, e.g. pools[id=loneliness].lines[0].count=1..10`);
  const path = spec.slice(0, eq);
  if (!ScenarioPathSchema.safeParse(path).success) throw new InputError(`--set ${spec}: "${path}" is not a scenario path`);
  const text = spec.slice(eq + 1);
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text);
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (step <= 0 || to < from) throw new InputError(`--set ${spec}: range must go up by a positive step`);
    if ((to - from) / step > MAX_POINTS) throw new InputError(`--set ${spec}: a range gives at most ${MAX_POINTS} values`);
    const values: number[] = [];
    // counting steps avoids accumulating floating-point error over the range
    for (let k = 0; from + k * step <= to + 1e-9; k++) values.push(Number((from + k * step).toFixed(10)));
    return { path, values };
  }
  const values = text.split(',').filter((v) => v !== '').map(readValue);
  if (values.length === 0) throw new InputError(`--set ${spec}: no values`);
  return { path, values };
}

/** The "=" that separates path and values: not the one inside a [id=x] selector. */
function topLevelEquals(spec: string): number {
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === '[') depth++;
    else if (spec[i] === ']') depth--;
    else if (spec[i] === '=' && depth === 0) return i;
  }
  return -1;
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** "all" as it is (the caller expands it to every order of the top-level options); else one list of keys per order. */
export function parseMenuOrders(spec: string): string[][] | 'all' {
  if (spec === 'all') return 'all';
  return spec.split(',').map((order) => (order.includes('-') ? order.split('-') : [...order]));
}
