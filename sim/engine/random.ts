/**
 * Seeded random streams. Each purpose (arrivals, menu behaviour, patience, …) has its own
 * xoroshiro128+ stream (pure-rand), so two scenarios run with the same seed differ only by
 * their change (common random numbers) and replications never share numbers.
 *
 * Each stream's state is seeded with SplitMix64 from (seed, replication, the stream's name), the
 * seeding xoroshiro's authors recommend; with a period of 2^128, seeded streams overlap with
 * negligible probability.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export class RandomStream {
  constructor(private readonly generator: RandomGenerator) {}

  /** Uniform on [0, 1), 53 bits. */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform on (0, 1]: safe under log(). */
  nextPositive(): number {
    return 1 - uniformFloat64(this.generator);
  }

  private spare = NaN;

  /** Standard normal by Box–Muller; each pair of uniforms gives two normals, the second kept for the next call. */
  nextGaussian(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.nextPositive()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
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

/** FNV-1a, 64-bit: a stable number for a stream's name. */
function nameHash(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) h = ((h ^ BigInt(name.charCodeAt(i))) * 0x100000001b3n) & MASK64;
  return h;
}

/**
 * One generator per named purpose for one replication. A stream is identified by its name,
 * not its position, so adding or reordering purposes (say, a new category) leaves every other
 * stream as it was. Seed and replication are each mixed through SplitMix64, so no two
 * (seed, replication) pairs share a starting point.
 */
export function createStreams<K extends string>(seed: number, replication: number, purposes: readonly K[]): Record<K, RandomStream> {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(replication) || replication < 0) throw new RangeError(`replication must be a whole number, got ${replication}`);
  const [, seedMix] = splitMix64(BigInt.asUintN(64, BigInt(seed)));
  const [, runMix] = splitMix64(seedMix ^ BigInt(replication));
  const streams = {} as Record<K, RandomStream>;
  for (const purpose of purposes) {
    let state = runMix ^ nameHash(purpose);
    let a: bigint;
    let b: bigint;
    [state, a] = splitMix64(state);
    [state, b] = splitMix64(state);
    if (a === 0n && b === 0n) b = 1n; // xoroshiro's one forbidden state
    streams[purpose] = new RandomStream(xoroshiro128plusFromState([toInt32(a >> 32n), toInt32(a), toInt32(b >> 32n), toInt32(b)]));
  }
  return streams;
}
