/**
 * Choosing a free line in a pool. The policy sees only a snapshot of line states, so the
 * simulator (its own arrays) and the live service (memory or Redis) ask the same question.
 */
import type { LinePolicy } from '../scenario/schema.ts';

export interface LineView {
  /** On duty and neither talking nor in wrap-up. */
  readonly available: boolean;
  /** Time the line last became free (any clock, only compared). */
  readonly idleSince: number;
  readonly callsTaken: number;
  readonly weight: number;
}

/** Round-robin position, kept by whoever owns the pool's state. */
export interface PoolCursor {
  cursor: number;
}

/**
 * Index of the chosen line, or -1 when none is available. `random` returns a uniform [0, 1)
 * and is only drawn from under `weightedRandom`, so other policies leave the stream untouched.
 */
export function chooseLine(
  lines: readonly LineView[],
  policy: LinePolicy,
  state: PoolCursor,
  random: () => number,
): number {
  switch (policy) {
    case 'longestIdle':
      return argBest(lines, (a, b) => a.idleSince < b.idleSince);
    case 'fewestCalls':
      return argBest(lines, (a, b) => a.callsTaken < b.callsTaken || (a.callsTaken === b.callsTaken && a.idleSince < b.idleSince));
    case 'roundRobin': {
      const n = lines.length;
      for (let k = 0; k < n; k++) {
        const i = (state.cursor + k) % n;
        if (lines[i]!.available) {
          state.cursor = (i + 1) % n;
          return i;
        }
      }
      return -1;
    }
    case 'weightedRandom': {
      let total = 0;
      for (const line of lines) if (line.available) total += line.weight;
      if (total === 0) return -1;
      let r = random() * total;
      let last = -1;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (!line.available) continue;
        last = i;
        r -= line.weight;
        if (r < 0) return i;
      }
      return last; // rounding left r a hair above 0
    }
  }
}

/** First available line that no later available line beats; ties go to the lower index. */
function argBest(lines: readonly LineView[], better: (a: LineView, b: LineView) => boolean): number {
  let best = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.available && (best < 0 || better(line, lines[best]!))) best = i;
  }
  return best;
}
