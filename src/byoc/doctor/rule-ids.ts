/**
 * The doctor's rule ids, in the order of the checklist (docs/byoc-checklist.md). They are stable: they appear
 * in cards, in `--json` output, in remediation button values and in org configuration that silences a rule.
 */
export const RULE_IDS = [
  'GC-PRODUCT-BYOC',
  'GC-EDGES',
  'GC-EDGE-GROUP',
  'GC-LOCATION',
  'GC-SITE',
  'GC-NUMBER-PLANS',
  'GC-TRUNK-TYPE',
  'GC-TRUNK-INSERVICE',
  'GC-TRUNK-CONNECTED',
  'GC-TRUNK-TERMINATION-URI',
  'GC-TRUNK-PROXY',
  'GC-TRUNK-DIGEST',
  'GC-TRUNK-CALLING-ADDRESS',
  'GC-TRUNK-ACL',
  'GC-TRUNK-OMIT-PLUS',
  'GC-TRUNK-CODEC',
  'GC-TRUNK-DTMF',
  'GC-TRUNK-TRANSPORT',
  'GC-ROUTE',
  'GC-SIMULATE',
  'GC-DIDS',
  'GC-DID-OWNERS',
  'TW-TRUNK',
  'TW-AUTH',
  'TW-ACL',
  'TW-CREDENTIALS',
  'TW-ORIGINATION',
  'TW-NUMBERS',
  'TW-SECURE',
  'TW-TRANSFER',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(s: string): s is RuleId {
  return (RULE_IDS as readonly string[]).includes(s);
}
