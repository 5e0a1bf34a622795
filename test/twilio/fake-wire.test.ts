/** The fake's wire conventions, seen raw: envelopes, dates, status codes, errors and the fault admin endpoint. */
import { describe, expect, it } from 'vitest';
import type { TwilioFake } from '../../src/sandbox/twilio/index.js';
import { closedAfterEach } from '../support/use-started.js';
import { ACL_SID, CL_SID, crowded, DEFAULT, form, raw, scenario, startFake, TRUNK_SID } from './helpers.js';

type Json = Record<string, unknown>;
const ACC = `/2010-04-01/Accounts/${DEFAULT.twilio.accountSid}`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

const closing = closedAfterEach((started: TwilioFake) => started.close());

const json = async (res: Response) => (await res.json()) as Json;

describe('the fake Twilio REST API on the wire', () => {
  it('pages v1 lists with an absolute next_page_url on its own origin, filters kept', async () => {
    const s = scenario(crowded);
    const fake = closing(await startFake(s));
    const first = await json(await raw(fake, '/v1/Trunks?PageSize=2', {}, s));
    const meta = first.meta as Json;
    expect(meta).toMatchObject({ page: 0, page_size: 2, key: 'trunks', previous_page_url: null });
    expect(meta.next_page_url).toBe(`${fake.url}/v1/Trunks?PageSize=2&Page=1&PageToken=PA2`);
    const second = await json(await raw(fake, String(meta.next_page_url).slice(fake.url.length), {}, s));
    expect((second.trunks as Json[]).map((t) => t.friendly_name)).toEqual(['Extra 2', 'Extra 3']);
    expect((first.trunks as Json[])[0]?.date_created).toMatch(ISO);
  });

  it('pages 2010 lists with relative *_uri links and RFC 2822 dates', async () => {
    const s = scenario(crowded);
    const fake = closing(await startFake(s));
    const page = await json(
      await raw(
        fake,
        `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json?PageSize=2&Page=1&PageToken=PA2`,
        {},
        s,
      ),
    );
    expect(page).toMatchObject({ page: 1, page_size: 2, start: 2, end: 3 });
    expect(page.next_page_uri).toBe(
      `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json?PageSize=2&Page=2&PageToken=PA4`,
    );
    expect(page.previous_page_uri).toBe(
      `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json?PageSize=2&Page=0&PageToken=PA0`,
    );
    expect((page.ip_addresses as Json[])[0]?.date_created).toMatch(RFC2822);
  });

  it('creates with 201 from a form-encoded PascalCase body and deletes with an empty 204', async () => {
    const fake = closing(await startFake());
    const created = await raw(
      fake,
      `/v1/Trunks/${TRUNK_SID}/OriginationUrls`,
      form({
        Weight: '5',
        Priority: '20',
        Enabled: 'false',
        FriendlyName: 'backup',
        SipUrl: 'sip:backup.example.com',
      }),
    );
    expect(created.status).toBe(201);
    const ou = await json(created);
    expect(ou).toMatchObject({ weight: 5, priority: 20, enabled: false, trunk_sid: TRUNK_SID });
    const deleted = await raw(fake, `/v1/Trunks/${TRUNK_SID}/OriginationUrls/${String(ou.sid)}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
  });

  it('refuses a sips: origination URL, a missing field and a taken trunk domain with Twilio error bodies', async () => {
    const fake = closing(await startFake());
    const sips = await raw(
      fake,
      `/v1/Trunks/${TRUNK_SID}/OriginationUrls`,
      form({
        Weight: '1',
        Priority: '1',
        Enabled: 'true',
        FriendlyName: 'tls',
        SipUrl: 'sips:gc.example.com',
      }),
    );
    expect(sips.status).toBe(400);
    expect(await json(sips)).toMatchObject({ code: 20001, status: 400 });
    const missing = await json(await raw(fake, `/v1/Trunks/${TRUNK_SID}/OriginationUrls`, form({ Weight: '1' })));
    expect(missing.message).toMatch(/Missing required parameter Priority/);
    const taken = await raw(fake, '/v1/Trunks', form({ DomainName: 'purecloudABC.pstn.twilio.com' }));
    expect(await json(taken)).toEqual({
      code: 21248,
      message: 'Trunk domain purecloudABC.pstn.twilio.com is already taken',
      more_info: 'https://www.twilio.com/docs/errors/21248',
      status: 400,
    });
  });

  it('answers an unknown resource with 20404 and a wrong password with 401 and 20003', async () => {
    const fake = closing(await startFake());
    const missing = await raw(fake, `${ACC}/Calls/CA${'f'.repeat(32)}.json`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({
      code: 20404,
      message: `The requested resource ${ACC}/Calls/CA${'f'.repeat(32)}.json was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
    const other = await raw(fake, `/2010-04-01/Accounts/AC${'1'.repeat(32)}/Calls.json`);
    expect(other.status).toBe(404);
    const denied = await fetch(`${fake.url}/v1/Trunks`, {
      headers: { Authorization: `Basic ${Buffer.from(`${DEFAULT.twilio.accountSid}:nope`).toString('base64')}` },
    });
    expect(denied.status).toBe(401);
    expect(await json(denied)).toMatchObject({ code: 20003, status: 401 });
  });

  it('adds an IP with CIDR prefix 32 when none is given and refuses anything but dotted IPv4', async () => {
    const fake = closing(await startFake());
    const path = `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json`;
    const host = await json(await raw(fake, path, form({ FriendlyName: 'one', IpAddress: '52.212.99.1' })));
    expect(host.cidr_prefix_length).toBe(32);
    const v6 = await raw(fake, path, form({ FriendlyName: 'six', IpAddress: '2001:db8::1' }));
    expect(v6.status).toBe(400);
  });

  it('keeps a credential password write-only on the wire', async () => {
    const fake = closing(await startFake());
    const path = `${ACC}/SIP/CredentialLists/${CL_SID}/Credentials.json`;
    const created = await raw(fake, path, form({ Username: 'wire', Password: 'WirePassword2026' }));
    expect(created.status).toBe(201);
    expect(await created.text()).not.toMatch(/WirePassword2026|password/i);
    expect(await (await raw(fake, path)).text()).not.toMatch(/password/i);
  });

  it('takes faults at run time from POST /__sandbox/faults: a 429 burst with Retry-After, then normal again', async () => {
    const fake = closing(await startFake());
    const set = await fetch(`${fake.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ twilio429Burst: 1, retryAfterSeconds: 2 }),
    });
    expect(set.status).toBe(200);
    const limited = await raw(fake, '/v1/Trunks');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await json(limited)).toMatchObject({ code: 20429, status: 429 });
    expect((await raw(fake, '/v1/Trunks')).status).toBe(200);

    const bad = await fetch(`${fake.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ twilio5xxRate: 7 }),
    });
    expect(bad.status).toBe(400);
    expect(fake.faults.twilio5xxRate).toBe(0);
  });

  it('records every vendor request for tests that count calls', async () => {
    const fake = closing(await startFake());
    await raw(fake, '/v1/Trunks');
    await raw(fake, `${ACC}/Calls.json`);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/Trunks', `GET ${ACC}/Calls.json`]);
    fake.resetRequests();
    expect(fake.requests).toEqual([]);
  });
});
