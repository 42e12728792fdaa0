/**
 * V8 settings for the service process, set before it serves anything (main.ts, and the routing
 * benchmark's servers, so that they measure what runs). Allocation-site pretenuring is off: with
 * requests always waiting on Redis, an early burst can get hot-path allocation sites pretenured for
 * good, and their short-lived objects then cost old-generation GC on every request.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
