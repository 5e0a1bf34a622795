/**
 * Plans: give a DID to a user or an IVR, and take it back. A number reaches Genesys only when three things
 * hold, one per vendor object, so the plan has one step for each (docs/vendor-facts.md, "Genesys Cloud
 * client"; guide steps on numbers):
 *   1. Genesys: the number is in a DID pool (`PURE_CLOUD` provider for BYOC numbers); a pool is created for it otherwise.
 *   2. Twilio: the number is on the Elastic SIP Trunk connected to Genesys, or Twilio never sends its calls there.
 *      A number the account does not have is an error: the bot never purchases numbers.
 *   3. Genesys: the number is owned by the user (a WORK phone address, PATCH with `version`) or is in the
 *      IVR's DNIS list. A DNIS is unique across users and IVRs, so a number owned elsewhere is refused.
 */

import { SLASH_COMMAND } from '../command-line.js';
import type { ByocSnapshot, Did } from '../snapshot.js';
import { poolCovering } from '../topology.js';
import { type PlanResult, type PlanStep, planned, refused } from './change-plan.js';
import { connectedTwilioTrunk, genesysOf, orgCountry, toE164, twilioOf } from './lookups.js';

export type DidTarget =
  | {
      kind: 'user';
      /** The Genesys user id; resolve it before planning when you can, so "already theirs" is exact. */
      userId?: string;
      email?: string;
      name?: string;
    }
  | { kind: 'ivr'; name: string };

export interface DidPlanOptions {
  /** Country for numbers typed in national form; defaults to the org's location country when there is one. */
  defaultCountry?: string;
}

function describeTarget(t: DidTarget): string {
  if (t.kind === 'ivr') return `the IVR "${t.name}"`;
  const who = t.name ?? t.email ?? t.userId ?? 'the user';
  return t.name && t.email ? `${t.name} <${t.email}>` : who;
}

function isSameOwner(did: Did, target: DidTarget): boolean {
  const owner = did.owner;
  if (!owner) return false;
  if (target.kind === 'ivr')
    return did.ownerType === 'IVR_CONFIG' && owner.name.toLowerCase() === target.name.toLowerCase();
  if (did.ownerType !== undefined && did.ownerType !== 'USER') return false;
  if (target.userId) return owner.id === target.userId;
  // Without the user id, the display name is the only evidence; an email cannot be compared with a DID owner.
  return !!target.name && owner.name.toLowerCase() === target.name.toLowerCase();
}

function describeOwner(did: Did): string {
  const owner = did.owner!;
  switch (did.ownerType) {
    case 'IVR_CONFIG':
      return `the IVR "${owner.name}"`;
    case 'USER':
      return `the user ${owner.name}`;
    case 'PHONE':
      return `the phone "${owner.name}"`;
    case 'GROUP':
      return `the group "${owner.name}"`;
    default:
      return `"${owner.name}"`;
  }
}

export function planDidAssign(
  snapshot: ByocSnapshot,
  number: string,
  target: DidTarget,
  options: DidPlanOptions = {},
): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const t = twilioOf(snapshot);
  if (!t.ok) return refused(t.error);
  const e164 = toE164(number, options.defaultCountry ?? orgCountry(g.value));
  if (!e164.ok) return refused(e164.error);
  const phoneNumber = e164.value;

  if (target.kind === 'user' && !target.userId && !target.email) {
    return refused({
      code: 'target.invalid',
      message: 'Say whose number it is: @user, user@example.com or --ivr NAME.',
    });
  }
  if (target.kind === 'ivr' && target.name.trim() === '') {
    return refused({ code: 'target.invalid', message: 'Name the IVR: --ivr "Paris Main IVR".' });
  }

  const account = t.value.incomingPhoneNumbers.find((n) => n.phoneNumber === phoneNumber);
  if (!account) {
    return refused({
      code: 'number.notOnTwilioAccount',
      phoneNumber,
      message:
        `${phoneNumber} is not a number of the Twilio account: buy or port it in Twilio first. ` +
        'The bot assigns numbers the account has; it does not purchase them.',
    });
  }
  const trunk = connectedTwilioTrunk(g.value, t.value);
  if (!trunk.ok) return refused(trunk.error);

  const did = g.value.dids.find((d) => d.phoneNumber === phoneNumber);
  if (did?.owner && !isSameOwner(did, target)) {
    return refused({
      code: 'number.ownedElsewhere',
      phoneNumber,
      owner: { id: did.owner.id, name: did.owner.name, type: did.ownerType },
      message: `${phoneNumber} already belongs to ${describeOwner(did)}. Unassign it first: ${SLASH_COMMAND} did unassign ${phoneNumber}`,
    });
  }

  const steps: PlanStep[] = [];
  const impact: string[] = [];
  let confirmRequired: string | undefined;

  const pool = poolCovering(g.value.didPools, phoneNumber);
  if (pool) {
    steps.push({
      action: 'genesys.didPool.keep',
      didPoolId: pool.id,
      phoneNumber,
      vendor: 'genesys',
      target: `DID pool ${pool.startPhoneNumber}–${pool.endPhoneNumber}`,
      before: `${phoneNumber} in the pool`,
      after: `${phoneNumber} in the pool`,
      noop: true,
    });
  } else {
    steps.push({
      action: 'genesys.didPool.create',
      startPhoneNumber: phoneNumber,
      endPhoneNumber: phoneNumber,
      description: `${phoneNumber} (created by byoc-bot)`,
      provider: 'PURE_CLOUD',
      vendor: 'genesys',
      target: `DID pool for ${phoneNumber}`,
      before: 'in no DID pool',
      after: `in a new pool ${phoneNumber}–${phoneNumber} (PURE_CLOUD)`,
      noop: false,
    });
  }

  const onTrunk = account.trunkSid === trunk.value.sid;
  const otherTrunk = account.trunkSid ? t.value.trunks.find((x) => x.sid === account.trunkSid) : undefined;
  steps.push({
    action: 'twilio.trunk.addPhoneNumber',
    trunkSid: trunk.value.sid,
    phoneNumberSid: account.sid,
    phoneNumber,
    ...(account.trunkSid && !onTrunk ? { fromTrunkSid: account.trunkSid } : {}),
    vendor: 'twilio',
    target: `Twilio trunk "${trunk.value.friendlyName}"`,
    before: onTrunk
      ? `${phoneNumber} on the trunk`
      : account.trunkSid
        ? `${phoneNumber} on the trunk "${otherTrunk?.friendlyName ?? account.trunkSid}"`
        : `${phoneNumber} on the account, not on the trunk`,
    after: `${phoneNumber} on the trunk`,
    noop: onTrunk,
  });
  if (!onTrunk) {
    impact.push(`Twilio will send calls to ${phoneNumber} to Genesys over the trunk "${trunk.value.friendlyName}".`);
  }
  if (account.trunkSid && !onTrunk) {
    // Twilio keeps a number on one trunk at a time: adding it here takes it off the other one.
    confirmRequired = `${phoneNumber} is on the Twilio trunk "${otherTrunk?.friendlyName ?? account.trunkSid}" now; it moves to "${trunk.value.friendlyName}" and stops reaching the other trunk.`;
  }

  const owned = !!did?.owner;
  if (owned) {
    steps.push({
      action: 'genesys.did.keepOwner',
      phoneNumber,
      ownerId: did!.owner!.id,
      ownerName: did!.owner!.name,
      vendor: 'genesys',
      target: `owner of ${phoneNumber}`,
      before: describeOwner(did!),
      after: describeOwner(did!),
      noop: true,
    });
  } else if (target.kind === 'user') {
    steps.push({
      action: 'genesys.user.addWorkPhone',
      phoneNumber,
      ...(target.userId ? { userId: target.userId } : {}),
      ...(target.email ? { email: target.email } : {}),
      ...(target.name ? { name: target.name } : {}),
      vendor: 'genesys',
      target: `user ${describeTarget(target)}`,
      before: `${phoneNumber} owned by nobody`,
      after: `${phoneNumber} a WORK phone of ${describeTarget(target)}`,
      noop: false,
    });
    impact.push(`Inbound calls to ${phoneNumber} will ring ${describeTarget(target)}.`);
  } else {
    const knownIvr = g.value.dids.find(
      (d) => d.ownerType === 'IVR_CONFIG' && d.owner && d.owner.name.toLowerCase() === target.name.toLowerCase(),
    )?.owner;
    steps.push({
      action: 'genesys.ivr.addDnis',
      phoneNumber,
      ivrName: knownIvr?.name ?? target.name,
      ...(knownIvr ? { ivrId: knownIvr.id } : {}),
      vendor: 'genesys',
      target: `IVR "${knownIvr?.name ?? target.name}"`,
      before: `${phoneNumber} owned by nobody`,
      after: `${phoneNumber} in the IVR's DNIS list`,
      noop: false,
    });
    impact.push(`Inbound calls to ${phoneNumber} will go to the IVR "${knownIvr?.name ?? target.name}".`);
  }

  return planned({
    kind: 'did.assign',
    title: `Assign ${phoneNumber} to ${describeTarget(target)}`,
    orgKey: snapshot.orgKey,
    steps,
    impact,
    ...(confirmRequired ? { confirmRequired } : {}),
    subject: { phoneNumber },
    snapshotTakenAt: snapshot.takenAt,
  });
}

/**
 * Takes the number from its owner (user or IVR). It stays in its pool and on the Twilio trunk, ready for the
 * next owner: those are inventory, not assignment.
 */
export function planDidUnassign(snapshot: ByocSnapshot, number: string, options: DidPlanOptions = {}): PlanResult {
  const g = genesysOf(snapshot);
  if (!g.ok) return refused(g.error);
  const e164 = toE164(number, options.defaultCountry ?? orgCountry(g.value));
  if (!e164.ok) return refused(e164.error);
  const phoneNumber = e164.value;
  const did = g.value.dids.find((d) => d.phoneNumber === phoneNumber);
  const steps: PlanStep[] = [];
  const impact: string[] = [];

  if (!did?.owner) {
    steps.push({
      action: 'genesys.did.keepOwner',
      phoneNumber,
      vendor: 'genesys',
      target: `owner of ${phoneNumber}`,
      before: did ? 'owned by nobody' : 'not a DID in any pool',
      after: 'owned by nobody',
      noop: true,
    });
  } else if (did.ownerType === 'USER' || did.ownerType === undefined) {
    steps.push({
      action: 'genesys.user.removeWorkPhone',
      phoneNumber,
      userId: did.owner.id,
      name: did.owner.name,
      vendor: 'genesys',
      target: `user ${did.owner.name}`,
      before: `${phoneNumber} a phone of ${did.owner.name}`,
      after: `${phoneNumber} owned by nobody`,
      noop: false,
    });
    impact.push(`Inbound calls to ${phoneNumber} will no longer ring ${did.owner.name}.`);
  } else if (did.ownerType === 'IVR_CONFIG') {
    steps.push({
      action: 'genesys.ivr.removeDnis',
      phoneNumber,
      ivrId: did.owner.id,
      ivrName: did.owner.name,
      vendor: 'genesys',
      target: `IVR "${did.owner.name}"`,
      before: `${phoneNumber} in the IVR's DNIS list`,
      after: `${phoneNumber} owned by nobody`,
      noop: false,
    });
    impact.push(`Inbound calls to ${phoneNumber} will no longer reach the IVR "${did.owner.name}".`);
  } else {
    return refused({
      code: 'target.invalid',
      message: `${phoneNumber} belongs to ${describeOwner(did)}; the bot only unassigns numbers of users and IVRs.`,
    });
  }

  const callerIdOf = g.value.trunkBases
    .filter((t) => t.settings.callingAddress === phoneNumber)
    .map((t) => `"${t.name}"`);
  if (callerIdOf.length > 0) impact.push(`It stays the outbound caller ID of the trunk ${callerIdOf.join(', ')}.`);

  return planned({
    kind: 'did.unassign',
    title: `Unassign ${phoneNumber}`,
    orgKey: snapshot.orgKey,
    steps,
    impact,
    subject: { phoneNumber },
    snapshotTakenAt: snapshot.takenAt,
  });
}
