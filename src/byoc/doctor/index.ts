/** The doctor: every checklist rule on one snapshot. */
export { RULES, ruleById } from './registry.js';
export { isRuleId, RULE_IDS, type RuleId } from './rule-ids.js';
export { doctorContext, findRemediation, remediationValue, runDoctor } from './run.js';
export type {
  DoctorContext,
  DoctorCounts,
  DoctorReport,
  DoctorRule,
  Evidence,
  EvidenceValue,
  Finding,
  RuleOutcome,
  RuleStatus,
  Severity,
} from './types.js';
