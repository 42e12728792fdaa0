// Entry of the plan-checking thread (a piscina task): register tsx, then load the TypeScript check.
import { register } from 'tsx/esm/api';

register();
const { checkPlan } = await import('./check-plan.ts');
export default checkPlan;
