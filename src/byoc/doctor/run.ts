/**
 * `runDoctor`: every rule on one snapshot. Pure: the snapshot and the context in, a report out. A rule that
 * throws is reported as a skip naming the error (a bug in one rule must not hide the others' answers).
 */
import { DEFAULT_ORG_CONFIG, regionDataFor } from '../org-config.js';
import { resolveGenesysRegion } from '../regions.js';
import type { ByocSnapshot } from '../snapshot.js';
import { RULES } from './registry.js';
import type {
  DoctorContext,
  DoctorCounts,
  DoctorReport,
  DoctorRule,
  Finding,
  RuleContext,
  RuleOutcome,
} from './types.js';

/** The context for an org: its configuration and the region data with its overrides applied. */
export function doctorContext(config = DEFAULT_ORG_CONFIG): DoctorContext {
  return { config, regions: regionDataFor(config) };
}

function evaluate(rule: DoctorRule, snapshot: ByocSnapshot, ctx: RuleContext): RuleOutcome[] {
  try {
    const out = rule.evaluate(snapshot, ctx);
    return out.length ? out : [{ status: 'skip', message: 'The rule found nothing to check.', evidence: {}, fix: '' }];
  } catch (err) {
    return [
      {
        status: 'skip',
        message: `The rule could not be evaluated: ${(err as Error).message}`,
        evidence: {},
        fix: 'This is a bug in the bot: report it with the snapshot time.',
      },
    ];
  }
}

export function runDoctor(
  snapshot: ByocSnapshot,
  context: DoctorContext = doctorContext(),
  rules: readonly DoctorRule[] = RULES,
): DoctorReport {
  const regionName = context.config.region ?? (snapshot.genesys.available ? snapshot.genesys.region : undefined);
  const ctx: RuleContext = { ...context, regionName, region: resolveGenesysRegion(context.regions, regionName) };
  const silence = new Map(context.config.silence.map((s) => [s.rule, s.reason]));

  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const o of evaluate(rule, snapshot, ctx)) {
      const reason = silence.get(rule.id);
      findings.push({
        rule: rule.id,
        status: o.status,
        title: rule.title,
        severity: rule.severity,
        ...(o.subject ? { subject: o.subject } : {}),
        message: o.message,
        evidence: o.evidence,
        fix: o.fix,
        ...(o.remediation ? { remediation: o.remediation } : {}),
        ...(reason !== undefined ? { silenced: { reason } } : {}),
      });
    }
  }

  const counts: DoctorCounts = { pass: 0, warn: 0, fail: 0, skip: 0, silenced: 0 };
  for (const f of findings) {
    if (f.silenced && (f.status === 'fail' || f.status === 'warn')) counts.silenced++;
    else counts[f.status]++;
  }
  return {
    takenAt: snapshot.takenAt,
    orgKey: snapshot.orgKey,
    status: counts.fail ? 'fail' : counts.warn ? 'warn' : 'pass',
    findings,
    counts,
    unavailable: {
      ...(snapshot.genesys.available ? {} : { genesys: snapshot.genesys.reason }),
      ...(snapshot.twilio.available ? {} : { twilio: snapshot.twilio.reason }),
    },
    region: { name: regionName, key: ctx.region?.key, known: !!ctx.region },
  };
}

/** The short value a remediation button carries: `<rule>|<index among that rule's findings>`. */
export function remediationValue(report: DoctorReport, finding: Finding): string {
  const index = report.findings.filter((f) => f.rule === finding.rule).indexOf(finding);
  return `${finding.rule}|${index}`;
}

/**
 * The remediation a button value designates, looked up in a report (the approval flow re-runs the doctor on a
 * fresh snapshot and calls this, so a button never carries the change itself). Undefined when the finding is
 * gone or no longer offers a remediation (the problem was fixed meanwhile).
 */
export function findRemediation(report: DoctorReport, value: string): Finding | undefined {
  const [rule, index] = value.split('|');
  const i = Number(index);
  if (!rule || !Number.isInteger(i) || i < 0) return undefined;
  const f = report.findings.filter((x) => x.rule === rule)[i];
  return f?.remediation && (f.status === 'fail' || f.status === 'warn') ? f : undefined;
}
