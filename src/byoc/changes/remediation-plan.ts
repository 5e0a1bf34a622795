/**
 * Plans for the doctor's remediations (src/byoc/remediation.ts): the same preview, approval and apply path as
 * the commands. Each looks its target up by id in the current snapshot, so a remediation from an old doctor
 * run that is already fixed plans as "already in place".
 */
import type { Remediation } from '../remediation.js';
import type { ByocSnapshot } from '../snapshot.js';
import { poolCovering, poolOverlapping } from '../topology.js';
import { count } from '../words.js';
import { type PlanResult, planned, refused } from './change-plan.js';
import { genesysOf, twilioOf } from './lookups.js';
import { planTrunkInServiceById } from './trunk-in-service.js';

const list = (xs: string[]) => (xs.length ? xs.join(', ') : '(empty)');

export function planRemediation(snapshot: ByocSnapshot, remediation: Remediation): PlanResult {
  switch (remediation.kind) {
    case 'genesys.trunk.enable':
      return planTrunkInServiceById(snapshot, remediation.trunkBaseId, true, remediation.trunkName);
    case 'genesys.acl.add':
      return planGenesysAclAdd(snapshot, remediation);
    case 'twilio.acl.add':
      return planTwilioAclAdd(snapshot, remediation);
    case 'twilio.trunk.addNumber':
      return planTwilioTrunkAddNumber(snapshot, remediation);
    case 'genesys.didpool.create':
      return planDidPoolCreate(snapshot, remediation);
  }
}

/** Guide: the Genesys trunk's SIP Access Control must allow Twilio's signalling ranges, or inbound calls are dropped. */
function planGenesysAclAdd(snapshot: ByocSnapshot, r: Extract<Remediation, { kind: 'genesys.acl.add' }>): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const tb = g.value.trunkBases.find((t) => t.id === r.trunkBaseId);
  if (!tb) return refused({ code: 'target.unknown', message: `The trunk base "${r.trunkName}" no longer exists.` });
  const current = tb.settings.aclAllowList;
  const missing = r.cidrs.filter((c) => !current.includes(c));
  return planned({
    kind: 'genesys.acl.add',
    title: `Allow ${count(r.cidrs.length, 'Twilio range')} on the trunk "${tb.name}"`,
    orgKey: snapshot.orgKey,
    steps: [
      {
        action: 'genesys.trunkBase.addAclEntries',
        trunkBaseId: tb.id,
        cidrs: missing,
        versionSeen: tb.version,
        vendor: 'genesys',
        target: `trunk base "${tb.name}" SIP Access Control`,
        before: `trunk_access_acl_allowList: ${list(current)}`,
        after: `trunk_access_acl_allowList: ${list([...current, ...missing])}`,
        noop: missing.length === 0,
      },
    ],
    impact: missing.length
      ? [`Genesys will accept SIP from ${missing.join(', ')} on "${tb.name}" (inbound calls from Twilio).`]
      : [],
    subject: { trunkBase: { id: tb.id, name: tb.name } },
    snapshotTakenAt: snapshot.takenAt,
  });
}

/** Guide: the Twilio trunk's IP ACL must list the Genesys BYOC addresses, or Twilio rejects calls from Genesys. */
function planTwilioAclAdd(snapshot: ByocSnapshot, r: Extract<Remediation, { kind: 'twilio.acl.add' }>): PlanResult {
  const t = twilioOf(snapshot);
  if (!t.ok) return refused(t.error);
  const acl = t.value.ipAccessControlLists.find((a) => a.sid === r.ipAccessControlListSid);
  if (!acl) return refused({ code: 'target.unknown', message: `The Twilio IP ACL "${r.aclName}" no longer exists.` });
  const present = new Set(acl.ipAddresses.map((a) => `${a.ipAddress}/${a.cidrPrefixLength}`));
  const missing = r.addresses.filter((a) => !present.has(`${a.ip}/${a.prefix}`));
  return planned({
    kind: 'twilio.acl.add',
    title: `Add ${count(r.addresses.length, 'Genesys address', 'Genesys addresses')} to the Twilio IP ACL "${acl.friendlyName}"`,
    orgKey: snapshot.orgKey,
    steps: [
      {
        action: 'twilio.ipAccessControlList.addAddresses',
        ipAccessControlListSid: acl.sid,
        addresses: missing,
        vendor: 'twilio',
        target: `IP ACL "${acl.friendlyName}"`,
        before: list([...present]),
        after: list([...present, ...missing.map((a) => `${a.ip}/${a.prefix}`)]),
        noop: missing.length === 0,
      },
    ],
    impact: missing.length ? [`Twilio will accept calls from ${missing.map((a) => a.ip).join(', ')}.`] : [],
    subject: {},
    snapshotTakenAt: snapshot.takenAt,
  });
}

function planTwilioTrunkAddNumber(
  snapshot: ByocSnapshot,
  r: Extract<Remediation, { kind: 'twilio.trunk.addNumber' }>,
): PlanResult {
  const t = twilioOf(snapshot);
  if (!t.ok) return refused(t.error);
  const trunk = t.value.trunks.find((x) => x.sid === r.trunkSid);
  if (!trunk)
    return refused({ code: 'target.unknown', message: `The Twilio trunk "${r.trunkName}" no longer exists.` });
  const number = t.value.incomingPhoneNumbers.find((n) => n.sid === r.phoneNumberSid);
  if (!number) {
    return refused({
      code: 'number.notOnTwilioAccount',
      phoneNumber: r.phoneNumber,
      message: `${r.phoneNumber} is no longer a number of the Twilio account.`,
    });
  }
  const onTrunk = number.trunkSid === trunk.sid;
  const other = number.trunkSid && !onTrunk ? t.value.trunks.find((x) => x.sid === number.trunkSid) : undefined;
  return planned({
    kind: 'twilio.trunk.addNumber',
    title: `Put ${number.phoneNumber} on the Twilio trunk "${trunk.friendlyName}"`,
    orgKey: snapshot.orgKey,
    steps: [
      {
        action: 'twilio.trunk.addPhoneNumber',
        trunkSid: trunk.sid,
        phoneNumberSid: number.sid,
        phoneNumber: number.phoneNumber,
        ...(number.trunkSid && !onTrunk ? { fromTrunkSid: number.trunkSid } : {}),
        vendor: 'twilio',
        target: `Twilio trunk "${trunk.friendlyName}"`,
        before: onTrunk
          ? `${number.phoneNumber} on the trunk`
          : number.trunkSid
            ? `${number.phoneNumber} on the trunk "${other?.friendlyName ?? number.trunkSid}"`
            : `${number.phoneNumber} on the account, not on the trunk`,
        after: `${number.phoneNumber} on the trunk`,
        noop: onTrunk,
      },
    ],
    impact: onTrunk ? [] : [`Twilio will send calls to ${number.phoneNumber} to Genesys over "${trunk.friendlyName}".`],
    ...(number.trunkSid && !onTrunk
      ? {
          confirmRequired: `${number.phoneNumber} is on the Twilio trunk "${other?.friendlyName ?? number.trunkSid}" now; it moves and stops reaching that trunk.`,
        }
      : {}),
    subject: { phoneNumber: number.phoneNumber },
    snapshotTakenAt: snapshot.takenAt,
  });
}

/** Guide: Genesys routes an inbound number only when it is in a DID pool. */
function planDidPoolCreate(
  snapshot: ByocSnapshot,
  r: Extract<Remediation, { kind: 'genesys.didpool.create' }>,
): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const start = r.startPhoneNumber;
  const end = r.endPhoneNumber;
  const coveringStart = poolCovering(g.value.didPools, start);
  const covered = coveringStart && poolCovering([coveringStart], end) ? coveringStart : undefined;
  const range = start === end ? start : `${start}–${end}`;
  if (!covered) {
    const overlap = poolOverlapping(g.value.didPools, start, end);
    if (overlap) {
      return refused({
        code: 'didpool.overlap',
        didPoolId: overlap.id,
        message: `${range} overlaps the DID pool ${overlap.startPhoneNumber}–${overlap.endPhoneNumber}; Genesys refuses overlapping pools.`,
      });
    }
  }
  return planned({
    kind: 'genesys.didpool.create',
    title: start === end ? `Create a DID pool for ${start}` : `Create a DID pool ${range}`,
    orgKey: snapshot.orgKey,
    steps: [
      covered
        ? {
            action: 'genesys.didPool.keep',
            didPoolId: covered.id,
            phoneNumber: start,
            vendor: 'genesys',
            target: `DID pool ${covered.startPhoneNumber}–${covered.endPhoneNumber}`,
            before: `${range} in the pool`,
            after: `${range} in the pool`,
            noop: true,
          }
        : {
            action: 'genesys.didPool.create',
            startPhoneNumber: start,
            endPhoneNumber: end,
            description: r.description,
            provider: 'PURE_CLOUD',
            vendor: 'genesys',
            target: `DID pool for ${range}`,
            before: 'in no DID pool',
            after: `in a new pool ${start}–${end} (PURE_CLOUD)`,
            noop: false,
          },
    ],
    impact: covered ? [] : [`Genesys will accept inbound calls to ${range} for routing.`],
    subject: start === end ? { phoneNumber: start } : {},
    snapshotTakenAt: snapshot.takenAt,
  });
}
