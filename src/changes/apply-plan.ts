/**
 * Applies an approved change plan to the vendors, step by step in the plan's order, re-reading each object first:
 * the plan says what was approved, the vendor says what is true now.
 *
 * - Idempotent: a step the vendor already reports as done is skipped, so a re-run (a retry, or a new worker after
 *   the first one died) applies the change once.
 * - Genesys writes use its optimistic concurrency: GET, change, PUT/PATCH with the `version` from that GET. A stale
 *   version (409, or 400 "does not match the current version": `isVersionMismatch`) means someone wrote in
 *   between: read again, re-check (it may now be in place), write once more; a second conflict fails clearly
 *   (a change conflict) rather than fight another writer.
 * - Preconditions are checked again at apply time (a number owned elsewhere since the request is refused).
 */

import type { PlanStep, StepOperation } from '../byoc/changes/change-plan.js';
import { decodeTrunkBaseSettings } from '../byoc/trunk-settings.js';
import type { GenesysClient, Ivr, TrunkBase, UpdateUser, User } from '../genesys/client.js';
import { isVersionMismatch } from '../genesys/errors.js';
import type { Logger } from '../log.js';
import { live } from '../snapshot/genesys-part.js';
import type { TwilioClient } from '../twilio/twilio-client.js';
import { changeConflictError, changeRefusedError } from './change-errors.js';
import { resolveGenesysUser } from './genesys-users.js';
import type { StepProgress } from './step-progress.js';

export interface ApplyDeps {
  genesys?: GenesysClient;
  twilio?: TwilioClient;
  progress: StepProgress;
  log: Logger;
}

export type StepStatus =
  /** Written now. */
  | 'applied'
  /** Already in place; an earlier run of this job had sent the write (it died before recording the result). */
  | 'appliedEarlier'
  /** Already in place, by nobody's doing in this change. */
  | 'inPlace';

export interface StepOutcome {
  index: number;
  status: StepStatus;
}

export interface ApplyOutcome {
  steps: StepOutcome[];
  /** Some step was written, now or by an earlier run of the same job. */
  changed: boolean;
}

type Write = 'written' | 'inPlace';

export async function applyPlan(steps: readonly PlanStep[], deps: ApplyDeps): Promise<ApplyOutcome> {
  const outcomes: StepOutcome[] = [];
  for (const [index, step] of steps.entries()) {
    const beforeWrite = () => deps.progress.markAttempted(index);
    const result = await applyStep(step, deps, beforeWrite);
    const status: StepStatus =
      result === 'written' ? 'applied' : (await deps.progress.wasAttempted(index)) ? 'appliedEarlier' : 'inPlace';
    deps.log.info({ step: step.action, target: step.target, status }, 'change step');
    outcomes.push({ index, status });
  }
  return { steps: outcomes, changed: outcomes.some((o) => o.status !== 'inPlace') };
}

function need<C>(client: C | undefined, vendor: string): C {
  if (!client) throw changeRefusedError(`${vendor} is not configured in this worker, so the change cannot be made.`);
  return client;
}

async function applyStep(step: StepOperation, deps: ApplyDeps, beforeWrite: () => Promise<void>): Promise<Write> {
  switch (step.action) {
    case 'genesys.trunkBase.setInService': {
      const g = need(deps.genesys, 'Genesys Cloud');
      return versioned(
        `The trunk base ${step.trunkBaseId}`,
        () => liveTrunkBase(g, step.trunkBaseId),
        (tb) =>
          decodeTrunkBaseSettings(tb.properties).inService === step.inService
            ? undefined
            : withProperty(tb, 'trunk_enabled', step.inService),
        (body) => g.putTrunkBase(step.trunkBaseId, body),
        beforeWrite,
      );
    }
    case 'genesys.trunkBase.addAclEntries': {
      const g = need(deps.genesys, 'Genesys Cloud');
      return versioned(
        `The trunk base ${step.trunkBaseId}`,
        () => liveTrunkBase(g, step.trunkBaseId),
        (tb) => {
          const current = decodeTrunkBaseSettings(tb.properties).aclAllowList;
          const missing = step.cidrs.filter((c) => !current.includes(c));
          return missing.length ? withProperty(tb, 'trunk_access_acl_allowList', [...current, ...missing]) : undefined;
        },
        (body) => g.putTrunkBase(step.trunkBaseId, body),
        beforeWrite,
      );
    }
    case 'genesys.didPool.create': {
      const g = need(deps.genesys, 'Genesys Cloud');
      // A deleted pool is still listed (with state deleted) but holds no numbers: it covers nothing.
      const pools = (await g.didPools()).filter(live);
      const covering = pools.find((p) => covers(p.startPhoneNumber, p.endPhoneNumber, step.startPhoneNumber));
      if (covering && covers(covering.startPhoneNumber, covering.endPhoneNumber, step.endPhoneNumber)) return 'inPlace';
      await beforeWrite();
      await g.createDidPool({
        name: step.description,
        startPhoneNumber: step.startPhoneNumber,
        endPhoneNumber: step.endPhoneNumber,
        description: step.description,
        provider: step.provider,
      } as Parameters<GenesysClient['createDidPool']>[0]);
      return 'written';
    }
    case 'genesys.user.addWorkPhone': {
      const g = need(deps.genesys, 'Genesys Cloud');
      const user = await resolveGenesysUser(g, step);
      await refuseIfOwnedElsewhere(g, step.phoneNumber, user.id!);
      return versioned(
        `The user ${user.name ?? user.id}`,
        () => g.user(user.id!),
        (u) =>
          hasPhone(u, step.phoneNumber) ? undefined : withAddresses(u, [...(u.addresses ?? []), workPhone(step)]),
        (body) => g.patchUser(user.id!, body),
        beforeWrite,
      );
    }
    case 'genesys.user.removeWorkPhone': {
      const g = need(deps.genesys, 'Genesys Cloud');
      return versioned(
        `The user ${step.name ?? step.userId}`,
        () => g.user(step.userId),
        (u) =>
          hasPhone(u, step.phoneNumber)
            ? withAddresses(
                u,
                (u.addresses ?? []).filter((a) => !(a.mediaType === 'PHONE' && a.address === step.phoneNumber)),
              )
            : undefined,
        (body) => g.patchUser(step.userId, body),
        beforeWrite,
      );
    }
    case 'genesys.ivr.addDnis': {
      const g = need(deps.genesys, 'Genesys Cloud');
      const ivrId = step.ivrId ?? (await ivrIdByName(g, step.ivrName));
      await refuseIfOwnedElsewhere(g, step.phoneNumber, ivrId);
      return versioned(
        `The IVR "${step.ivrName}"`,
        () => g.ivr(ivrId),
        (ivr) =>
          ivr.dnis?.includes(step.phoneNumber) ? undefined : { ...ivr, dnis: [...(ivr.dnis ?? []), step.phoneNumber] },
        (body) => g.putIvr(ivrId, body),
        beforeWrite,
      );
    }
    case 'genesys.ivr.removeDnis': {
      const g = need(deps.genesys, 'Genesys Cloud');
      return versioned(
        `The IVR "${step.ivrName}"`,
        () => g.ivr(step.ivrId),
        (ivr: Ivr) =>
          ivr.dnis?.includes(step.phoneNumber)
            ? { ...ivr, dnis: ivr.dnis.filter((d) => d !== step.phoneNumber) }
            : undefined,
        (body) => g.putIvr(step.ivrId, body),
        beforeWrite,
      );
    }
    case 'twilio.trunk.addPhoneNumber': {
      const t = need(deps.twilio, 'Twilio');
      const number = await t.findIncomingPhoneNumber(step.phoneNumber);
      if (!number) {
        throw changeRefusedError(
          `${step.phoneNumber} is no longer a number of the Twilio account; nothing was put on the trunk.`,
        );
      }
      if (number.trunkSid === step.trunkSid) return 'inPlace';
      await beforeWrite();
      await t.addTrunkPhoneNumber(step.trunkSid, number.sid);
      return 'written';
    }
    case 'twilio.ipAccessControlList.addAddresses': {
      const t = need(deps.twilio, 'Twilio');
      const present = new Set(
        (await t.listIpAddresses(step.ipAccessControlListSid)).map((a) => `${a.ipAddress}/${a.cidrPrefixLength}`),
      );
      const missing = step.addresses.filter((a) => !present.has(`${a.ip}/${a.prefix}`));
      if (missing.length === 0) return 'inPlace';
      await beforeWrite();
      for (const a of missing) {
        await t.createIpAddress(step.ipAccessControlListSid, {
          friendlyName: a.friendlyName,
          ipAddress: a.ip,
          cidrPrefixLength: a.prefix,
        });
      }
      return 'written';
    }
    case 'genesys.didPool.keep':
    case 'genesys.did.keepOwner':
      return 'inPlace';
  }
}

/**
 * GET, decide, write with the version just read. `change` returns undefined when the object is already as wanted.
 * One version conflict re-reads and re-checks; a second one is a change conflict (`changeConflictError`).
 */
async function versioned<R, W>(
  what: string,
  read: () => Promise<R>,
  change: (current: R) => W | undefined,
  write: (body: W) => Promise<unknown>,
  beforeWrite: () => Promise<void>,
): Promise<Write> {
  for (let attempt = 1; ; attempt++) {
    const body = change(await read());
    if (body === undefined) return 'inPlace';
    await beforeWrite();
    try {
      await write(body);
      return 'written';
    } catch (err) {
      if (!isVersionMismatch(err)) throw err;
      if (attempt >= 2) throw changeConflictError(what, err.correlationId);
    }
  }
}

/** A trunk base deleted since the request still reads back, with `state: deleted`: there is nothing to change. */
async function liveTrunkBase(g: GenesysClient, id: string): Promise<TrunkBase> {
  const tb = await g.trunkBase(id);
  if (tb.state === 'deleted') {
    throw changeRefusedError(`The trunk "${tb.name}" was deleted after the request. Nothing was changed.`);
  }
  return tb;
}

/** The trunk base as read, with one property's instance replaced (the template keeps each property's schema). */
function withProperty(tb: TrunkBase, key: string, instance: unknown): TrunkBase {
  const properties = { ...(tb.properties ?? {}) } as Record<string, unknown>;
  const current = properties[key];
  const value =
    current && typeof current === 'object' && 'value' in current
      ? { ...(current as { value?: object }).value, instance }
      : { instance };
  properties[key] = { ...(current && typeof current === 'object' ? current : {}), value };
  return { ...tb, properties: properties as TrunkBase['properties'] };
}

function hasPhone(user: User, phoneNumber: string): boolean {
  return (user.addresses ?? []).some((a) => a.mediaType === 'PHONE' && a.address === phoneNumber);
}

function workPhone(step: { phoneNumber: string }) {
  return { address: step.phoneNumber, mediaType: 'PHONE', type: 'WORK' };
}

/**
 * A PATCH carries only what changes and the version it was read with (docs/vendor-facts.md, "Genesys Cloud telephony
 * objects").
 */
function withAddresses(user: User, addresses: NonNullable<UpdateUser['addresses']>): UpdateUser {
  return { version: user.version, addresses };
}

async function ivrIdByName(g: GenesysClient, name: string): Promise<string> {
  const wanted = name.trim().toLowerCase();
  const ivr = (await g.ivrs()).filter(live).find((i) => i.name.toLowerCase() === wanted);
  if (!ivr?.id) throw changeRefusedError(`There is no Architect IVR named "${name}".`);
  return ivr.id;
}

/** A DNIS is unique across users and IVRs: refuse rather than let Genesys move it silently or fail obscurely. */
async function refuseIfOwnedElsewhere(g: GenesysClient, phoneNumber: string, ownerId: string): Promise<void> {
  const did = (await g.dids({ phoneNumber })).filter(live).find((d) => d.phoneNumber === phoneNumber);
  if (did?.owner?.id && did.owner.id !== ownerId) {
    throw changeRefusedError(
      `${phoneNumber} now belongs to ${did.owner.name ?? did.owner.id} (it changed after the request). Nothing was assigned.`,
    );
  }
}

function covers(start: string, end: string, e164: string): boolean {
  const digits = (x: string) => x.replace(/^\+/, '');
  const [a, b, n] = [digits(start), digits(end), digits(e164)];
  return a.length === n.length && b.length === n.length && BigInt(a) <= BigInt(n) && BigInt(n) <= BigInt(b);
}
