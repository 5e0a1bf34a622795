import { type Card, type CheckRow, cardTime } from '../../src/cards/card.js';

/** A card with every part of the model, as a doctor run followed by an approval request would produce it. */
export function representativeCard(): Card {
  return {
    title: 'Doctor: twilioABC',
    status: 'fail',
    summary: 'The trunk is *out of service* on one edge; calls to France fail. Fix the `Twilio` ACL first.',
    fields: [
      { label: 'Org', value: 'acme-prod (mypurecloud.ie)' },
      { label: 'Trunk', value: 'twilioABC' },
      { label: 'Twilio trunk', value: 'PureCloudDev' },
    ],
    sections: [
      {
        title: 'Checklist',
        checks: [
          { status: 'ok', label: 'G1 Trunk in service', detail: 'trunk_enabled = true' },
          {
            status: 'fail',
            label: 'T3 IP ACL allows Genesys',
            detail: '54.172.60.0/30 missing from "Genesys Cloud"',
            fix: 'Add the Genesys Cloud media ranges for your region to the ACL',
          },
          { status: 'warn', label: 'G7 Caller ID', detail: 'no default caller ID set on the outbound route' },
          { status: 'skip', label: 'T9 Credential list', detail: 'the trunk uses IP auth only' },
          { status: 'ok', label: 'G2 Connected on every edge', detail: 'edge-1, edge-2' },
          { status: 'pending', label: 'G9 Metrics', detail: 'waiting for the next sample' },
          { status: 'info', label: 'Region', detail: 'eu-west-1 <-> Twilio ie1 & de1' },
        ],
      },
      {
        title: 'Outbound route "France"',
        text: 'Numbers matching `+33` go to these trunks, in order:',
        items: ['twilioABC (in service)', 'backupTrunk (out of service)'],
      },
      { title: 'Change', fields: [{ label: 'trunk_enabled', value: 'true -> false' }] },
    ],
    buttons: [
      {
        actionId: 'approval.approve',
        label: 'Approve',
        value: 'apv_01HZX',
        style: 'primary',
        confirm: { title: 'Disable twilioABC?', text: 'Calls in progress: 3.', confirm: 'Disable', deny: 'Cancel' },
      },
      { actionId: 'approval.reject', label: 'Reject', value: 'apv_01HZX', style: 'danger' },
      { actionId: 'doctor.rerun', label: 'Run again', value: 'twilioABC' },
    ],
    footer: ['Snapshot taken ', cardTime('2024-05-01T10:22:05.123Z'), ' · ref 7f3a9c · asked by U0OPS1'],
  };
}

export function checkRows(n: number): CheckRow[] {
  const statuses = ['ok', 'fail', 'warn', 'info'] as const;
  return Array.from({ length: n }, (_, i) => ({
    status: statuses[i % statuses.length]!,
    label: `R${i} Rule number ${i}`,
    detail: `evidence for rule ${i}: the trunk reports state ${i % 7}`,
    ...(i % 4 === 1 ? { fix: `Do step ${i} of the guide` } : {}),
  }));
}

/** Freezes a card all the way down, so a renderer that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
