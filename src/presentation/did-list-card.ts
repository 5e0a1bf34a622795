/**
 * The `/byoc did list` card: one row per number in a Genesys DID pool (owner, whether it is on the Twilio trunk),
 * then the Twilio numbers no pool covers: a number reaches Genesys only when it is in a pool and on the trunk
 * (guide, numbers).
 */
import { connectedTwilioTrunk } from '../byoc/changes/lookups.js';
import type { ByocSnapshot, Did } from '../byoc/snapshot.js';
import { type Card, type CardSection, type CheckRow, cardTime } from '../cards/card.js';

/** Slack sections hold 50 rows at most; beyond that the card says how many were left out. */
const MAX_ROWS = 40;

function ownerText(did: Did): string {
  if (!did.owner) return 'unassigned';
  const type =
    did.ownerType === 'IVR_CONFIG' ? 'IVR' : did.ownerType === 'USER' ? 'user' : did.ownerType?.toLowerCase();
  return type ? `${did.owner.name} (${type})` : did.owner.name;
}

export function didListCard(snapshot: ByocSnapshot, options: { unassigned: boolean }): Card {
  const g = snapshot.genesys;
  if (!g.available) {
    return { title: 'DIDs', status: 'fail', summary: `Genesys Cloud could not be read: ${g.reason}` };
  }
  const t = snapshot.twilio.available ? snapshot.twilio : undefined;
  const trunk = t ? connectedTwilioTrunk(g, t) : undefined;
  const trunkSid = trunk?.ok ? trunk.value.sid : undefined;
  const onAccount = new Map((t?.incomingPhoneNumbers ?? []).map((n) => [n.phoneNumber, n]));

  const dids = g.dids.filter((d) => !options.unassigned || !d.owner);
  const rows: CheckRow[] = dids.map((d) => {
    const number = onAccount.get(d.phoneNumber);
    const twilio = !t
      ? 'Twilio not read'
      : !number
        ? 'not on the Twilio account'
        : number.trunkSid === trunkSid
          ? 'on the Twilio trunk'
          : 'not on the Twilio trunk';
    const routed = !!number && number.trunkSid === trunkSid;
    return {
      status: !t ? 'info' : routed ? (d.owner ? 'ok' : 'info') : 'warn',
      label: d.phoneNumber,
      detail: `${ownerText(d)} · ${twilio}`,
    };
  });
  const inPools = new Set(g.dids.map((d) => d.phoneNumber));
  const outside = (t?.incomingPhoneNumbers ?? []).filter((n) => !inPools.has(n.phoneNumber));

  const sections: CardSection[] = [
    {
      title: options.unassigned ? 'Unassigned numbers in DID pools' : 'Numbers in DID pools',
      checks: rows.slice(0, MAX_ROWS),
      ...(rows.length === 0
        ? { text: options.unassigned ? 'Every number in a pool has an owner.' : 'No DID pool holds a number.' }
        : {}),
    },
  ];
  if (outside.length > 0) {
    sections.push({
      title: 'On the Twilio account, in no DID pool',
      items: outside.slice(0, MAX_ROWS).map((n) => `${n.phoneNumber} (${n.friendlyName})`),
    });
  }
  const cut = Math.max(0, rows.length - MAX_ROWS) + Math.max(0, outside.length - MAX_ROWS);
  return {
    title: options.unassigned ? 'Unassigned DIDs' : 'DIDs',
    status: 'info',
    summary: `${dids.length} number${dids.length === 1 ? '' : 's'}${options.unassigned ? ' without an owner' : ''} in ${g.didPools.length} DID pool${g.didPools.length === 1 ? '' : 's'}.`,
    sections,
    footer: [`${cut > 0 ? `${cut} more not shown. ` : ''}Snapshot taken `, cardTime(snapshot.takenAt)],
  };
}
