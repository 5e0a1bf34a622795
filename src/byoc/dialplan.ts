/**
 * The Genesys dial plan, rebuilt locally: Genesys has no public "Simulate Call" API (docs/vendor-facts.md, "Simulate Call"),
 * so the bot classifies a dialed string with the site's number plans itself. Plans are tried in priority order
 * (lower first); the first that matches sets the classification and the normalized number.
 *
 * Country codes, national prefixes, international prefixes and possible lengths come from libphonenumber-js,
 * never from hand-written tables.
 */
import {
  type CountryCode,
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { CodedError, DOMAIN_ERROR_CODES, isCodedError } from './coded-error.js';
import type { NumberPlan, NumberPlanMatchType } from './snapshot.js';

export type DialInputErrorCode = 'empty' | 'letters' | 'invalid-characters' | 'unclassifiable';

const DIAL_INPUT_CODES: Record<DialInputErrorCode, string> = {
  empty: DOMAIN_ERROR_CODES.dialEmpty,
  letters: DOMAIN_ERROR_CODES.dialLetters,
  'invalid-characters': DOMAIN_ERROR_CODES.dialInvalidCharacters,
  unclassifiable: DOMAIN_ERROR_CODES.dialUnclassifiable,
};

/** A dialed string the dial plan cannot take, with examples of what it would take for the site's country. */
export type DialInputError = CodedError<{ kind: DialInputErrorCode; examples: string[] }>;

export function dialInputError(kind: DialInputErrorCode, message: string, examples: string[]): DialInputError {
  return new CodedError({ code: DIAL_INPUT_CODES[kind], message, retryable: false, details: { kind, examples } });
}

/** `err` when it is a dial-input error (one of the `dial.*` codes), else undefined. */
export function dialInputErrorOf(err: unknown): DialInputError | undefined {
  const codes: readonly string[] = Object.values(DIAL_INPUT_CODES);
  return isCodedError(err) && codes.includes(err.code) ? (err as DialInputError) : undefined;
}

export interface DialPlanMatch {
  plan: NumberPlan;
  classification: string;
  normalizedNumber: string;
}

export interface DialPlanResult {
  /** The dialed string after cleaning (spaces, dashes, dots and parentheses removed). */
  dialed: string;
  match: DialPlanMatch | null;
  /** Plans that could not be evaluated (an invalid regex, a country-code plan on a site without a country). */
  planErrors: { plan: NumberPlan; reason: string }[];
}

// Genesys: "interCountryCode and intraCountryCode match total lengths of 10–15 digits" (docs/vendor-facts.md, "Number plans").
const COUNTRY_CODE_MIN_DIGITS = 10;
const COUNTRY_CODE_MAX_DIGITS = 15;

/** A SIP address (the default "Network" regex plan takes `user@host`): letters are legitimate there. */
function isSipAddress(raw: string): boolean {
  return raw.includes('@') || /^sips?:/i.test(raw);
}

/**
 * Cleans what a person typed: spaces, dashes, dots and parentheses go; a leading `+`, digits, `*` and `#` stay.
 * Throws a dial-input error (`dialInputErrorOf`) for empty input, letters, or other characters.
 */
export function cleanDialedString(raw: string, country?: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') {
    throw dialInputError('empty', 'No number was given.', dialExamples(country));
  }
  if (isSipAddress(trimmed)) return trimmed;
  const cleaned = trimmed.replace(/[\s\-.()]/g, '');
  if (/^\+?[0-9*#]+$/.test(cleaned)) return cleaned;
  if (/\p{L}/u.test(cleaned)) {
    throw dialInputError(
      'letters',
      `"${raw}" contains letters; a number has digits only (spaces, dashes, dots and parentheses are fine).`,
      dialExamples(country),
    );
  }
  throw dialInputError(
    'invalid-characters',
    `"${raw}" is not a number: only digits, a leading +, *, #, spaces, dashes, dots and parentheses are accepted.`,
    dialExamples(country),
  );
}

/** The country a site's location is in, when libphonenumber knows it. */
export function supportedCountry(country: string | undefined): CountryCode | undefined {
  const c = country?.toUpperCase();
  return c && isSupportedCountry(c) ? c : undefined;
}

/**
 * Examples of valid input for a country: a national number as people write it, the same in E.164, and an
 * international number. From libphonenumber's example numbers (the package ships mobile examples only).
 */
export function dialExamples(country: string | undefined): string[] {
  const home = supportedCountry(country);
  const abroad: CountryCode = home === 'GB' ? 'US' : 'GB';
  const out: string[] = [];
  const local = home ? getExampleNumber(home, mobileExamples) : undefined;
  if (local) out.push(local.formatNational(), local.number);
  const intl = getExampleNumber(abroad, mobileExamples);
  if (intl) out.push(intl.number);
  return out;
}

/** Sorts plans the way Genesys tries them: lower priority first; ties keep their order. */
export function plansInOrder(plans: NumberPlan[]): NumberPlan[] {
  return plans
    .filter((p) => p.state !== 'deleted' && p.state !== 'inactive')
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.priority - b.p.priority || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Classifies a dialed string with a site's number plans. `country` is the ISO code of the site's location.
 * Throws a dial-input error (`dialInputErrorOf`) for input that is not a number (see cleanDialedString); an
 * unmatched number is a result with `match: null`, so callers can still show which plans were tried.
 */
export function classifyDialedString(raw: string, plans: NumberPlan[], country: string | undefined): DialPlanResult {
  const dialed = cleanDialedString(raw, country);
  const planErrors: DialPlanResult['planErrors'] = [];
  for (const plan of plansInOrder(plans)) {
    const outcome = evaluatePlan(plan, dialed, supportedCountry(country));
    if (outcome.kind === 'error') planErrors.push({ plan, reason: outcome.reason });
    else if (outcome.kind === 'match') {
      return {
        dialed,
        match: { plan, classification: plan.classification, normalizedNumber: outcome.normalized },
        planErrors,
      };
    }
  }
  return { dialed, match: null, planErrors };
}

type PlanOutcome = { kind: 'match'; normalized: string } | { kind: 'no-match' } | { kind: 'error'; reason: string };

const NO_MATCH: PlanOutcome = { kind: 'no-match' };
const matched = (normalized: string): PlanOutcome => ({ kind: 'match', normalized });

const evaluators: Record<NumberPlanMatchType, (plan: NumberPlan, dialed: string, home?: CountryCode) => PlanOutcome> = {
  // A list of numbers and ranges, compared as dialed; the number is not normalized.
  numberList: (plan, dialed) => (inNumberList(dialed, plan.numbers) ? matched(dialed) : NO_MATCH),

  // Genesys: "e164NumberList requires the + and does not normalise".
  e164NumberList: (plan, dialed) => {
    if (!dialed.startsWith('+')) return NO_MATCH;
    const withPlus = plan.numbers.map((n) => ({
      start: plus(n.start),
      end: n.end === undefined ? undefined : plus(n.end),
    }));
    return inNumberList(dialed, withPlus) ? matched(dialed) : NO_MATCH;
  },

  // Genesys: "digitLength does not normalise". Digits only: a `+` or `*` makes it something else.
  digitLength: (plan, dialed) => {
    if (!plan.digitLength || !/^\d+$/.test(dialed)) return NO_MATCH;
    const { start, end } = plan.digitLength;
    return dialed.length >= start && dialed.length <= end ? matched(dialed) : NO_MATCH;
  },

  intraCountryCode: (_plan, dialed, home) => {
    if (!home) return { kind: 'error', reason: 'the site has no country (set one on its location)' };
    const phone = parseForCountryPlans(dialed, home);
    if (!phone || phone.countryCallingCode !== getCountryCallingCode(home)) return NO_MATCH;
    return matched(phone.number);
  },

  interCountryCode: (plan, dialed, home) => {
    const phone = parseForCountryPlans(dialed, home);
    if (!phone) return NO_MATCH;
    const code = phone.countryCallingCode;
    // An empty list is every country except the site's own; a list restricts to its countries.
    if (plan.numbers.length === 0) {
      return home && code === getCountryCallingCode(home) ? NO_MATCH : matched(phone.number);
    }
    const allowed = plan.numbers.map((n) => countryCodeOf(n.start));
    return allowed.includes(code) ? matched(phone.number) : NO_MATCH;
  },

  regex: (plan, dialed) => {
    if (!plan.match) return { kind: 'error', reason: 'the regex plan has no match expression' };
    let re: RegExp;
    try {
      re = new RegExp(plan.match);
    } catch (err) {
      return { kind: 'error', reason: `invalid regex ${plan.match}: ${(err as Error).message}` };
    }
    const m = re.exec(dialed);
    if (!m) return NO_MATCH;
    return matched(plan.normalizedFormat ? applyBackReferences(plan.normalizedFormat, m) : dialed);
  },
};

function evaluatePlan(plan: NumberPlan, dialed: string, home?: CountryCode): PlanOutcome {
  // The snapshot takes matchType from the wire as is: one this bot does not know is a plan error, not a crash.
  const evaluate = Object.hasOwn(evaluators, plan.matchType) ? evaluators[plan.matchType] : undefined;
  if (!evaluate) return { kind: 'error', reason: `unknown match type ${String(plan.matchType)}` };
  return evaluate(plan, dialed, home);
}

/** `$1`-style back-references in a plan's normalizedFormat; an unmatched optional group is empty. */
export function applyBackReferences(format: string, m: RegExpExecArray): string {
  return format.replace(/\$(\d+)/g, (_, n: string) => m[Number(n)] ?? '');
}

const plus = (n: string) => (n.startsWith('+') ? n : `+${n}`);

/** Equal to an entry, or inside a range of numbers of the same length (same length: string order is numeric order). */
function inNumberList(dialed: string, numbers: { start: string; end?: string }[]): boolean {
  return numbers.some(({ start, end }) => {
    const s = start.replace(/[\s\-.()]/g, '');
    const e = (end ?? start).replace(/[\s\-.()]/g, '');
    if (s === e) return dialed === s;
    return dialed.length === s.length && dialed.length === e.length && dialed >= s && dialed <= e;
  });
}

/**
 * The number as a country-code plan sees it: a national number of the site's country (with or without its
 * national prefix), or an international one (with `+` or the site country's international prefix), of 10–15
 * digits in E.164 and a length that country's numbering plan allows.
 */
function parseForCountryPlans(dialed: string, home?: CountryCode): PhoneNumber | undefined {
  if (!/^\+?\d+$/.test(dialed)) return undefined;
  const phone = parsePhoneNumberFromString(dialed, home ? { defaultCountry: home } : {});
  if (!phone) return undefined;
  const digits = phone.number.length - 1;
  if (digits < COUNTRY_CODE_MIN_DIGITS || digits > COUNTRY_CODE_MAX_DIGITS) return undefined;
  // Without this, a foreign number typed without + ("447700900000") would pass as a 12-digit French number.
  return phone.isPossible() ? phone : undefined;
}

/** A country entry of an interCountryCode plan: a calling code ("44", "+44") or an ISO country ("GB"). */
function countryCodeOf(entry: string): string {
  const e = entry.trim().toUpperCase();
  if (isSupportedCountry(e)) return getCountryCallingCode(e);
  return e.replace(/^\+/, '');
}
