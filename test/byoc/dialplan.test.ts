import { describe, expect, it } from 'vitest';
import { classifyDialedString, cleanDialedString, dialExamples, dialInputErrorOf } from '../../src/byoc/dialplan.js';
import type { NumberPlan, NumberPlanMatchType } from '../../src/byoc/snapshot.js';

/** A number plan with only what a row needs; the rest as Genesys would have it. */
function plan(
  name: string,
  matchType: NumberPlanMatchType,
  priority: number,
  extra: Partial<NumberPlan> = {},
): NumberPlan {
  return {
    id: `plan-${name}`,
    name,
    siteId: 'site-1',
    matchType,
    priority,
    numbers: [],
    classification: name,
    state: 'active',
    ...extra,
  };
}

const list = (...numbers: (string | [string, string])[]) =>
  numbers.map((n) => (typeof n === 'string' ? { start: n, end: n } : { start: n[0], end: n[1] }));

/** The Genesys defaults (docs/vendor-facts.md, "Number plans"), as the default scenario's Paris Office has them. */
const defaults: NumberPlan[] = [
  plan('Emergency', 'numberList', 1, { numbers: list('112', '15', '17', '18') }),
  plan('Extension', 'digitLength', 2, { digitLength: { start: 4, end: 6 } }),
  plan('National', 'intraCountryCode', 3),
  plan('International', 'interCountryCode', 4),
  plan('Network', 'regex', 5, { match: '^([^@\\:]+@)([^@ ]+)?$', normalizedFormat: 'sip:$1$2' }),
  plan('Suicide Prevention', 'regex', 6, { match: '^988$', normalizedFormat: '+18002738255' }),
];

interface Row {
  story: string;
  dialed: string;
  plans?: NumberPlan[];
  country?: string;
  /** Expected plan name and normalized number; null: no plan matches. */
  expect: [string, string] | null;
}

const rows: Row[] = [
  // The guide's examples from the French site.
  { story: 'a French national number with its 0', dialed: '0123456789', expect: ['National', '+33123456789'] },
  { story: 'the same number in E.164', dialed: '+33123456789', expect: ['National', '+33123456789'] },
  { story: 'a UK mobile from France', dialed: '+447700900000', expect: ['International', '+447700900000'] },
  // Emergency and extension numbers.
  { story: 'the European emergency number', dialed: '112', expect: ['Emergency', '112'] },
  { story: 'the French police', dialed: '17', expect: ['Emergency', '17'] },
  { story: 'a 4-digit extension', dialed: '1234', expect: ['Extension', '1234'] },
  { story: 'a 6-digit extension', dialed: '123456', expect: ['Extension', '123456'] },
  { story: 'three digits that are no emergency number', dialed: '113', expect: null },
  { story: 'seven digits: too long for an extension, too short for a number', dialed: '1234567', expect: null },
  // Input cleaning.
  { story: 'spaces', dialed: '01 23 45 67 89', expect: ['National', '+33123456789'] },
  { story: 'dashes, dots and parentheses', dialed: '(01)-23.45-67.89', expect: ['National', '+33123456789'] },
  { story: 'E.164 written with spaces', dialed: '+44 7700 900000', expect: ['International', '+447700900000'] },
  // intraCountryCode
  {
    story: "France's international prefix to a French number",
    dialed: '0033123456789',
    expect: ['National', '+33123456789'],
  },
  { story: 'a national number without its 0', dialed: '123456789', expect: ['National', '+33123456789'] },
  {
    story: 'a US site dialing a US number with punctuation',
    dialed: '(415) 555-0100',
    country: 'US',
    expect: ['National', '+14155550100'],
  },
  {
    story: 'a US site dialing 1 + area code',
    dialed: '1-415-555-0100',
    country: 'US',
    expect: ['National', '+14155550100'],
  },
  {
    story: 'a US site dialing a French number',
    dialed: '+33123456789',
    country: 'US',
    expect: ['International', '+33123456789'],
  },
  // interCountryCode
  {
    story: "France's international prefix to the UK",
    dialed: '00447700900000',
    expect: ['International', '+447700900000'],
  },
  {
    story: 'a UK number typed without + is not a 12-digit French number',
    dialed: '447700900000',
    plans: [plan('National', 'intraCountryCode', 1)],
    expect: null,
  },
  {
    story: 'an inter plan restricted to the UK takes a UK number',
    dialed: '+447700900000',
    plans: [plan('UK', 'interCountryCode', 1, { numbers: list('44') })],
    expect: ['UK', '+447700900000'],
  },
  {
    story: 'an inter plan restricted to the UK (by ISO code) refuses a US number',
    dialed: '+14155550100',
    plans: [plan('UK', 'interCountryCode', 1, { numbers: list('GB') })],
    expect: null,
  },
  {
    story: "an inter plan with no countries refuses the site's own country",
    dialed: '+33123456789',
    plans: [plan('International', 'interCountryCode', 1)],
    expect: null,
  },
  // numberList with ranges
  {
    story: 'a number inside a range',
    dialed: '5123',
    plans: [plan('Internal', 'numberList', 1, { numbers: list(['5000', '5999']) })],
    expect: ['Internal', '5123'],
  },
  {
    story: 'a number of another length is outside the range',
    dialed: '50000',
    plans: [plan('Internal', 'numberList', 1, { numbers: list(['5000', '5999']) })],
    expect: null,
  },
  // e164NumberList
  {
    story: 'an E.164 list takes the number with its +',
    dialed: '+33123456789',
    plans: [plan('Main', 'e164NumberList', 1, { numbers: list('+33123456789') })],
    expect: ['Main', '+33123456789'],
  },
  {
    story: 'an E.164 list does not normalize: the national form does not match',
    dialed: '0123456789',
    plans: [plan('Main', 'e164NumberList', 1, { numbers: list('+33123456789') })],
    expect: null,
  },
  {
    story: 'an E.164 range',
    dialed: '+33123456750',
    plans: [plan('Block', 'e164NumberList', 1, { numbers: list(['+33123456700', '+33123456799']) })],
    expect: ['Block', '+33123456750'],
  },
  // digitLength
  {
    story: 'digitLength does not take a +',
    dialed: '+1234',
    plans: [plan('Extension', 'digitLength', 1, { digitLength: { start: 4, end: 6 } })],
    expect: null,
  },
  // regex with back-references
  {
    story: 'a SIP address through the Network plan',
    dialed: 'alice@example.com',
    expect: ['Network', 'sip:alice@example.com'],
  },
  { story: 'an unmatched optional group is empty', dialed: 'alice@', expect: ['Network', 'sip:alice@'] },
  { story: 'a fixed normalizedFormat', dialed: '988', expect: ['Suicide Prevention', '+18002738255'] },
  {
    story: 'back-references reorder the digits',
    dialed: '9#0123456789',
    plans: [plan('Prefixed', 'regex', 1, { match: '^9#0(\\d)(\\d{8})$', normalizedFormat: '+33$1$2' })],
    expect: ['Prefixed', '+33123456789'],
  },
  {
    story: 'a regex plan without normalizedFormat keeps the number',
    dialed: '3615',
    plans: [plan('Minitel', 'regex', 1, { match: '^36\\d\\d$' })],
    expect: ['Minitel', '3615'],
  },
  // Plans given out of priority order: the lower priority wins whatever the array order.
  {
    story: 'plans out of order: emergency still wins over extension',
    dialed: '1234',
    plans: [
      plan('Extension', 'digitLength', 2, { digitLength: { start: 4, end: 6 } }),
      plan('Short code', 'numberList', 1, { numbers: list('1234') }),
    ],
    expect: ['Short code', '1234'],
  },
  {
    story: 'plans out of order: a 10-digit plan at priority 1 takes the number before National',
    dialed: '0123456789',
    plans: [
      plan('National', 'intraCountryCode', 3),
      plan('Ten digits', 'digitLength', 1, { digitLength: { start: 10, end: 10 } }),
    ],
    expect: ['Ten digits', '0123456789'],
  },
];

describe('the dial plan classifies a dialed string like Genesys', () => {
  it.each(rows)('$story: $dialed', ({ dialed, plans, country, expect: expected }) => {
    const result = classifyDialedString(dialed, plans ?? defaults, country ?? 'FR');
    if (expected === null) {
      expect(result.match).toBeNull();
    } else {
      expect(result.match && [result.match.plan.name, result.match.normalizedNumber]).toEqual(expected);
      expect(result.match?.classification).toBe(expected[0]);
    }
  });
});

describe('plans that cannot be evaluated are reported and skipped', () => {
  it('an invalid regex is skipped with its error, and the next plan answers', () => {
    const result = classifyDialedString(
      '1234',
      [
        plan('Broken', 'regex', 1, { match: '^(12' }),
        plan('Extension', 'digitLength', 2, { digitLength: { start: 4, end: 6 } }),
      ],
      'FR',
    );
    expect(result.match?.plan.name).toBe('Extension');
    expect(result.planErrors.map((e) => e.plan.name)).toEqual(['Broken']);
    expect(result.planErrors[0]?.reason).toMatch(/invalid regex/);
  });

  it('a National plan on a site without a country says so', () => {
    const result = classifyDialedString('0123456789', [plan('National', 'intraCountryCode', 1)], undefined);
    expect(result.match).toBeNull();
    expect(result.planErrors[0]?.reason).toMatch(/no country/);
  });
});

describe("input that is not a number is a typed error with examples for the site's country", () => {
  it.each([
    { input: '', code: 'empty' },
    { input: '   ', code: 'empty' },
    { input: 'abc', code: 'letters' },
    { input: '01 23 AB 67 89', code: 'letters' },
    { input: '01_23', code: 'invalid-characters' },
    { input: '01+23', code: 'invalid-characters' },
  ])('"$input" is refused as $code', ({ input, code }) => {
    let caught: unknown;
    try {
      cleanDialedString(input, 'FR');
    } catch (err) {
      caught = err;
    }
    const err = dialInputErrorOf(caught);
    expect(err).toMatchObject({ code: `dial.${code}`, retryable: false, details: { kind: code } });
    // Examples come from libphonenumber: a French number, nationally and in E.164, and one abroad.
    expect(err?.details.examples).toEqual(['06 12 34 56 78', '+33612345678', '+447400123456']);
  });

  it('a UK site gets UK examples and a US number abroad', () => {
    expect(dialExamples('GB')).toEqual(['07400 123456', '+447400123456', '+12015550123']);
  });

  it('a site without a country still gets an E.164 example', () => {
    expect(dialExamples(undefined)).toEqual(['+447400123456']);
  });

  it('every example is itself accepted by the default French plans', () => {
    for (const example of dialExamples('FR')) {
      expect(classifyDialedString(example, defaults, 'FR').match?.classification).toMatch(/National|International/);
    }
  });
});
