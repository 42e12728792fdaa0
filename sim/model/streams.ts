/**
 * The random streams of one replication. Fresh arrivals and their concerns come from shared
 * streams; everything a caller does (menu, patience, redial) draws from their concern's own
 * stream, and talk times from the answered category's own stream. So a change that touches one
 * category leaves the random numbers of every other category exactly as they were (common
 * random numbers hold category by category, not only in total).
 */
import { createStreams, type RandomStream } from '../engine/random.ts';

const SHARED_STREAMS = ['arrivals', 'concern', 'routing'] as const;
const PER_CATEGORY_STREAMS = ['menu', 'patience', 'redial', 'handle'] as const;

export type SharedStreams = Record<(typeof SHARED_STREAMS)[number], RandomStream>;
export type CategoryStreams = Record<(typeof PER_CATEGORY_STREAMS)[number], RandomStream>;

export interface ReplicationStreams {
  shared: SharedStreams;
  /** By category index. */
  byCategory: CategoryStreams[];
}

export function replicationStreams(seed: number, replication: number, categoryIds: readonly string[]): ReplicationStreams {
  // named by category id: adding or reordering categories leaves the others' numbers alone
  const name = (purpose: string, id: string): string => `${purpose}:${id}`;
  const names = [...SHARED_STREAMS, ...categoryIds.flatMap((id) => PER_CATEGORY_STREAMS.map((p) => name(p, id)))];
  const all = createStreams(seed, replication, names);
  return {
    shared: { arrivals: all.arrivals!, concern: all.concern!, routing: all.routing! },
    byCategory: categoryIds.map((id) => ({
      menu: all[name('menu', id)]!,
      patience: all[name('patience', id)]!,
      redial: all[name('redial', id)]!,
      handle: all[name('handle', id)]!,
    })),
  };
}
