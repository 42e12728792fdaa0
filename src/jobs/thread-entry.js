// From source, this file is thread-entry.ts's JavaScript: threads do not inherit the main
// thread's tsx loader, so it registers tsx first. Compiled, tsc's dist/src/jobs/thread-entry.js
// takes its place under the same name.
import { register } from 'tsx/esm/api';

register();
await import('./thread-entry.ts');
