/**
 * V8 settings for the service process, set before it serves anything: by `npm start`
 * (main.ts) and by the routing benchmark's servers, so the benchmark measures what runs.
 *
 * Allocation-site pretenuring off. V8 watches which allocation sites' objects survive young
 * collections and, once a site's do, allocates its objects straight in the old generation for
 * the rest of the process. In Redis mode ~100 requests are always waiting on Redis with their
 * objects alive, so a burst early on (in the benchmark: creating the calls) can get hot-path
 * sites pretenured; their objects then die in the old generation, and whatever young objects
 * they point to are promoted with them. bench:routing saw it as two levels per process, fixed
 * for the whole run: 13-16 µs of GC per request in Redis mode (3 of 4 processes) or ~2 µs;
 * with pretenuring off, 8 processes of 8 ran at ~2 µs, and memory mode stayed at 1.4-2 µs.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
