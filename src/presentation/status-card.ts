/**
 * The `/byoc status` card: the verdict first, in words an on-call engineer reads in five seconds, then each BYOC
 * trunk (worst first) on each edge, and the Twilio trunk it sends to.
 */

import type { SimulatedEdge } from '../byoc/simulate.js';
import type {
  StatusReport,
  StatusResult,
  TrunkStatus,
  TwilioTrunkStatus,
  UnknownTrunkResult,
  Verdict,
} from '../byoc/status.js';
import {
  type Card,
  type CardButton,
  type CardSection,
  type CardStatus,
  type CheckRow,
  cardTime,
} from '../cards/card.js';
import { COMMAND_RUN_ACTION } from './chat-names.js';

const VERDICT_STATUS: Record<Verdict, CardStatus> = { healthy: 'ok', degraded: 'warn', down: 'fail' };
const VERDICT_WORD: Record<Verdict, string> = { healthy: 'Healthy', degraded: 'Degraded', down: 'Down' };

/** `status` or `status NAME`: what the refresh button runs again. */
/**
 * The command a button re-runs. Refresh asks for a snapshot taken after the click (`--fresh`): re-run as typed, it
 * could be answered from the cache and show the very state the person wants to see change.
 */
function statusCommand(trunk?: string, fresh = false): string {
  return `${trunk ? `status ${trunk}` : 'status'}${fresh ? ' --fresh' : ''}`;
}

export function statusCard(result: StatusResult): Card {
  return result.kind === 'unknown-trunk' ? unknownTrunkCard(result) : reportCard(result);
}

function reportCard(r: StatusReport): Card {
  const subject = r.trunkFilter ? `BYOC trunk "${r.trunkFilter}"` : 'BYOC';
  const sections: CardSection[] = [];
  if (r.why.length > 0) {
    sections.push({
      title: 'Why',
      checks: r.why.map((w) => ({
        status: VERDICT_STATUS[w.verdict],
        label: w.message,
        ...(w.fix ? { fix: w.fix } : {}),
      })),
    });
  }
  for (const t of r.trunks) sections.push(trunkSection(t), twilioSection(t));
  if (r.twilioTrunks) {
    sections.push(
      ...(r.twilioTrunks.length > 0
        ? r.twilioTrunks.map((tt) => twilioTrunkSection(tt, `Twilio trunk "${tt.name}" (Genesys Cloud not read)`))
        : [{ title: 'Twilio (Genesys Cloud not read)', text: 'The Twilio account has no Elastic SIP trunk.' }]),
    );
  }

  const calls = r.trunks.flatMap((t) => (t.calls ? [t.calls] : []));
  const online = r.edges.filter((e) => e.online).length;
  return {
    title: `${subject}: ${VERDICT_WORD[r.verdict]}`,
    status: VERDICT_STATUS[r.verdict],
    summary: summary(r),
    fields: [
      { label: 'Edges online', value: r.genesys.available ? `${online}/${r.edges.length}` : 'unknown' },
      {
        label: 'BYOC product',
        value: r.byocProduct === null ? 'unknown' : r.byocProduct ? 'enabled' : 'NOT enabled',
      },
      {
        label: 'Calls in progress',
        value:
          calls.length > 0
            ? `in ${calls.reduce((n, c) => n + c.inbound, 0)} · out ${calls.reduce((n, c) => n + c.outbound, 0)}`
            : 'unknown',
      },
      { label: 'Twilio', value: r.twilio.available ? 'reachable' : 'unreachable' },
    ],
    sections,
    buttons: statusButtons(r.trunkFilter),
    footer: ['Snapshot taken ', cardTime(r.takenAt)],
  };
}

function summary(r: StatusReport): string {
  if (r.verdict === 'healthy') {
    const n = r.trunks.length;
    return `${n === 1 ? `"${r.trunks[0]!.name}" is` : `All ${n} BYOC trunks are`} in service and connected on every edge.`;
  }
  const first = r.why[0]!;
  const more = r.why.length - 1;
  return `${VERDICT_WORD[r.verdict]}: ${first.message}${more > 0 ? ` (+${more} more below)` : ''}`;
}

function edgeRow(trunk: TrunkStatus, e: SimulatedEdge): CheckRow {
  const usable = e.connected && e.inService;
  const otherUsable = trunk.edges.some((x) => x !== e && x.connected && x.inService);
  const options = e.options
    .map((o) => `OPTIONS ${o.proxy} ${o.ok ? 'ok' : `failing${o.error ? ` (${o.error})` : ''}`}`)
    .join(' · ');
  const state = usable ? 'connected' : e.connected ? 'connected, not in service' : 'disconnected';
  const optionsFail = e.options.some((o) => !o.ok);
  return {
    // One edge of two down still carries calls: a warning; every edge down is the failure.
    status: usable ? (optionsFail ? 'warn' : 'ok') : otherUsable ? 'warn' : 'fail',
    label: e.name,
    detail: [state + (!usable && e.error ? `: ${e.error}` : ''), options].filter(Boolean).join(' · '),
  };
}

function trunkSection(t: TrunkStatus): CardSection {
  const calls = t.calls ? `calls in ${t.calls.inbound} · out ${t.calls.outbound}` : 'calls unknown';
  return {
    title: `Trunk "${t.name}": ${t.inService ? 'in service' : 'OUT OF SERVICE'} · ${VERDICT_WORD[t.verdict]} · ${calls}`,
    ...(t.edges.length > 0
      ? { checks: t.edges.map((e) => edgeRow(t, e)) }
      : { text: 'No instance of this trunk on any edge.' }),
  };
}

function twilioSection(t: TrunkStatus): CardSection {
  const tt = t.twilioTrunk;
  if (!tt) return { title: `Twilio trunk for "${t.name}"`, text: t.twilioNote ?? 'Not known.' };
  return { ...twilioTrunkSection(tt, `Twilio trunk "${tt.name}"`), ...(t.twilioNote ? { text: t.twilioNote } : {}) };
}

function twilioTrunkSection(tt: TwilioTrunkStatus, title: string): CardSection {
  const auth = [
    ...tt.authentication.ipAccessControlLists.map((n) => `IP ACL ${n}`),
    ...tt.authentication.credentialLists.map((n) => `credential list ${n}`),
  ];
  return {
    title,
    // Each fact under its own label: where Twilio sends calls (termination) and where it sends them on to Genesys
    // (origination) are the two URIs an engineer compares first.
    fields: [
      { label: 'Termination URI', value: tt.terminationUri ?? 'none' },
      {
        label: tt.originationUrls.length > 1 ? 'Origination URLs' : 'Origination URL',
        value:
          tt.originationUrls.length > 0
            ? tt.originationUrls
                .map(
                  (o) =>
                    `${o.sipUrl} (${o.enabled ? 'enabled' : 'DISABLED'}, priority ${o.priority}, weight ${o.weight})`,
                )
                .join('\n')
            : 'none: calls to its numbers never reach Genesys',
      },
      { label: 'Authentication', value: auth.length > 0 ? auth.join(', ') : 'none' },
      { label: 'Numbers', value: String(tt.numbers) },
    ],
  };
}

function statusButtons(trunk?: string): CardButton[] {
  return [
    { actionId: COMMAND_RUN_ACTION, label: 'Refresh', value: statusCommand(trunk, true), style: 'primary' },
    { actionId: COMMAND_RUN_ACTION, label: 'Run the doctor', value: 'doctor' },
  ];
}

function unknownTrunkCard(r: UnknownTrunkResult): Card {
  return {
    title: `No BYOC trunk named "${r.requested}"`,
    status: 'warn',
    summary:
      r.trunkNames.length > 0
        ? `The BYOC trunks are: ${r.trunkNames.join(', ')}.`
        : 'The org has no BYOC trunk at all.',
    sections: r.trunkNames.length > 0 ? [{ title: 'BYOC trunks', items: r.trunkNames }] : [],
    // A button per trunk (a handful at most in a real org), then the whole picture.
    buttons: [
      ...r.trunkNames.slice(0, 4).map((n) => ({ actionId: COMMAND_RUN_ACTION, label: n, value: statusCommand(n) })),
      { actionId: COMMAND_RUN_ACTION, label: 'All trunks', value: statusCommand() },
    ],
    footer: ['Snapshot taken ', cardTime(r.takenAt)],
  };
}
