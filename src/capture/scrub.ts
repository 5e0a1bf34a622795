/**
 * What a captured scenario must not carry: secrets (passwords, tokens, client secrets) are replaced by
 * placeholders, people's names and emails by stable ones (the same person gets the same placeholder in every
 * capture), and with `maskNumbers` every phone number by a made-up one of the same country and length. Made up,
 * not taken from a range reserved for fiction: it may be somebody's number, so the file is for replaying, never
 * for dialing.
 * Returns what it removed, in words a person can check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ScenarioDoc } from './org-to-scenario.js';

export interface ScrubOptions {
  maskNumbers?: boolean;
  /** For tests: the offset numbers are shifted by (a random one otherwise). */
  numberOffset?: bigint;
}

export interface ScrubResult {
  scenario: ScenarioDoc;
  removed: string[];
}

/** Property keys whose values are secrets (the trunk's digest password and any like it). */
const SECRET_KEY = /password|secret|token/i;
export const SECRET_PLACEHOLDER = 'captured-placeholder';

export function scrubScenario(doc: ScenarioDoc, options: ScrubOptions = {}): ScrubResult {
  const scenario = structuredClone(doc);
  const removed: string[] = [
    'the Genesys OAuth client id and secret (placeholders; set GENESYS_* to read the org again)',
    'the Twilio auth token (a placeholder)',
  ];

  let secrets = 0;
  for (const tb of (scenario.genesys.trunkBases ?? []) as { properties: Record<string, unknown> }[]) {
    for (const key of Object.keys(tb.properties)) {
      if (SECRET_KEY.test(key) && tb.properties[key] !== undefined && tb.properties[key] !== '') {
        tb.properties[key] = SECRET_PLACEHOLDER;
        secrets++;
      }
    }
  }
  if (secrets) removed.push(`${secrets} trunk password(s) (digest authentication; placeholders)`);
  const credentials = ((scenario.twilio.credentialLists ?? []) as { credentials: unknown[] }[]).reduce(
    (n, c) => n + c.credentials.length,
    0,
  );
  if (credentials)
    removed.push(`${credentials} Twilio credential password(s) (Twilio never returns them; placeholders)`);

  const users = (scenario.genesys.users ?? []) as { id: string; name: string; email: string }[];
  for (const u of users) {
    const tag = stableTag(u.id);
    u.name = `Person ${tag}`;
    u.email = `person-${tag}@example.invalid`;
  }
  if (users.length)
    removed.push(`${users.length} people's names and emails (stable placeholders such as "Person 1a2b3c")`);

  if (options.maskNumbers) {
    const masker = numberMasker(options.numberOffset);
    const masked = new Set<string>();
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') {
        const replaced = masker(node);
        if (replaced !== node) masked.add(node);
        return replaced;
      }
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
      }
      return node;
    };
    scenario.genesys = walk(scenario.genesys) as ScenarioDoc['genesys'];
    scenario.twilio = walk(scenario.twilio) as ScenarioDoc['twilio'];
    if ('faults' in scenario) scenario.faults = walk(scenario.faults);
    removed.push(`${masked.size} phone number(s) (made-up ones of the same country and length; never dial them)`);
  }
  return { scenario, removed };
}

/** Six hex digits from the id: the same person has the same placeholder in every capture. */
function stableTag(id: string): string {
  return createHash('sha256').update(`byoc-capture:${id}`).digest('hex').slice(0, 6);
}

/**
 * Maps an E.164 number to another of the same country code and length, keeping the first national digit (which
 * says mobile, geographic, …) and shifting the rest by one offset, so DID pool ranges stay ranges. Anything that is
 * not a whole E.164 number of at least 8 digits (short codes, emergency numbers) is left alone.
 */
function numberMasker(offset?: bigint): (s: string) => string {
  const offsets = new Map<number, bigint>();
  const offsetFor = (digits: number): bigint => {
    let o = offsets.get(digits);
    if (o === undefined) {
      const space = 10n ** BigInt(digits);
      o = offset !== undefined ? offset % space : BigInt(`0x${randomBytes(8).toString('hex')}`) % space;
      if (o === 0n) o = 1n;
      offsets.set(digits, o);
    }
    return o;
  };
  return (s) => {
    if (!/^\+[1-9]\d{7,14}$/.test(s)) return s;
    const parsed = parsePhoneNumberFromString(s);
    if (!parsed) return s;
    const cc = parsed.countryCallingCode;
    const nsn = s.slice(1 + cc.length);
    if (nsn.length < 2) return s;
    const head = nsn[0]!;
    const rest = nsn.slice(1);
    const space = 10n ** BigInt(rest.length);
    const shifted = ((BigInt(rest) + offsetFor(rest.length)) % space).toString().padStart(rest.length, '0');
    return `+${cc}${head}${shifted}`;
  };
}
