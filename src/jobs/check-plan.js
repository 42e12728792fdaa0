// From source, this file is check-plan.ts's JavaScript for the plan-checking thread: it
// registers tsx (threads do not inherit the loader) and re-exports the check. Compiled, tsc's
// dist/src/jobs/check-plan.js takes its place under the same name.
import { register } from 'tsx/esm/api';

register();
export const { checkPlan } = await import('./check-plan.ts');
