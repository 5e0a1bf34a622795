/**
 * What a new user does with the sandbox's TWILIO_* lines: a short script on the official SDK alone (no bot code), with
 * an origin-rewriting RequestClient (docs/vendor-facts.md, "Twilio SDK"), reads the trunk "PureCloudDev" and follows
 * paging.
 */
import twilio from 'twilio';
import type * as RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';
import { describe, expect, it } from 'vitest';
import type { TwilioFake } from '../../src/sandbox/twilio/index.js';
import { closedAfterEach } from '../support/use-started.js';
import { crowded, DEFAULT, scenario, startFake } from './helpers.js';

class LocalRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super();
  }
  override request<T>(opts: RequestClient.RequestOptions<T>): Promise<ResponseModule.default<T>> {
    const u = new URL(opts.uri);
    const b = new URL(this.base);
    u.protocol = b.protocol;
    u.host = b.host;
    return super.request<T>({ ...opts, uri: u.toString() });
  }
}

const closing = closedAfterEach((started: TwilioFake) => started.close());

describe('a short script on the official twilio SDK against the sandbox', () => {
  it('reads the Twilio trunk "PureCloudDev" with the lines the sandbox prints', async () => {
    const fake = closing(await startFake());
    const env = {
      TWILIO_ACCOUNT_SID: DEFAULT.twilio.accountSid,
      TWILIO_AUTH_TOKEN: DEFAULT.twilio.authToken,
      TWILIO_API_URL: fake.url,
    };
    const client = twilio(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, {
      httpClient: new LocalRequestClient(env.TWILIO_API_URL),
    });
    const trunks = await client.trunking.v1.trunks.list();
    const trunk = trunks.find((t) => t.friendlyName === 'PureCloudDev');
    expect(trunk?.domainName).toBe('purecloudABC.pstn.twilio.com');
    expect(trunk?.dateCreated).toBeInstanceOf(Date);

    const numbers = await client.trunking.v1.trunks(trunk!.sid).phoneNumbers.list();
    expect(numbers.map((n) => n.phoneNumber)).toEqual(['+33123456789']);
    const acls = await client.sip.ipAccessControlLists.list();
    // 2010 dates are RFC 2822 on the wire; the SDK only turns them into Dates when the format is exact.
    expect(acls[0]?.dateCreated).toBeInstanceOf(Date);
  });

  it('follows v1 and 2010 pages with the SDK paging on its own', async () => {
    const s = scenario(crowded);
    const fake = closing(await startFake(s));
    const client = twilio(s.twilio.accountSid, s.twilio.authToken, { httpClient: new LocalRequestClient(fake.url) });
    const seen: string[] = [];
    await client.trunking.v1.trunks.each({ pageSize: 2 }, (t) => {
      seen.push(t.friendlyName);
    });
    expect(seen).toHaveLength(5);
    const ips = await client.sip.ipAccessControlLists(s.twilio.ipAccessControlLists[0]!.sid!).ipAddresses.list({
      pageSize: 2,
    });
    expect(ips).toHaveLength(5);
  });
});
