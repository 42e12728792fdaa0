#!/usr/bin/env node
// The CLI is TypeScript run through tsx: no build step, so `npx helpline-sim` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../sim/cli/main.ts');
