/**
 * `explain CODE` and the cause table: the codes an on-call engineer pastes from the Twilio console or a SIP trace,
 * and what the bot says about each.
 */
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/byoc/calls/call-report.js';
import { classify, explainCode } from '../../src/byoc/calls/causes.js';
import { RULE_IDS } from '../../src/byoc/doctor/index.js';
import { explainCard } from '../../src/presentation/explain-card.js';

describe('failure causes from the vendors’ codes', () => {
  it.each([
    [['32201'], undefined, 'outbound', 'twilio-acl', 'TW-ACL'],
    [['32202'], 403, 'outbound', 'credentials', 'TW-CREDENTIALS'],
    [['32001'], 503, 'outbound', 'cps-limit', undefined],
    [['32012'], undefined, 'outbound', 'cps-limit', undefined],
    [['32010'], undefined, 'inbound', 'origination', 'TW-ORIGINATION'],
    [['32011'], 503, 'inbound', 'origination', 'TW-ORIGINATION'],
    [['32204'], 403, 'outbound', 'caller-id', 'GC-TRUNK-CALLING-ADDRESS'],
    [['32206'], undefined, 'outbound', 'caller-id', 'GC-TRUNK-CALLING-ADDRESS'],
    [[], 403, 'outbound', 'termination-auth', 'TW-AUTH'],
    [[], 407, 'outbound', 'termination-auth', 'TW-AUTH'],
    [[], 404, 'outbound', 'number-format', 'GC-TRUNK-OMIT-PLUS'],
    [[], 484, 'outbound', 'number-format', 'GC-TRUNK-OMIT-PLUS'],
    [[], 488, 'outbound', 'codecs', 'GC-TRUNK-CODEC'],
    [[], 408, 'outbound', 'trunk-down', 'GC-TRUNK-CONNECTED'],
    [[], 503, 'outbound', 'trunk-down', 'GC-TRUNK-CONNECTED'],
    [[], 503, 'inbound', 'origination', 'TW-ORIGINATION'],
  ] as const)('%j with SIP %s on an %s call -> %s (%s)', (codes, sip, direction, cause, rule) => {
    const found = classify({ twilioErrorCodes: [...codes], ...(sip ? { sipCode: sip } : {}), direction });
    expect(found?.key).toBe(cause);
    if (rule) expect(found?.rules[0]).toBe(rule);
    for (const r of found?.rules ?? []) expect(RULE_IDS).toContain(r);
  });

  it('a Twilio code wins over the SIP response it came with', () => {
    expect(classify({ twilioErrorCodes: ['32201'], sipCode: 403, direction: 'outbound' })?.key).toBe('twilio-acl');
  });

  it('an unknown code has no cause: the card shows it plainly instead', () => {
    expect(classify({ twilioErrorCodes: ['39999'], sipCode: 599, direction: 'outbound' })).toBeUndefined();
    expect(classify({ twilioErrorCodes: [], direction: 'inbound' })).toBeUndefined();
  });
});

describe('explain CODE', () => {
  it('reads the forms people paste', () => {
    expect(explainCode('32201')).toMatchObject({ kind: 'twilio', code: '32201', cause: { key: 'twilio-acl' } });
    expect(explainCode('TW-32201')).toMatchObject({ kind: 'twilio', code: '32201' });
    expect(explainCode('SIP 488')).toMatchObject({ kind: 'sip', code: 488, phrase: 'Not Acceptable Here' });
    expect(explainCode('sip:403')).toMatchObject({ kind: 'sip', code: 403 });
    expect(explainCode('abc')).toEqual({ kind: 'invalid', input: 'abc' });
    expect(explainCode('4030')).toEqual({ kind: 'invalid', input: '4030' });
  });

  it('403 differs by direction: Twilio refusing Genesys, or Genesys refusing Twilio', () => {
    const card = explainCard(explainCode('403'));
    expect(card.title).toBe('SIP 403 Forbidden');
    const headings = card.sections?.map((s) => s.title) ?? [];
    expect(headings).toContain('On an outbound call (Genesys -> Twilio -> PSTN)');
    expect(headings).toContain('On an inbound call (PSTN -> Twilio -> Genesys)');
  });

  it('32201 names the rule and its fix, and links Twilio’s page', () => {
    const card = explainCard(explainCode('32201'));
    expect(card.title).toBe('Twilio 32201: SIP: Source IP address not in ACL');
    const text = JSON.stringify(card);
    expect(text).toContain('TW-ACL');
    expect(text).toContain('IP access control list');
    expect(text).toContain('https://www.twilio.com/docs/api/errors/32201');
  });

  it('486 and 487 are normal endings, not trunk problems', () => {
    expect(explainCard(explainCode('486'))).toMatchObject({ status: 'ok', title: 'SIP 486 Busy Here' });
    expect(explainCard(explainCode('487')).summary).toContain('Not a trunk problem');
  });

  it('an unknown Twilio code is shown plainly with Twilio’s page', () => {
    const card = explainCard(explainCode('31000'));
    expect(card.status).toBe('skip');
    expect(JSON.stringify(card)).toContain('https://www.twilio.com/docs/api/errors/31000');
  });
});

describe('--since', () => {
  it.each([
    ['30m', 30],
    ['4h', 240],
    ['2d', 2880],
    ['90 minutes', 90],
  ])('%s is %i minutes', (input, minutes) => {
    expect(parseSince(input)).toEqual({ minutes });
  });

  it.each(['2x', '', '0m', '8d', '-5m'])('"%s" is refused with an example of right', (input) => {
    const parsed = parseSince(input);
    expect('problem' in parsed && parsed.problem).toMatch(/30m|7d/);
  });
});
