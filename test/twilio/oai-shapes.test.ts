/**
 * Every kind of response the bot reads from the fake, checked against Twilio's own OpenAPI description of that
 * operation and status (test/fixtures/twilio-oai: twilio/twilio-oai's spec/json, MIT, commit in its SOURCE file).
 * On top of the spec, each resource and list
 * envelope must carry exactly the spec's fields (none missing, none extra), so a misspelled field fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioFake } from '../../src/sandbox/twilio/index.js';
import {
  ACL_SID,
  CL_SID,
  crowded,
  form,
  MAIN_NUMBER_SID,
  raw,
  SPARE_NUMBER_SID,
  scenario,
  startFake,
  TRUNK_SID,
} from './helpers.js';

// Copies of Twilio's published OpenAPI files, kept with the tests so a fresh clone has everything it needs.
const SPEC_DIR = fileURLToPath(new URL('../fixtures/twilio-oai/', import.meta.url));
const SPEC_FILES = {
  trunking: 'twilio_trunking_v1.json',
  api: 'twilio_api_v2010.json',
  insights: 'twilio_insights_v1.json',
  monitor: 'twilio_monitor_v1.json',
} as const;
type SpecName = keyof typeof SPEC_FILES;

/** The resources the bot reads: their component schemas get `required` = all fields and no extra fields. */
const READ_RESOURCES = new Set([
  'trunking.v1.trunk',
  'trunking.v1.trunk.origination_url',
  'trunking.v1.trunk.ip_access_control_list',
  'trunking.v1.trunk.credential_list',
  'trunking.v1.trunk.phone_number',
  'api.v2010.account.sip.sip_ip_access_control_list',
  'api.v2010.account.sip.sip_ip_access_control_list.sip_ip_address',
  'api.v2010.account.sip.sip_credential_list',
  'api.v2010.account.sip.sip_credential_list.sip_credential',
  'api.v2010.account.incoming_phone_number',
  'api.v2010.account.call',
  'monitor.v1.alert',
  'monitor.v1.alert-instance',
  'monitor.v1.event',
  'insights.v1.call.summary',
  'insights.v1.call_summaries',
]);

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * OpenAPI 3.0 -> JSON Schema for ajv: `nullable` becomes a type union (or `anyOf` with null beside a `$ref`),
 * local refs point into the spec's registered document, and the 2010 `*_uri` fields, declared `uri` but holding
 * relative paths such as "/2010-04-01/Accounts/AC…/IncomingPhoneNumbers/PN….json", become `uri-reference`.
 */
function toJsonSchema(node: unknown, docId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, docId));
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples' || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#')) out[k] = docId + v;
    else if (k === 'properties' && isObj(v)) {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([name, schema]) => {
          const s = toJsonSchema(schema, docId) as Json;
          if ((name === 'uri' || name.endsWith('_uri')) && s.format === 'uri') s.format = 'uri-reference';
          return [name, s];
        }),
      );
    } else out[k] = toJsonSchema(v, docId);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.$ref === 'string') return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * Where the spec's own text says more than its pattern: an event's `actor_sid` is "either a User ID (US…) or an
 * Account SID (AC…)" (its description, and Twilio's Monitor Events page), while the pattern allows US only.
 */
function relaxed(name: string, schema: Json): Json {
  if (name !== 'monitor.v1.event') return schema;
  const props = schema.properties as Json;
  return {
    ...schema,
    properties: { ...props, actor_sid: { ...(props.actor_sid as Json), pattern: '^(US|AC)[0-9a-fA-F]{32}$' } },
  };
}

/** Exactly the declared fields: all present, nothing else. */
function exact(schema: Json): Json {
  const props = isObj(schema.properties) ? schema.properties : {};
  return { ...schema, required: Object.keys(props), additionalProperties: false };
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const FORMATS: Record<string, RegExp | true> = {
  // twilio-node parses each date family with exactly one pattern and keeps the raw string otherwise
  // (lib/base/deserialize.js: iso8601DateTime, rfc2822DateTime).
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
  'date-time-rfc-2822': new RegExp(
    `^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000$`,
  ),
  'http-method': /^(GET|POST|PUT|DELETE|HEAD|PATCH)$/,
  'phone-number': /^\+[1-9]\d{1,14}$/,
  'iso-country-code': /^[A-Z]{2}$/,
  currency: /^[A-Z]{3}$/,
  // Formats of objects (ajv applies formats to strings only) or free text.
  'uri-map': true,
  'phone-number-capabilities': true,
  endpoint: true,
  twiml: true,
};

let ajv: Ajv;
const specs = {} as Record<SpecName, Json>;

function specId(name: SpecName): string {
  return `https://twilio-oai.local/${SPEC_FILES[name]}`;
}

function loadSpecs(): void {
  if (!existsSync(SPEC_DIR)) {
    throw new Error(
      `Twilio OpenAPI specs not found at ${SPEC_DIR}: they are part of the repository (test/fixtures/twilio-oai).`,
    );
  }
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  for (const name of Object.keys(SPEC_FILES) as SpecName[]) {
    const file = resolve(SPEC_DIR, SPEC_FILES[name]);
    if (!existsSync(file)) throw new Error(`Twilio OpenAPI spec missing: ${file}`);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
    specs[name] = doc;
    const schemas = (doc.components as Json).schemas as Json;
    const converted = Object.fromEntries(
      Object.entries(schemas).map(([k, s]) => {
        const js = toJsonSchema(s, specId(name)) as Json;
        return [k, READ_RESOURCES.has(k) ? exact(relaxed(k, js)) : js];
      }),
    );
    ajv.addSchema({ $id: specId(name), components: { schemas: converted } });
  }
}

const validators = new Map<string, ValidateFunction>();

/** The spec's schema for this operation's answer; a status the spec does not declare fails the test. */
function validatorFor(spec: SpecName, path: string, method: 'get' | 'post', status: number): ValidateFunction {
  const key = `${spec} ${method} ${path} ${status}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const op = ((specs[spec].paths as Json)[path] as Json | undefined)?.[method] as Json | undefined;
  if (!op) throw new Error(`the ${spec} spec has no ${method.toUpperCase()} ${path}`);
  const response = (op.responses as Json)[String(status)] as Json | undefined;
  if (!response) throw new Error(`the ${spec} spec declares no ${status} for ${method.toUpperCase()} ${path}`);
  const schema = toJsonSchema(((response.content as Json)['application/json'] as Json).schema, specId(spec)) as Json;
  // Inline list envelopes: exactly the envelope keys, and exactly the meta keys for v1.
  const strict = schema.properties
    ? exact({
        ...schema,
        properties: Object.fromEntries(
          Object.entries(schema.properties as Json).map(([k, v]) => [k, k === 'meta' ? exact(v as Json) : v]),
        ),
      })
    : schema;
  const validate = ajv.compile(strict);
  validators.set(key, validate);
  return validate;
}

let fake: TwilioFake;
const S = scenario(crowded);
const ACC = `/2010-04-01/Accounts/${S.twilio.accountSid}`;
const ACC_T = '/2010-04-01/Accounts/{AccountSid}';

beforeAll(async () => {
  loadSpecs();
  fake = await startFake(S);
});
afterAll(async () => {
  await fake?.close();
});

async function expectShape(
  spec: SpecName,
  template: string,
  request: { path: string; init?: RequestInit },
  expectedStatus = 200,
): Promise<Json> {
  const res = await raw(fake, request.path, request.init, S);
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(expectedStatus);
  const method = (request.init?.method ?? 'GET').toLowerCase() as 'get' | 'post';
  const validate = validatorFor(spec, template, method, expectedStatus);
  const ok = validate(body);
  expect(ok ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n')).toEqual([]);
  return body;
}

describe('fake Twilio responses match the Twilio OpenAPI specs', () => {
  it('trunks: fetch, create and a paged list', async () => {
    await expectShape('trunking', '/v1/Trunks/{Sid}', { path: `/v1/Trunks/${TRUNK_SID}` });
    const list = await expectShape('trunking', '/v1/Trunks', { path: '/v1/Trunks?PageSize=2' });
    expect((list.meta as Json).next_page_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/Trunks\?/);
    await expectShape(
      'trunking',
      '/v1/Trunks',
      { path: '/v1/Trunks', init: form({ FriendlyName: 'New', DomainName: 'brand-new.pstn.twilio.com' }) },
      201,
    );
  });

  it('origination URLs: list, fetch and create', async () => {
    const t = '/v1/Trunks/{TrunkSid}/OriginationUrls';
    const list = await expectShape('trunking', t, { path: `/v1/Trunks/${TRUNK_SID}/OriginationUrls` });
    const sid = ((list.origination_urls as Json[])[0] as Json).sid as string;
    await expectShape('trunking', `${t}/{Sid}`, { path: `/v1/Trunks/${TRUNK_SID}/OriginationUrls/${sid}` });
    const body = { Weight: '10', Priority: '20', Enabled: 'true', FriendlyName: 'backup', SipUrl: 'sip:b.example.com' };
    await expectShape('trunking', t, { path: `/v1/Trunks/${TRUNK_SID}/OriginationUrls`, init: form(body) }, 201);
  });

  it('trunk IP ACL and credential-list associations: list and fetch', async () => {
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/IpAccessControlLists', {
      path: `/v1/Trunks/${TRUNK_SID}/IpAccessControlLists`,
    });
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/IpAccessControlLists/{Sid}', {
      path: `/v1/Trunks/${TRUNK_SID}/IpAccessControlLists/${ACL_SID}`,
    });
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/CredentialLists', {
      path: `/v1/Trunks/${TRUNK_SID}/CredentialLists`,
    });
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/CredentialLists/{Sid}', {
      path: `/v1/Trunks/${TRUNK_SID}/CredentialLists/${CL_SID}`,
    });
  });

  it('trunk phone numbers: list, fetch and attach', async () => {
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/PhoneNumbers', {
      path: `/v1/Trunks/${TRUNK_SID}/PhoneNumbers`,
    });
    await expectShape('trunking', '/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}', {
      path: `/v1/Trunks/${TRUNK_SID}/PhoneNumbers/${MAIN_NUMBER_SID}`,
    });
    await expectShape(
      'trunking',
      '/v1/Trunks/{TrunkSid}/PhoneNumbers',
      { path: `/v1/Trunks/${TRUNK_SID}/PhoneNumbers`, init: form({ PhoneNumberSid: SPARE_NUMBER_SID }) },
      201,
    );
  });

  it('SIP IP access control lists and IP addresses: list, fetch, a paged list and create', async () => {
    await expectShape('api', `${ACC_T}/SIP/IpAccessControlLists.json`, {
      path: `${ACC}/SIP/IpAccessControlLists.json`,
    });
    await expectShape('api', `${ACC_T}/SIP/IpAccessControlLists/{Sid}.json`, {
      path: `${ACC}/SIP/IpAccessControlLists/${ACL_SID}.json`,
    });
    const ips = `${ACC_T}/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json`;
    const list = await expectShape('api', ips, {
      path: `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json?PageSize=2`,
    });
    expect(list.next_page_uri).toMatch(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/SIP\/.*PageToken=/);
    const ipSid = ((list.ip_addresses as Json[])[0] as Json).sid as string;
    await expectShape('api', `${ACC_T}/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses/{Sid}.json`, {
      path: `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses/${ipSid}.json`,
    });
    const created = await expectShape(
      'api',
      ips,
      {
        path: `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json`,
        init: form({ FriendlyName: 'range', IpAddress: '52.129.96.0', CidrPrefixLength: '20' }),
      },
      201,
    );
    expect(created.cidr_prefix_length).toBe(20);
  });

  it('SIP credential lists and credentials: list, fetch and create, never with a password', async () => {
    await expectShape('api', `${ACC_T}/SIP/CredentialLists.json`, { path: `${ACC}/SIP/CredentialLists.json` });
    await expectShape('api', `${ACC_T}/SIP/CredentialLists/{Sid}.json`, {
      path: `${ACC}/SIP/CredentialLists/${CL_SID}.json`,
    });
    const creds = `${ACC_T}/SIP/CredentialLists/{CredentialListSid}/Credentials.json`;
    const list = await expectShape('api', creds, { path: `${ACC}/SIP/CredentialLists/${CL_SID}/Credentials.json` });
    const crSid = ((list.credentials as Json[])[0] as Json).sid as string;
    await expectShape('api', `${ACC_T}/SIP/CredentialLists/{CredentialListSid}/Credentials/{Sid}.json`, {
      path: `${ACC}/SIP/CredentialLists/${CL_SID}/Credentials/${crSid}.json`,
    });
    const created = await expectShape(
      'api',
      creds,
      {
        path: `${ACC}/SIP/CredentialLists/${CL_SID}/Credentials.json`,
        init: form({ Username: 'second', Password: 'SecondPassword2026' }),
      },
      201,
    );
    expect(JSON.stringify(created)).not.toContain('SecondPassword2026');
  });

  it('incoming phone numbers: a filtered paged list, fetch and a TrunkSid update', async () => {
    const list = await expectShape('api', `${ACC_T}/IncomingPhoneNumbers.json`, {
      path: `${ACC}/IncomingPhoneNumbers.json?PhoneNumber=%2B3312345&PageSize=1`,
    });
    expect(list.next_page_uri).toContain('PhoneNumber=%2B3312345');
    await expectShape('api', `${ACC_T}/IncomingPhoneNumbers/{Sid}.json`, {
      path: `${ACC}/IncomingPhoneNumbers/${MAIN_NUMBER_SID}.json`,
    });
    await expectShape('api', `${ACC_T}/IncomingPhoneNumbers/{Sid}.json`, {
      path: `${ACC}/IncomingPhoneNumbers/${SPARE_NUMBER_SID}.json`,
      init: form({ TrunkSid: TRUNK_SID }),
    });
  });

  it('calls: a paged list and fetch', async () => {
    const list = await expectShape('api', `${ACC_T}/Calls.json`, { path: `${ACC}/Calls.json?PageSize=1` });
    expect(list.next_page_uri).not.toBeNull();
    await expectShape('api', `${ACC_T}/Calls/{Sid}.json`, {
      path: `${ACC}/Calls/CA0123456789abcdef0123456789abc001.json`,
    });
  });

  it('alerts: list and fetch', async () => {
    await expectShape('monitor', '/v1/Alerts', { path: '/v1/Alerts?LogLevel=warning' });
    await expectShape('monitor', '/v1/Alerts/{Sid}', { path: '/v1/Alerts/NO0123456789abcdef0123456789abc001' });
  });

  it('Monitor Events: every write leaves one, listed newest first and fetched by sid', async () => {
    await raw(
      fake,
      `${ACC}/IncomingPhoneNumbers/${MAIN_NUMBER_SID}.json`,
      form({ FriendlyName: 'Paris main line' }),
      S,
    );
    const list = await expectShape('monitor', '/v1/Events', { path: `/v1/Events?ResourceSid=${MAIN_NUMBER_SID}` });
    const event = (list.events as Json[])[0] as Json;
    expect(event).toMatchObject({ event_type: 'phone-number.updated', actor_type: 'account', source: 'api' });
    expect((event.event_data as Json).resource_properties).toMatchObject({
      friendly_name: { updated: 'Paris main line' },
    });
    await expectShape('monitor', '/v1/Events/{Sid}', { path: `/v1/Events/${event.sid as string}` });
  });

  it('Voice Insights: one call summary and the summaries list', async () => {
    await expectShape('insights', '/v1/Voice/{CallSid}/Summary', {
      path: '/v1/Voice/CA0123456789abcdef0123456789abc001/Summary',
    });
    await expectShape('insights', '/v1/Voice/{CallSid}/Summary', {
      path: '/v1/Voice/CA0123456789abcdef0123456789abc002/Summary?ProcessingState=partial',
    });
    const list = await expectShape('insights', '/v1/Voice/Summaries', {
      path: '/v1/Voice/Summaries?ProcessingState=all&PageSize=1',
    });
    expect((list.call_summaries as Json[]).length).toBe(1);
  });

  it('the check bites: a misspelled, a missing or a badly dated field fails validation', () => {
    const validate = validatorFor('trunking', '/v1/Trunks/{Sid}', 'get', 200);
    const trunk = fake.state.trunks[0]!;
    const body = {
      sid: trunk.sid,
      account_sid: S.twilio.accountSid,
      domain_name: trunk.domainName,
      disaster_recovery_method: null,
      disaster_recovery_url: null,
      friendly_name: trunk.friendlyName,
      secure: false,
      recording: { mode: 'do-not-record', trim: 'do-not-trim' },
      transfer_mode: 'disable-all',
      transfer_caller_id: 'from-transferee',
      cnam_lookup_enabled: false,
      auth_type: '',
      auth_type_set: [],
      symmetric_rtp_enabled: false,
      date_created: '2026-01-02T03:04:05Z',
      date_updated: '2026-01-02T03:04:05Z',
      url: `${fake.url}/v1/Trunks/${trunk.sid}`,
      links: {},
    };
    expect(validate(body)).toBe(true);
    const { domain_name, ...missing } = body;
    expect(validate({ ...missing, domainName: domain_name })).toBe(false);
    expect(validate(missing)).toBe(false);
    expect(validate({ ...body, date_created: '2026-01-02T03:04:05.000Z' })).toBe(false);
    expect(validate({ ...body, transfer_mode: 'all' })).toBe(false);
  });
});

/**
 * Twilio's OpenAPI files declare only the successful answers. An error answer has one documented shape for every
 * REST API ("Twilio's response" > exceptions, https://www.twilio.com/docs/usage/twilios-response): `code` (the
 * Twilio error number), `message`, `more_info` (the error's page) and `status` (the HTTP status again); a 429 is
 * error 20429 (https://www.twilio.com/docs/api/errors/20429) and the fake says when to come back in Retry-After.
 */
const TWILIO_ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer', minimum: 10000, maximum: 99999 },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d+$' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
  },
};

describe('fake Twilio error answers have Twilio’s exception shape', () => {
  let validateError: ValidateFunction;
  beforeAll(() => {
    validateError = ajv.compile(TWILIO_ERROR_SCHEMA);
  });

  async function expectError(res: Response, status: number): Promise<Json> {
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(status);
    const ok = validateError(body);
    expect(ok ? [] : ajv.errorsText(validateError.errors, { separator: '\n' }).split('\n')).toEqual([]);
    expect(body.status).toBe(status);
    return body;
  }

  it('404 for a trunk that does not exist, 400 for an address that is not one, 401 for a wrong token', async () => {
    await expectError(await raw(fake, '/v1/Trunks/TK00000000000000000000000000000000', {}, S), 404);
    const bad = await expectError(
      await raw(
        fake,
        `${ACC}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json`,
        form({ FriendlyName: 'nonsense', IpAddress: '999.1.2.3' }),
        S,
      ),
      400,
    );
    expect(String(bad.more_info)).toContain(String(bad.code));
    const wrongToken = await fetch(`${fake.url}/v1/Trunks`, {
      headers: { authorization: `Basic ${Buffer.from(`${S.twilio.accountSid}:not-the-token`).toString('base64')}` },
    });
    await expectError(wrongToken, 401);
  });

  it('429 with Retry-After, as error 20429', async () => {
    fake.setFaults({ twilio429Burst: 1, retryAfterSeconds: 3 });
    const res = await raw(fake, '/v1/Trunks', {}, S);
    expect(res.headers.get('retry-after')).toBe('3');
    const body = await expectError(res, 429);
    expect(body.code).toBe(20429);
    fake.setFaults({ twilio429Burst: 0, retryAfterSeconds: 1 });
  });

  it('the check bites: a renamed or an extra field fails', () => {
    const good = {
      code: 20404,
      message: 'not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    };
    expect(validateError(good)).toBe(true);
    const { more_info, ...renamed } = good;
    expect(validateError({ ...renamed, moreInfo: more_info })).toBe(false);
    expect(validateError({ ...good, detail: 'x' })).toBe(false);
  });
});

describe('the spec files', () => {
  it('live in the repository with the license they are published under and the commit they were taken from', () => {
    expect(readFileSync(resolve(SPEC_DIR, 'LICENSE'), 'utf8')).toMatch(/^MIT License[\s\S]*Twilio, Inc\./);
    expect(readFileSync(resolve(SPEC_DIR, 'SOURCE'), 'utf8')).toMatch(/twilio-oai[\s\S]*commit [0-9a-f]{40}/);
  });
});
