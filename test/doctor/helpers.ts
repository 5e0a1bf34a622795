/** Shared by the doctor tests: a scenario's snapshot and the doctor's answer on it, by rule. */

import type { DoctorContext, DoctorReport, RuleStatus } from '../../src/byoc/doctor/index.js';
import { doctorContext, runDoctor } from '../../src/byoc/doctor/index.js';
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';

export function snapshotOf(name: string): ByocSnapshot {
  return snapshotFromScenario(loadScenario(name));
}

export function doctorOn(snapshot: ByocSnapshot, ctx: DoctorContext = doctorContext()): DoctorReport {
  return runDoctor(snapshot, ctx);
}

/** Every finding that is not a pass, as `RULE: status` (one per finding), sorted. */
export function problems(report: DoctorReport): string[] {
  return report.findings
    .filter((f) => f.status !== 'pass')
    .map((f) => `${f.rule}: ${f.status}`)
    .sort();
}

export function statusesOf(report: DoctorReport, rule: string): RuleStatus[] {
  return report.findings.filter((f) => f.rule === rule).map((f) => f.status);
}

/** The default scenario, editable in a test. */
export function defaultScenario(): Scenario {
  return structuredClone(loadScenario('default'));
}
