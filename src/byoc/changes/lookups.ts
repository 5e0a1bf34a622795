/**
 * Small lookups the change plans share: the vendor parts, the Twilio trunk connected to Genesys, and number
 * normalization (DID pool ranges are in topology.ts).
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ByocSnapshot, GenesysPart, TwilioPart, TwilioTrunk } from '../snapshot.js';
import { linkParts } from '../topology.js';
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

/**
 * The Twilio trunk that carries the Genesys BYOC setup (the topology's carrier trunk: linked by termination URI,
 * else by origination URL, else the account's only trunk).
 */
export function connectedTwilioTrunk(genesys: GenesysPart | undefined, twilio: TwilioPart): Found<TwilioTrunk> {
  const carrier = linkParts(genesys, twilio).carrierTrunk();
  if (carrier) return { ok: true, value: carrier.trunk };
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
