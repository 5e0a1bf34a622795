/**
 * What several rules share: outcome constructors, "can this be evaluated at all" guards (vendor part unavailable,
 * a read that failed for lack of permission), and the topology's links with the run's region data.
 */
import type { Remediation } from '../remediation.js';
import {
  type Availability,
  type ByocSnapshot,
  byocTrunkBases,
  type GenesysPart,
  type GenesysSite,
  type TrunkBase,
  type TwilioPart,
  type TwilioTrunk,
} from '../snapshot.js';
import { linkParts, type TwilioLink, twilioLinkOf } from '../topology.js';
import type { Evidence, RuleContext, RuleOutcome } from './types.js';

export function pass(message: string, evidence: Evidence, subject?: string): RuleOutcome {
  return { status: 'pass', message, evidence, fix: '', subject };
}

/** A finding that needs action: what is wrong, what shows it, how to fix it, and the fix the bot can apply. */
function needsAction(status: 'fail' | 'warn') {
  return (
    message: string,
    evidence: Evidence,
    fix: string,
    subject?: string,
    remediation?: Remediation,
  ): RuleOutcome => ({
    status,
    message,
    evidence,
    fix,
    subject,
    remediation,
  });
}

export const fail = needsAction('fail');
export const warn = needsAction('warn');

export function skip(message: string, fix: string, evidence: Evidence = {}, subject?: string): RuleOutcome {
  return { status: 'skip', message, evidence, fix, subject };
}

/** `fail` or `warn` by a flag, for rules whose severity depends on how much is wrong. */
export function failOrWarn(
  isFail: boolean,
  message: string,
  evidence: Evidence,
  fix: string,
  subject?: string,
  remediation?: Remediation,
): RuleOutcome {
  return isFail
    ? fail(message, evidence, fix, subject, remediation)
    : warn(message, evidence, fix, subject, remediation);
}

/**
 * A failure that rests on region data nobody confirmed (a BYOC SIP domain that only follows the `byoc.<domain>`
 * pattern) is a warning that says so and how to configure the real value: such data never makes a rule fail.
 */
export function unlessUnconfirmed(
  outcome: RuleOutcome,
  confirmed: boolean,
  what: string,
  howToConfigure: string,
): RuleOutcome {
  if (confirmed || outcome.status !== 'fail') return outcome;
  return {
    ...outcome,
    status: 'warn',
    message: `${outcome.message} (${what} is not confirmed, so this may be wrong.)`,
    fix: `${outcome.fix} ${howToConfigure}`,
    evidence: { ...outcome.evidence, unconfirmed: what },
  };
}

export const trunkSubject = (t: TrunkBase) => `trunk "${t.name}"`;
export const twilioSubject = (t: TwilioTrunk) => `Twilio trunk "${t.friendlyName}"`;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * A read of the snapshot that failed without taking the vendor down (e.g. a missing permission), matched by the
 * snapshot field it was for: `partialErrors[].what` names the field (`didPools`, `number plans of Paris Office`).
 */
export function partialError(part: { partialErrors: { what: string; reason: string }[] }, fields: string[]) {
  const wanted = fields.map(norm);
  return part.partialErrors.find((e) => wanted.some((w) => norm(e.what).includes(w)));
}

type Guarded<T> = { ok: true; part: T } | { ok: false; outcome: RuleOutcome };

/** What the skips say for each vendor: its name, how to restore reaching it, how to restore a refused read. */
const VENDOR_HINTS = {
  genesys: {
    name: 'Genesys Cloud',
    unreachableFix: 'Check the bot can reach Genesys Cloud (credentials, region, network) and run the doctor again.',
    refusedFix:
      'Give the bot\'s OAuth client the permission to read it (usually "telephony:plugin:all") and run the doctor again.',
  },
  twilio: {
    name: 'Twilio',
    unreachableFix:
      'Check the bot can reach Twilio (account SID, auth token or API key, network) and run the doctor again.',
    refusedFix:
      "Check the bot's Twilio credentials may read Elastic SIP Trunking and SIP resources, and run the doctor again.",
  },
} as const;

/** A vendor's part, or a skip saying why it cannot be used (unavailable, or one of `fields` failed to read). */
function needPart<P extends { partialErrors: { what: string; reason: string }[] }>(
  vendor: keyof typeof VENDOR_HINTS,
  part: Availability<P>,
  fields: string[],
): Guarded<P> {
  const hints = VENDOR_HINTS[vendor];
  if (!part.available) {
    return { ok: false, outcome: skip(`${hints.name} could not be read: ${part.reason}`, hints.unreachableFix) };
  }
  const err = partialError(part, fields);
  if (err) {
    return {
      ok: false,
      outcome: skip(`${hints.name} ${err.what} could not be read: ${err.reason}`, hints.refusedFix, {
        what: err.what,
        reason: err.reason,
      }),
    };
  }
  return { ok: true, part };
}

export const needGenesys = (snapshot: ByocSnapshot, fields: string[]): Guarded<GenesysPart> =>
  needPart('genesys', snapshot.genesys, fields);

export const needTwilio = (snapshot: ByocSnapshot, fields: string[]): Guarded<TwilioPart> =>
  needPart('twilio', snapshot.twilio, fields);

/** When there is no BYOC trunk base, per-trunk rules have nothing to look at: GC-TRUNK-TYPE says so. */
export function noTrunkSkip(): RuleOutcome {
  return skip(
    'There is no BYOC external trunk to check (see GC-TRUNK-TYPE).',
    'Create the external trunk first: Telephony > Trunks > External Trunks > Create New, type BYOC Carrier > Generic BYOC Carrier.',
  );
}

/** The Twilio trunk a Genesys BYOC trunk is linked with (src/byoc/topology.ts), with the run's region data. */
export type TwilioPairing = TwilioLink | undefined;

export function pairedTwilioTrunk(trunk: TrunkBase, twilio: TwilioPart, ctx: RuleContext): TwilioPairing {
  return twilioLinkOf(trunk, twilio, { regions: ctx.regions, region: ctx.region });
}

/** The Genesys BYOC trunks a Twilio trunk is paired with. */
export function pairedGenesysTrunks(
  twilioTrunk: TwilioTrunk,
  genesys: GenesysPart,
  twilio: TwilioPart,
  ctx: RuleContext,
): TrunkBase[] {
  return linkParts(genesys, twilio, { regions: ctx.regions, region: ctx.region }).genesysTrunksOf(twilioTrunk);
}

/**
 * The Twilio trunks the Twilio rules look at: those paired with a Genesys BYOC trunk; when Genesys cannot be read
 * or nothing pairs, every trunk on the account (an account may hold trunks for other systems, but a wrong
 * guess shows on the card with the trunk's name).
 */
export function linkedTwilioTrunks(snapshot: ByocSnapshot, twilio: TwilioPart, ctx: RuleContext): TwilioTrunk[] {
  const g = snapshot.genesys;
  if (!g.available) return twilio.trunks;
  const linked = linkParts(g, twilio, { regions: ctx.regions, region: ctx.region }).linkedTwilioTrunks();
  return linked.length ? linked : twilio.trunks;
}

/** The sites the BYOC setup uses: the trunks' Number Plan Sites; when none, every non-managed site. */
export function byocSites(genesys: GenesysPart): GenesysSite[] {
  const ids = new Set(
    byocTrunkBases(genesys)
      .map((t) => t.inboundSite?.id ?? t.site?.id)
      .filter((x): x is string => !!x),
  );
  const used = genesys.sites.filter((s) => ids.has(s.id));
  return used.length ? used : genesys.sites.filter((s) => !s.managed);
}

export { isE164 } from '../phone-number.js';

/** A short list for evidence and messages: the first `max`, then "…and N more". */
export function shortList(items: string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} …and ${items.length - max} more`;
}

export function regionLabel(ctx: RuleContext): string {
  return ctx.region ? `${ctx.region.key} (${ctx.region.domain})` : `unknown (${ctx.regionName ?? 'not given'})`;
}

export function unknownRegionSkip(ctx: RuleContext, subject?: string): RuleOutcome {
  return skip(
    ctx.regionName
      ? `The org's Genesys region "${ctx.regionName}" is not in the bot's region data.`
      : 'The org\'s Genesys region is not known (the snapshot does not say and the org config sets no "region").',
    'Set "region: <key or domain>" (e.g. eu_west_1 or mypurecloud.ie) in the org configuration file (BYOC_ORG_CONFIG), ' +
      'and under regions.<key> its byocSipDomain and byocSipAddresses if the bot does not know them.',
    { region: ctx.regionName ?? null },
    subject,
  );
}
