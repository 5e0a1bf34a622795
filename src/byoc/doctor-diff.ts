/**
 * What got worse or better between two doctor runs: rules newly failing or warning (with the changes since the last
 * run that touch what they are about), rules that recovered, or nothing. Pure: findings in, a diff out.
 */
import type { Finding } from './doctor/types.js';
import type { ChangeEntry } from './timeline/index.js';

/** What one run leaves for the next: per finding, its status (silenced ones do not count). */
export interface DoctorRunRecord {
  takenAt: string;
  findings: Pick<Finding, 'rule' | 'status' | 'title' | 'subject' | 'message' | 'fix'>[];
}

export interface NewProblem {
  finding: DoctorRunRecord['findings'][number];
  /** What it was before: absent on a first run or a new subject. */
  before?: Finding['status'];
  /** Changes since the previous run that touch the finding's subject (its trunk, number, object). */
  causes: ChangeEntry[];
}

export interface DoctorDiff {
  previousAt?: string;
  takenAt: string;
  worse: NewProblem[];
  recovered: DoctorRunRecord['findings'];
  /** Counts now, for the quiet line. */
  counts: { fail: number; warn: number; pass: number };
}

const RANK: Record<Finding['status'], number> = { fail: 3, warn: 2, pass: 1, skip: 0 };
const keyOf = (f: { rule: string; subject?: string }) => `${f.rule}|${f.subject ?? ''}`;

export function recordOf(takenAt: string, findings: readonly Finding[]): DoctorRunRecord {
  return {
    takenAt,
    findings: findings
      .filter((f) => !f.silenced)
      .map((f) => ({
        rule: f.rule,
        status: f.status,
        title: f.title,
        ...(f.subject ? { subject: f.subject } : {}),
        message: f.message,
        fix: f.fix,
      })),
  };
}

/** A change touches a finding when it names the finding's subject (a trunk, a number, an object) anywhere. */
function touches(change: ChangeEntry, subject: string | undefined): boolean {
  if (!subject) return true;
  const s = subject.toLowerCase();
  const digits = subject.replace(/\D/g, '');
  return (
    change.trunks.some((t) => s.includes(t.toLowerCase())) ||
    change.object.name.toLowerCase() === s ||
    s.includes(change.object.name.toLowerCase()) ||
    (digits.length >= 6 && change.numbers.some((n) => n.replace(/\D/g, '') === digits))
  );
}

export function diffDoctorRuns(
  previous: DoctorRunRecord | undefined,
  current: DoctorRunRecord,
  changesSincePrevious: readonly ChangeEntry[],
): DoctorDiff {
  const before = new Map((previous?.findings ?? []).map((f) => [keyOf(f), f]));
  const now = new Map(current.findings.map((f) => [keyOf(f), f]));
  const worse: NewProblem[] = [];
  for (const f of current.findings) {
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    const was = before.get(keyOf(f));
    if (was && RANK[was.status] >= RANK[f.status]) continue;
    worse.push({
      finding: f,
      ...(was ? { before: was.status } : {}),
      causes: changesSincePrevious.filter((c) => touches(c, f.subject)),
    });
  }
  const recovered = (previous?.findings ?? []).filter((f) => {
    if (f.status !== 'fail' && f.status !== 'warn') return false;
    const is = now.get(keyOf(f));
    return is !== undefined && (is.status === 'pass' || RANK[is.status] < RANK[f.status]) && is.status !== 'skip';
  });
  const count = (s: Finding['status']) => current.findings.filter((f) => f.status === s).length;
  return {
    ...(previous ? { previousAt: previous.takenAt } : {}),
    takenAt: current.takenAt,
    worse: worse.sort((a, b) => RANK[b.finding.status] - RANK[a.finding.status]),
    recovered,
    counts: { fail: count('fail'), warn: count('warn'), pass: count('pass') },
  };
}
