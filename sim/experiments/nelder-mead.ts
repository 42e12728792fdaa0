/**
 * Nelder–Mead downhill simplex (Nelder & Mead 1965, with the standard coefficients of Lagarias
 * et al. 1998) inside the unit box, for objectives that are expensive and asynchronous (a batch
 * of simulations per point). It needs no derivatives, which a simulation objective does not
 * have; on common random numbers the objective is a fixed function, so the simplex's
 * comparisons are consistent. Points leaving the box are projected back onto it.
 *
 * Written here rather than taken from npm: `fmin` (the usual choice) was last published in
 * 2016, has no types and no bounds, and is synchronous; the method itself is forty lines.
 */

export interface MinimiseOptions {
  /** initial simplex edge, in box units */
  step: number;
  maxEvaluations: number;
  /** stop when every vertex is within this of the best (box units) and their values agree */
  tolerance: number;
}

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

export async function minimiseInBox(
  f: (x: number[]) => Promise<number>,
  start: readonly number[],
  options: MinimiseOptions,
): Promise<Minimum> {
  let evaluations = 0;
  const clamp = (x: readonly number[]): number[] => x.map((v) => Math.min(1, Math.max(0, v)));
  const evaluate = async (x: number[]): Promise<{ x: number[]; value: number }> => {
    evaluations++;
    return { x, value: await f(x) };
  };
  const d = start.length;
  const simplex = [await evaluate(clamp(start))];
  for (let i = 0; i < d; i++) {
    const x = [...simplex[0]!.x];
    // step inwards when the start sits on the upper bound
    x[i] = x[i]! + options.step <= 1 ? x[i]! + options.step : x[i]! - options.step;
    simplex.push(await evaluate(clamp(x)));
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] => clamp(from.map((v, i) => v + t * (to[i]! - v)));

  while (evaluations < options.maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    const spread = Math.max(...simplex.map((v) => Math.max(...v.x.map((xi, i) => Math.abs(xi - best.x[i]!)))));
    if (spread < options.tolerance && worst.value - best.value <= 1e-12 * Math.max(1, Math.abs(best.value))) break;
    const centroid = best.x.map((_, i) => simplex.slice(0, d).reduce((s, v) => s + v.x[i]!, 0) / d);
    const reflected = await evaluate(along(centroid, worst.x, -REFLECT));
    if (reflected.value < best.value) {
      const expanded = await evaluate(along(centroid, worst.x, -EXPAND));
      simplex[d] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[d - 1]!.value) {
      simplex[d] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = await evaluate(along(centroid, outside ? reflected.x : worst.x, CONTRACT));
      if (contracted.value < (outside ? reflected.value : worst.value)) simplex[d] = contracted;
      else {
        for (let k = 1; k <= d; k++) simplex[k] = await evaluate(along(best.x, simplex[k]!.x, SHRINK));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return { x: simplex[0]!.x, value: simplex[0]!.value, evaluations };
}
