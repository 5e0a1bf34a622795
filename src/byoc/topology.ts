/**
 * How the two vendors' objects link up: which Twilio trunk a BYOC trunk sends its calls to.
 */
import type { TrunkBase, TwilioPart, TwilioTrunk } from './snapshot.js';

/** `host` of a proxy or SIP URL: without `sip:`, user part, port or parameters; lower case. */
export function hostOf(uri: string): string {
  return uri
    .trim()
    .replace(/^sips?:/i, '')
    .replace(/^[^@]*@/, '')
    .replace(/[;:].*$/, '')
    .toLowerCase();
}

/**
 * Whether a Genesys proxy host is a Twilio trunk's termination URI: its `domain_name`, or the localized form
 * `<name>.pstn.<edge>.twilio.com` (vendor/twilio.md: localized termination URIs pin a Twilio edge).
 */
export function proxyIsTerminationUri(proxy: string, domainName: string | null): boolean {
  if (!domainName) return false;
  const host = hostOf(proxy);
  const domain = domainName.toLowerCase();
  if (host === domain) return true;
  const m = /^([^.]+)\.pstn\.twilio\.com$/.exec(domain);
  return m
    ? new RegExp(`^${m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.pstn\\.[a-z0-9-]+\\.twilio\\.com$`).test(host)
    : false;
}

export interface TwilioTrunkMatch {
  trunk: TwilioTrunk | null;
  /** domain: a proxy is its termination URI; only-trunk: the account has one trunk and none matched. */
  how: 'domain' | 'only-trunk' | 'none';
}

/** The Twilio trunk a BYOC trunk sends its calls to: the one whose termination URI is among the trunk's proxies. */
export function matchTwilioTrunk(twilio: TwilioPart, trunkBase: TrunkBase): TwilioTrunkMatch {
  const byDomain = twilio.trunks.find((t) =>
    trunkBase.settings.proxies.some((p) => proxyIsTerminationUri(p, t.domainName)),
  );
  if (byDomain) return { trunk: byDomain, how: 'domain' };
  if (twilio.trunks.length === 1) return { trunk: twilio.trunks[0]!, how: 'only-trunk' };
  return { trunk: null, how: 'none' };
}
