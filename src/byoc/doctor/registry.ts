/**
 * Every doctor rule, in the order of the checklist (docs/byoc-checklist.md). The order is the order of the
 * report; a test checks that the registry and RULE_IDS list the same rules.
 */

import type { RuleId } from './rule-ids.js';
import { GENESYS_ORG_RULES } from './rules-genesys-org.js';
import { GENESYS_TRUNK_RULES } from './rules-genesys-trunk.js';
import { ROUTING_RULES } from './rules-routing.js';
import { TWILIO_RULES } from './rules-twilio.js';
import type { DoctorRule } from './types.js';

export const RULES: readonly DoctorRule[] = [
  ...GENESYS_ORG_RULES,
  ...GENESYS_TRUNK_RULES,
  ...ROUTING_RULES,
  ...TWILIO_RULES,
];

export function ruleById(id: RuleId): DoctorRule | undefined {
  return RULES.find((r) => r.id === id);
}
