/**
 * Seeded random streams. Each purpose (arrivals, menu behaviour, patience, …) has its own
 * xoroshiro128+ stream (pure-rand), so two scenarios run with the same seed differ only by
 * their change (common random numbers) and replications never share numbers.
 *
 * A replication's generator state is seeded with SplitMix64 from (seed, replication), the
 * seeding its authors recommend for xoroshiro; purposes are then 2^64-step jumps apart.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export class RandomStream {
  constructor(private readonly generator: JumpableRandomGenerator) {}

  /** Uniform on [0, 1), 53 bits. */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform on (0, 1]: safe under log(). */
  nextPositive(): number {
    return 1 - uniformFloat64(this.generator);
  }
}

const MASK64 = (1n << 64n) - 1n;

function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

function toInt32(x: bigint): number {
  return Number(BigInt.asIntN(32, x));
}

/** One generator per named purpose for one replication. */
export function createStreams<K extends string>(seed: number, replication: number, purposes: readonly K[]): Record<K, RandomStream> {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let state = (BigInt(seed) * 0x100000000n + BigInt(replication)) & MASK64;
  let a: bigint;
  let b: bigint;
  [state, a] = splitMix64(state);
  [state, b] = splitMix64(state);
  if (a === 0n && b === 0n) b = 1n; // xoroshiro's one forbidden state
  const base = xoroshiro128plusFromState([toInt32(a >> 32n), toInt32(a), toInt32(b >> 32n), toInt32(b)]);
  const streams = {} as Record<K, RandomStream>;
  for (const purpose of purposes) {
    streams[purpose] = new RandomStream(base.clone());
    base.jump();
  }
  return streams;
}
