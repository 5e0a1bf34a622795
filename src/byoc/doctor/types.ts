/**
 * The doctor's vocabulary: a rule is a small pure function of (snapshot, context) that yields one or more
 * outcomes (one per trunk for per-trunk rules); the runner turns outcomes into findings, applies silencing and
 * counts them.
 */
import type { OrgConfig } from '../org-config.js';
import type { GenesysRegion, RegionData } from '../regions.js';
import type { Remediation } from '../remediation.js';
import type { ByocSnapshot } from '../snapshot.js';
import type { RuleId } from './rule-ids.js';

export type RuleStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** How bad it is when the rule does not hold. `info` rules only ever inform (they pass). */
export type Severity = 'fail' | 'warn' | 'info';

/** JSON-friendly evidence: object names, ids, the values compared. */
export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };
export type Evidence = Record<string, EvidenceValue>;

export interface RuleOutcome {
  status: RuleStatus;
  /** What was found, in one sentence. */
  message: string;
  /** The object the outcome is about when the rule runs per object (a trunk, a site), e.g. `trunk "Twilio"`. */
  subject?: string;
  evidence: Evidence;
  /** What a person should do; empty when there is nothing to do. For a skip: how to make the rule evaluable. */
  fix: string;
  remediation?: Remediation;
}

/** What the rules may use besides the snapshot: the region data and the org's configuration. */
export interface DoctorContext {
  regions: RegionData;
  config: OrgConfig;
}

/** Context plus what the runner resolves once for every rule. */
export interface RuleContext extends DoctorContext {
  /** The org's Genesys region, from the config's `region` or the snapshot's; undefined when unknown. */
  region?: GenesysRegion;
  /** The region name that was looked up (for messages when it is unknown). */
  regionName?: string;
}

export interface DoctorRule {
  id: RuleId;
  title: string;
  severity: Severity;
  /** The guide step or vendor fact the rule enforces (also in a comment on the rule). */
  enforces: string;
  evaluate(snapshot: ByocSnapshot, ctx: RuleContext): RuleOutcome[];
}

export interface Finding {
  rule: RuleId;
  status: RuleStatus;
  title: string;
  severity: Severity;
  subject?: string;
  message: string;
  evidence: Evidence;
  fix: string;
  remediation?: Remediation;
  silenced?: { reason: string };
}

export interface DoctorCounts {
  pass: number;
  warn: number;
  fail: number;
  skip: number;
  /** Findings that warn or fail but whose rule the org silenced: shown, not counted as failures. */
  silenced: number;
}

export interface DoctorReport {
  /** When the snapshot was taken (the doctor runs on one snapshot). */
  takenAt: string;
  orgKey: string;
  /** The worst unsilenced status: fail, else warn, else pass. */
  status: 'pass' | 'warn' | 'fail';
  findings: Finding[];
  counts: DoctorCounts;
  /** A vendor whose whole part could not be read, with the reason. */
  unavailable: { genesys?: string; twilio?: string };
  /** The region the rules used, or why none. */
  region: { name?: string; key?: string; known: boolean };
}
