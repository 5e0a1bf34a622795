/**
 * Small lookups the change plans share: the vendor parts, the Twilio trunk connected to Genesys, the DID pool
 * covering a number, and number normalization.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  type ByocSnapshot,
  byocTrunkBases,
  type DidPool,
  type GenesysPart,
  type TwilioPart,
  type TwilioTrunk,
} from '../snapshot.js';
import type { PlanError } from './change-plan.js';

export type Found<T> = { ok: true; value: T } | { ok: false; error: PlanError };

export function genesysOf(snapshot: ByocSnapshot): Found<GenesysPart> {
  const g = snapshot.genesys;
  if (!g.available) {
    return {
      ok: false,
      error: { code: 'vendor.unavailable', vendor: 'genesys', message: `Genesys Cloud could not be read: ${g.reason}` },
    };
  }
  return { ok: true, value: g };
}

export function twilioOf(snapshot: ByocSnapshot): Found<TwilioPart> {
  const t = snapshot.twilio;
  if (!t.available) {
    return {
      ok: false,
      error: { code: 'vendor.unavailable', vendor: 'twilio', message: `Twilio could not be read: ${t.reason}` },
    };
  }
  return { ok: true, value: t };
}

const hostOf = (proxy: string): string =>
  proxy
    .trim()
    .replace(/^sips?:/i, '')
    .replace(/:\d+$/, '')
    .toLowerCase();

/**
 * The Twilio trunk that carries the Genesys BYOC trunk: its termination domain is one of a BYOC trunk base's
 * "SIP Servers or Proxies" (guide: the Genesys trunk points at `<name>.pstn.twilio.com`). With no such match,
 * an account with a single trunk has only one candidate.
 */
export function connectedTwilioTrunk(genesys: GenesysPart | undefined, twilio: TwilioPart): Found<TwilioTrunk> {
  const proxies = new Set(genesys ? byocTrunkBases(genesys).flatMap((t) => t.settings.proxies.map(hostOf)) : []);
  const byDomain = twilio.trunks.find((t) => t.domainName && proxies.has(t.domainName.toLowerCase()));
  if (byDomain) return { ok: true, value: byDomain };
  if (twilio.trunks.length === 1) return { ok: true, value: twilio.trunks[0]! };
  const known = twilio.trunks.map((t) => t.friendlyName);
  return {
    ok: false,
    error: {
      code: 'twilio.trunk.unknown',
      known,
      message:
        known.length === 0
          ? 'The Twilio account has no Elastic SIP Trunk.'
          : `No Twilio trunk's termination domain is a proxy of a Genesys BYOC trunk, and there are ${known.length} trunks (${known.join(', ')}).`,
    },
  };
}

function digits(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** The pool whose range holds the number (same length, start <= n <= end). */
export function poolCovering(pools: DidPool[], e164: string): DidPool | undefined {
  const n = digits(e164);
  return pools.find((p) => {
    const a = digits(p.startPhoneNumber);
    const b = digits(p.endPhoneNumber);
    return a.length === n.length && b.length === n.length && BigInt(a) <= BigInt(n) && BigInt(n) <= BigInt(b);
  });
}

/** A pool that overlaps [start, end] without covering all of it: Genesys refuses overlapping pools. */
export function poolOverlapping(pools: DidPool[], start: string, end: string): DidPool | undefined {
  const [s, e] = [BigInt(digits(start)), BigInt(digits(end))];
  return pools.find((p) => {
    const a = BigInt(digits(p.startPhoneNumber));
    const b = BigInt(digits(p.endPhoneNumber));
    return a <= e && s <= b;
  });
}

export const NUMBER_EXAMPLE = '+33123456789';

/**
 * A number as people type it, in E.164. National forms (`01 23 45 67 89`) need the country; it defaults to the
 * org's only location country, because that is where a national number would be dialled from.
 */
export function toE164(input: string, defaultCountry?: string): Found<string> {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry as CountryCode | undefined);
  if (!parsed?.isPossible()) {
    return {
      ok: false,
      error: {
        code: 'number.invalid',
        example: NUMBER_EXAMPLE,
        message: `"${input}" is not a phone number I can read. Give it in E.164, e.g. ${NUMBER_EXAMPLE}.`,
      },
    };
  }
  return { ok: true, value: parsed.number };
}

/** The country of the org's locations when they all agree; national numbers are read in it. */
export function orgCountry(genesys: GenesysPart | undefined): string | undefined {
  const countries = new Set((genesys?.locations ?? []).map((l) => l.country).filter((c): c is string => !!c));
  return countries.size === 1 ? [...countries][0] : undefined;
}
