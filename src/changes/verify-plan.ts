/**
 * After applying, asks the vendors whether they now report the new state, step by step, through reads that
 * show the effect rather than the write itself: for a trunk, its instances on the edges (their `inService` follows
 * `trunk_enabled`); for a DID, the pools' number listing (in a pool), the DID listing (owned by the target) and
 * Twilio's number (on the trunk). Edges can take a moment to pick a change up, so a check that is not yet true
 * is read again a few times before it is reported as not verified.
 */

import type { PlanStep, StepOperation } from '../byoc/changes/change-plan.js';
import { decodeTrunkBaseSettings } from '../byoc/trunk-settings.js';
import type { GenesysClient } from '../genesys/client.js';
import { live } from '../snapshot/genesys-part.js';
import type { TwilioClient } from '../twilio/twilio-client.js';
import { genesysUserByEmail } from './genesys-users.js';

export interface VerifyDeps {
  genesys?: GenesysClient;
  twilio?: TwilioClient;
  /** Reads per check before giving up (default 3). */
  attempts?: number;
  /** Pause between reads (default 1 s). */
  pauseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Verification {
  verified: boolean;
  /** One sentence per step: what the vendor reports. */
  detail: string;
}

interface Check {
  ok: boolean;
  says: string;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function verifyPlan(steps: readonly PlanStep[], deps: VerifyDeps): Promise<Verification> {
  const attempts = deps.attempts ?? 3;
  const pause = deps.pauseMs ?? 1000;
  const sleep = deps.sleep ?? wait;
  const lines: string[] = [];
  let verified = true;
  for (const step of steps) {
    let check = await checkStep(step, deps);
    for (let i = 1; !check.ok && i < attempts; i++) {
      await sleep(pause);
      check = await checkStep(step, deps);
    }
    verified &&= check.ok;
    lines.push(check.says);
  }
  return { verified, detail: lines.join(' ') };
}

async function checkStep(step: StepOperation, deps: VerifyDeps): Promise<Check> {
  const g = deps.genesys;
  const t = deps.twilio;
  switch (step.action) {
    case 'genesys.trunkBase.setInService': {
      if (!g) return unknown('Genesys Cloud');
      const instances = (await g.trunks({ trunkBaseId: step.trunkBaseId })).filter(live);
      const word = step.inService ? 'in service' : 'out of service';
      if (instances.length === 0) {
        return {
          ok: false,
          says: `No trunk instance on any edge reports this trunk, so being ${word} cannot be seen.`,
        };
      }
      const wrong = instances.filter((i) => i.inService !== step.inService);
      return wrong.length === 0
        ? { ok: true, says: `The trunk instances on ${count(instances.length, 'edge')} report ${word}.` }
        : {
            ok: false,
            says: `${wrong.length} of ${count(instances.length, 'trunk instance')} (${wrong.map((i) => i.edge?.name ?? i.id).join(', ')}) still report${wrong.length === 1 ? 's' : ''} ${step.inService ? 'out of service' : 'in service'}.`,
          };
    }
    case 'genesys.trunkBase.addAclEntries': {
      if (!g) return unknown('Genesys Cloud');
      const acl = decodeTrunkBaseSettings((await g.trunkBase(step.trunkBaseId)).properties).aclAllowList;
      const missing = step.cidrs.filter((c) => !acl.includes(c));
      return missing.length === 0
        ? { ok: true, says: `The trunk's SIP Access Control lists ${step.cidrs.join(', ') || 'every range'}.` }
        : { ok: false, says: `The trunk's SIP Access Control still lacks ${missing.join(', ')}.` };
    }
    case 'genesys.didPool.create':
    case 'genesys.didPool.keep': {
      if (!g) return unknown('Genesys Cloud');
      const number = step.action === 'genesys.didPool.create' ? step.startPhoneNumber : step.phoneNumber;
      // A number nobody owns has no DID yet: only the pools' own listing shows it (docs/vendor-facts.md).
      const inPool = (await g.didPoolNumbers({ numberMatch: number })).some((n) => n.number === number);
      return inPool
        ? { ok: true, says: `${number} is in a DID pool.` }
        : { ok: false, says: `${number} is not in any DID pool yet.` };
    }
    case 'genesys.user.addWorkPhone': {
      if (!g) return unknown('Genesys Cloud');
      const userId = step.userId ?? (step.email ? (await genesysUserByEmail(g, step.email))?.id : undefined);
      const did = await didOf(g, step.phoneNumber);
      const who = step.name ?? step.email ?? step.userId ?? 'the user';
      return did?.owner?.id !== undefined && did.owner.id === userId
        ? { ok: true, says: `${step.phoneNumber} is owned by ${who}.` }
        : { ok: false, says: `${step.phoneNumber} is not shown as owned by ${who} yet.` };
    }
    case 'genesys.ivr.addDnis': {
      if (!g) return unknown('Genesys Cloud');
      const did = await didOf(g, step.phoneNumber);
      const ok = did?.ownerType === 'IVR_CONFIG' && did.owner?.name?.toLowerCase() === step.ivrName.toLowerCase();
      return ok
        ? { ok: true, says: `${step.phoneNumber} is owned by the IVR "${step.ivrName}".` }
        : { ok: false, says: `${step.phoneNumber} is not shown as owned by the IVR "${step.ivrName}" yet.` };
    }
    case 'genesys.user.removeWorkPhone':
    case 'genesys.ivr.removeDnis': {
      if (!g) return unknown('Genesys Cloud');
      const formerOwner = step.action === 'genesys.user.removeWorkPhone' ? step.userId : step.ivrId;
      const did = await didOf(g, step.phoneNumber);
      return did?.owner?.id === formerOwner
        ? { ok: false, says: `${step.phoneNumber} is still owned by its former owner.` }
        : { ok: true, says: `${step.phoneNumber} is no longer owned by its former owner.` };
    }
    case 'genesys.did.keepOwner': {
      if (!g) return unknown('Genesys Cloud');
      const did = await didOf(g, step.phoneNumber);
      return (did?.owner?.id ?? undefined) === step.ownerId
        ? {
            ok: true,
            says: step.ownerName
              ? `${step.phoneNumber} is owned by ${step.ownerName}.`
              : `${step.phoneNumber} is owned by nobody.`,
          }
        : { ok: false, says: `The owner of ${step.phoneNumber} is not the one expected.` };
    }
    case 'twilio.trunk.addPhoneNumber': {
      if (!t) return unknown('Twilio');
      const number = await t.findIncomingPhoneNumber(step.phoneNumber);
      return number?.trunkSid === step.trunkSid
        ? { ok: true, says: `Twilio reports ${step.phoneNumber} on the trunk.` }
        : { ok: false, says: `Twilio does not report ${step.phoneNumber} on the trunk yet.` };
    }
    case 'twilio.ipAccessControlList.addAddresses': {
      if (!t) return unknown('Twilio');
      const present = new Set(
        (await t.listIpAddresses(step.ipAccessControlListSid)).map((a) => `${a.ipAddress}/${a.cidrPrefixLength}`),
      );
      const missing = step.addresses.filter((a) => !present.has(`${a.ip}/${a.prefix}`));
      return missing.length === 0
        ? { ok: true, says: 'Twilio lists every address in the IP ACL.' }
        : { ok: false, says: `Twilio's IP ACL still lacks ${missing.map((a) => a.ip).join(', ')}.` };
    }
  }
}

function unknown(vendor: string): Check {
  return { ok: false, says: `${vendor} is not configured here, so the result could not be checked.` };
}

async function didOf(g: GenesysClient, phoneNumber: string) {
  return (await g.dids({ phoneNumber })).filter(live).find((d) => d.phoneNumber === phoneNumber);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
