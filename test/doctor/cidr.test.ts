import { describe, expect, it } from 'vitest';
import { coveredBy, parseRange, parseRanges, rangeContains } from '../../src/byoc/doctor/cidr.js';

const r = (s: string, prefix?: number) => {
  const x = parseRange(s, prefix);
  if (!x) throw new Error(`not a range: ${s}`);
  return x;
};

describe('CIDR containment is arithmetic, not string comparison', () => {
  it('a Twilio /30 is covered by the same /30 and by a wider range around it', () => {
    expect(rangeContains(r('54.172.60.0/30'), r('54.172.60.0/30'))).toBe(true);
    expect(rangeContains(r('54.172.60.0/24'), r('54.172.60.0/30'))).toBe(true);
    expect(rangeContains(r('54.0.0.0/8'), r('54.172.60.0/30'))).toBe(true);
    expect(rangeContains(r('0.0.0.0/0'), r('177.71.206.192/30'))).toBe(true);
  });

  it('a /30 is not covered by a narrower range or a single address inside it', () => {
    expect(rangeContains(r('54.172.60.0/31'), r('54.172.60.0/30'))).toBe(false);
    expect(rangeContains(r('54.172.60.1'), r('54.172.60.0/30'))).toBe(false);
  });

  it('an adjacent range that shares a prefix as text is not covered', () => {
    // "54.172.60.0/30" is a string prefix of "54.172.60.0/3" but 54.172.60.4/30 is not inside it.
    expect(rangeContains(r('54.172.60.0/30'), r('54.172.60.4/30'))).toBe(false);
    expect(rangeContains(r('54.172.6.0/24'), r('54.172.60.0/30'))).toBe(false);
  });

  it('a range written with host bits set covers its whole block', () => {
    expect(rangeContains(r('54.172.60.3/30'), r('54.172.60.0/30'))).toBe(true);
  });

  it('a bare address is a /32; an address with a prefix length is that range (Twilio IpAddress + CidrPrefixLength)', () => {
    expect(r('52.212.65.21').prefix).toBe(32);
    expect(rangeContains(r('52.212.65.21'), r('52.212.65.21'))).toBe(true);
    expect(rangeContains(r('52.212.64.0', 22), r('52.212.65.21'))).toBe(true);
    expect(rangeContains(r('52.212.64.0', 24), r('52.212.65.21'))).toBe(false);
    expect(parseRange('52.212.65.21', 33)).toBeUndefined();
  });

  it('IPv4 and IPv6 never contain each other', () => {
    expect(rangeContains(r('::/0'), r('54.172.60.0/30'))).toBe(false);
    expect(rangeContains(r('0.0.0.0/0'), r('2001:db8::1'))).toBe(false);
  });

  it('what is not an address is set apart, not silently treated as one', () => {
    const { ranges, invalid } = parseRanges(['54.172.60.0/30', 'sip.twilio.com', '300.1.1.1', '']);
    expect(ranges.map((x) => x.text)).toEqual(['54.172.60.0/30']);
    expect(invalid).toEqual(['sip.twilio.com', '300.1.1.1', '']);
  });

  it('coveredBy finds the entry that covers a range', () => {
    const list = [r('10.0.0.0/8'), r('54.172.60.0/24')];
    expect(coveredBy(list, r('54.172.60.0/30'))?.text).toBe('54.172.60.0/24');
    expect(coveredBy(list, r('54.244.51.0/30'))).toBeUndefined();
  });
});
