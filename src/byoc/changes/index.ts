/** Change plans: pure functions of a ByocSnapshot that say what a change would do on each vendor. */
export * from './change-plan.js';
export { type DidPlanOptions, type DidTarget, planDidAssign, planDidUnassign } from './did-assign.js';
export { connectedTwilioTrunk, toE164 } from './lookups.js';
export { planRemediation } from './remediation-plan.js';
export { planTrunkInService, planTrunkInServiceById } from './trunk-in-service.js';
