/**
 * A change plan: what the bot would change on each vendor, before -> after, computed from a snapshot without
 * touching either vendor. The approval card shows it, the approver decides on it, the applier executes its
 * steps and the audit records it. It is plain JSON (it travels in Redis and in a BullMQ job).
 *
 * Steps name their targets by id, not by name, so a rename between the request and the approval cannot
 * redirect the change; each step still says in words what it touches, for people.
 */

export type Vendor = 'genesys' | 'twilio';

/**
 * What a step does, with the ids the applier needs. `action` is the discriminant the applier switches on.
 * Genesys writes use the vendor's optimistic concurrency: the applier re-reads the object and PUTs/PATCHes
 * with its current `version` (docs/vendor-facts.md, "Genesys Cloud client"); `versionSeen` is only what the plan saw.
 */
export type StepOperation =
  | {
      action: 'genesys.trunkBase.setInService';
      trunkBaseId: string;
      /** The `trunk_enabled` property value to write. */
      inService: boolean;
      versionSeen: number;
    }
  | { action: 'genesys.trunkBase.addAclEntries'; trunkBaseId: string; cidrs: string[]; versionSeen: number }
  | {
      action: 'genesys.didPool.create';
      startPhoneNumber: string;
      endPhoneNumber: string;
      description: string;
      /** `PURE_CLOUD` is the provider for BYOC numbers (docs/vendor-facts.md, "Genesys Cloud client"). */
      provider: 'PURE_CLOUD';
    }
  | { action: 'genesys.didPool.keep'; didPoolId: string; phoneNumber: string }
  | {
      action: 'genesys.user.addWorkPhone';
      phoneNumber: string;
      /** At least one of userId / email; the applier resolves an email to the user. */
      userId?: string;
      email?: string;
      name?: string;
    }
  | { action: 'genesys.user.removeWorkPhone'; phoneNumber: string; userId: string; name?: string }
  | {
      action: 'genesys.ivr.addDnis';
      phoneNumber: string;
      /** Known when the snapshot shows the IVR (it owns a DID); otherwise the applier resolves the name. */
      ivrId?: string;
      ivrName: string;
    }
  | { action: 'genesys.ivr.removeDnis'; phoneNumber: string; ivrId: string; ivrName: string }
  /** Ownership stays as it is (already the target's, or already unowned): always a no-op. */
  | { action: 'genesys.did.keepOwner'; phoneNumber: string; ownerId?: string; ownerName?: string }
  | {
      action: 'twilio.trunk.addPhoneNumber';
      trunkSid: string;
      phoneNumberSid: string;
      phoneNumber: string;
      /** Set when Twilio has the number on another trunk: adding it here moves it. */
      fromTrunkSid?: string;
    }
  | {
      action: 'twilio.ipAccessControlList.addAddresses';
      ipAccessControlListSid: string;
      addresses: { ip: string; prefix: number; friendlyName: string }[];
    };

export type StepAction = StepOperation['action'];

/** What people read about a step. */
export interface StepDisplay {
  vendor: Vendor;
  /** What is touched, in words: `trunk base "Twilio"`, `Twilio trunk "PureCloudDev"`. */
  target: string;
  before: string;
  after: string;
  /** Nothing to do: the vendor already reports `after`. The applier skips it. */
  noop: boolean;
}

export type PlanStep = StepOperation & StepDisplay;

export type ChangeKind =
  | 'trunk.enable'
  | 'trunk.disable'
  | 'did.assign'
  | 'did.unassign'
  | 'genesys.acl.add'
  | 'twilio.acl.add'
  | 'twilio.trunk.addNumber'
  | 'genesys.didpool.create';

export interface ChangePlan {
  kind: ChangeKind;
  /** One line for a card title or an audit entry: `Take the trunk "Twilio" out of service`. */
  title: string;
  orgKey: string;
  /** In the order the applier runs them (a DID goes into a pool before it is assigned). */
  steps: PlanStep[];
  /** Consequences a person should weigh: calls in progress, routes affected, who receives the calls. */
  impact: string[];
  /** Set when the approver must confirm explicitly, naming the risk (e.g. the last in-service trunk of a route). */
  confirmRequired?: string;
  /** Every step is a no-op: applying changes nothing. */
  alreadyInPlace: boolean;
  /** What the change is about, for audit filters (`/byoc audit --trunk T --number N`) and the verifier. */
  subject: { trunkBase?: { id: string; name: string }; phoneNumber?: string };
  /** When the snapshot the plan was computed from was taken (ISO). */
  snapshotTakenAt: string;
}

/** Why a plan could not be made; each carries a sentence a person can act on. */
export type PlanError =
  | { code: 'vendor.unavailable'; vendor: Vendor; message: string }
  | { code: 'trunk.unknown'; message: string; known: string[] }
  | { code: 'number.invalid'; message: string; example: string }
  | { code: 'number.notOnTwilioAccount'; message: string; phoneNumber: string }
  | {
      code: 'number.ownedElsewhere';
      message: string;
      phoneNumber: string;
      owner: { id: string; name: string; type?: string };
    }
  | { code: 'twilio.trunk.unknown'; message: string; known: string[] }
  | { code: 'target.invalid'; message: string }
  | { code: 'target.unknown'; message: string }
  | { code: 'didpool.overlap'; message: string; didPoolId: string };

export type PlanResult = { ok: true; plan: ChangePlan } | { ok: false; error: PlanError };

export function planned(plan: Omit<ChangePlan, 'alreadyInPlace'>): PlanResult {
  return { ok: true, plan: { ...plan, alreadyInPlace: plan.steps.every((s) => s.noop) } };
}

export function refused(error: PlanError): PlanResult {
  return { ok: false, error };
}
