import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { startTwilioFake, type TwilioFake } from '../../src/sandbox/twilio/index.js';
import { TwilioClient, type TwilioClientOptions } from '../../src/twilio/index.js';

export const DEFAULT = loadScenario('default');
export const TRUNK_SID = 'TK0123456789abcdef0123456789abc001';
export const ACL_SID = 'AL0123456789abcdef0123456789abc001';
export const CL_SID = 'CL0123456789abcdef0123456789abc001';
export const MAIN_NUMBER_SID = 'PN0123456789abcdef0123456789abc001';
export const SPARE_NUMBER_SID = 'PN0123456789abcdef0123456789abc002';

export function scenario(edit: (s: Scenario) => void = () => {}): Scenario {
  const s = structuredClone(DEFAULT);
  edit(s);
  return s;
}

/** Extra trunks and ACL entries so lists span several pages at a small page size. */
export function crowded(s: Scenario): void {
  for (let i = 1; i <= 4; i++) {
    s.twilio.trunks.push({
      friendlyName: `Extra ${i}`,
      domainName: `extra${i}.pstn.twilio.com`,
      secure: false,
      ipAccessControlLists: [],
      credentialLists: [],
      phoneNumbers: [],
      originationUrls: [],
    });
  }
  s.twilio.ipAccessControlLists[0]!.ipAddresses.push(
    { friendlyName: 'extra-a', ipAddress: '52.212.70.1', cidrPrefixLength: 32 },
    { friendlyName: 'extra-b', ipAddress: '52.212.70.2', cidrPrefixLength: 32 },
  );
}

export async function startFake(s: Scenario = DEFAULT): Promise<TwilioFake> {
  return startTwilioFake(s);
}

/** The bot's client pointed at the fake; sleeps are recorded, not waited, so retries cost no time. */
export function clientFor(fake: TwilioFake, s: Scenario = DEFAULT, extra: Partial<TwilioClientOptions> = {}) {
  const waits: number[] = [];
  const client = new TwilioClient({
    accountSid: s.twilio.accountSid,
    authToken: s.twilio.authToken,
    apiUrl: fake.url,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
  return { client, waits };
}

/** A raw request with the account's Basic auth, for checks on the wire format itself. */
export function raw(fake: TwilioFake, path: string, init: RequestInit = {}, s: Scenario = DEFAULT): Promise<Response> {
  const auth = Buffer.from(`${s.twilio.accountSid}:${s.twilio.authToken}`).toString('base64');
  return fetch(fake.url + path, {
    ...init,
    headers: { Authorization: `Basic ${auth}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  };
}
