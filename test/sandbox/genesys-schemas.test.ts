/**
 * Keeps the fake Genesys honest: every answer it serves for the endpoints the bot reads, in every bundled
 * scenario, and its error bodies, are checked against JSON schemas generated from the purecloud-platform-client-v2
 * model typings (test/fixtures/genesys-schemas.json, made by scripts/genesys-schemas.ts): no field the SDK does not
 * know, the types it declares, and the enums of the fields the bot decides on. The Genesys counterpart of the Twilio
 * OpenAPI check.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESYS_SCHEMA_ENUMS } from '../../scripts/genesys-schemas.js';
import { type GenesysFake, startGenesysFake } from '../../src/sandbox/genesys/index.js';
import { bundledScenarios, loadScenario } from '../../src/sandbox/scenario.js';
import { clientCredentialsToken } from '../support/genesys-token.js';

const FIXTURE = new URL('../fixtures/genesys-schemas.json', import.meta.url);
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  sdkVersion: string;
  models: string[];
  definitions: Record<string, unknown>;
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ $id: 'genesys', definitions: fixture.definitions });
const validators = new Map<string, ValidateFunction>();
function validatorFor(model: string): ValidateFunction {
  let v = validators.get(model);
  if (!v) {
    v = ajv.compile({ $ref: `genesys#/definitions/${encodeURIComponent(model)}` });
    validators.set(model, v);
  }
  return v;
}

const EDGES = '/api/v2/telephony/providers/edges';

class Crawler {
  readonly problems: string[] = [];
  checked = 0;
  constructor(
    private readonly fake: GenesysFake,
    private readonly token: string,
  ) {}

  async get(path: string, model: string, opts: { array?: boolean; status?: number } = {}): Promise<unknown> {
    const res = await fetch(`${this.fake.url}${path}`, { headers: { Authorization: `Bearer ${this.token}` } });
    const body = (await res.json()) as unknown;
    if (res.status !== (opts.status ?? 200)) {
      this.problems.push(`${path}: HTTP ${res.status}`);
      return body;
    }
    this.check(path, model, body, opts.array);
    return body;
  }

  check(what: string, model: string, body: unknown, array = false): void {
    const validate = validatorFor(model);
    for (const item of array ? (body as unknown[]) : [body]) {
      this.checked++;
      if (validate(item)) continue;
      const errors = (validate.errors ?? []).filter((e) => !forgiven(model, e));
      if (errors.length) {
        this.problems.push(`${what} (${model}): ${ajv.errorsText(errors, { separator: '; ' })}`.slice(0, 600));
      }
    }
  }
}

/**
 * Where the SDK typing is stricter than the wire, on purpose and said here: an edge's `edgeGroup` and `site` are
 * entity references (id, name, selfUri) in Genesys' answers, although the typings declare the full models. Only a
 * missing required property at exactly those places is forgiven; an unknown field or a wrong type there still fails.
 */
const REFERENCE_NOT_MODEL = /^(\/entities\/\d+)?\/(edgeGroup|site)$/;
function forgiven(model: string, e: { keyword: string; instancePath: string }): boolean {
  return (
    (model === 'Edge' || model === 'EdgeEntityListing') &&
    e.keyword === 'required' &&
    REFERENCE_NOT_MODEL.test(e.instancePath)
  );
}

const ids = (listing: unknown) => ((listing as { entities?: { id?: string }[] }).entities ?? []).map((e) => e.id!);

async function login(fake: GenesysFake): Promise<string> {
  return clientCredentialsToken(fake.url, fake.scenario.genesys.credentials);
}

/** Every read endpoint the bot uses, following the ids each listing gives. */
async function crawl(c: Crawler): Promise<void> {
  await c.get('/api/v2/authorization/products', 'OrganizationProductEntityListing');
  for (const id of ids(await c.get('/api/v2/locations', 'LocationEntityListing'))) {
    await c.get(`/api/v2/locations/${id}`, 'LocationDefinition');
  }
  for (const id of ids(await c.get(`${EDGES}/sites`, 'SiteEntityListing'))) {
    await c.get(`${EDGES}/sites/${id}`, 'Site');
    const plans = (await c.get(`${EDGES}/sites/${id}/numberplans`, 'NumberPlan', { array: true })) as { id: string }[];
    for (const p of plans) await c.get(`${EDGES}/sites/${id}/numberplans/${p.id}`, 'NumberPlan');
    for (const r of ids(await c.get(`${EDGES}/sites/${id}/outboundroutes`, 'OutboundRouteBaseEntityListing'))) {
      await c.get(`${EDGES}/sites/${id}/outboundroutes/${r}`, 'OutboundRouteBase');
    }
  }
  for (const id of ids(await c.get(`${EDGES}/edgegroups`, 'EdgeGroupEntityListing'))) {
    await c.get(`${EDGES}/edgegroups/${id}`, 'EdgeGroup');
  }
  for (const id of ids(await c.get(EDGES, 'EdgeEntityListing'))) await c.get(`${EDGES}/${id}`, 'Edge');
  for (const id of ids(await c.get(`${EDGES}/trunkbasesettings`, 'TrunkBaseEntityListing'))) {
    await c.get(`${EDGES}/trunkbasesettings/${id}`, 'TrunkBase');
  }
  await c.get(`${EDGES}/trunkbasesettings/template?trunkMetabaseId=external_sip_pcv_byoc_carrier.json`, 'TrunkBase');
  const trunkIds = ids(await c.get(`${EDGES}/trunks?trunkType=EXTERNAL`, 'TrunkEntityListing'));
  for (const id of trunkIds) {
    await c.get(`${EDGES}/trunks/${id}`, 'Trunk');
    await c.get(`${EDGES}/trunks/${id}/metrics`, 'TrunkMetrics');
  }
  if (trunkIds.length)
    await c.get(`${EDGES}/trunks/metrics?trunkIds=${trunkIds.join(',')}`, 'TrunkMetrics', { array: true });
  for (const id of ids(await c.get(`${EDGES}/didpools`, 'DIDPoolEntityListing'))) {
    await c.get(`${EDGES}/didpools/${id}`, 'DIDPool');
  }
  await c.get(`${EDGES}/didpools/dids?type=ASSIGNED_AND_UNASSIGNED`, 'DIDNumberEntityListing');
  await c.get(`${EDGES}/didpools/dids?type=UNASSIGNED`, 'DIDNumberEntityListing');
  for (const id of ids(await c.get(`${EDGES}/dids`, 'DIDEntityListing'))) await c.get(`${EDGES}/dids/${id}`, 'DID');
  for (const id of ids(await c.get('/api/v2/users', 'UserEntityListing'))) await c.get(`/api/v2/users/${id}`, 'User');
  for (const id of ids(await c.get('/api/v2/architect/ivrs', 'IVREntityListing'))) {
    await c.get(`/api/v2/architect/ivrs/${id}`, 'IVR');
  }
}

describe('the schemas', () => {
  it('were generated from the installed SDK version (run scripts/genesys-schemas.ts after an upgrade)', () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve('purecloud-platform-client-v2/package.json'), 'utf8')) as {
      version: string;
    };
    expect(fixture.sdkVersion).toBe(pkg.version);
  });

  it('refuse a field the SDK does not know and a wrong type', () => {
    const validate = validatorFor('TrunkBase');
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'EXTERNAL' })).toBe(true);
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'EXTERNAL', inService: true })).toBe(false);
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'EXTERNAL', version: '2' })).toBe(false);
  });

  it('carry the enums scripts/genesys-schemas.ts adds (regenerate after changing them)', () => {
    for (const [model, fields] of Object.entries(GENESYS_SCHEMA_ENUMS)) {
      const properties = (fixture.definitions[model] as { properties: Record<string, { enum?: string[] }> }).properties;
      for (const [field, values] of Object.entries(fields))
        expect(properties[field]?.enum, `${model}.${field}`).toEqual(values);
    }
  });

  it('refuse a value outside the enums of the API definition (which the typings declare as plain strings)', () => {
    const validate = validatorFor('TrunkBase');
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'EXTERNAL', state: 'deleted' })).toBe(true);
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'EXTERNAL', state: 'removed' })).toBe(false);
    expect(validate({ name: 'x', trunkMetabase: { id: 'm' }, trunkType: 'external' })).toBe(false);
    for (const [model, body, field, good, bad] of [
      ['DID', { name: '+33123456789' }, 'ownerType', 'IVR_CONFIG', 'IVR'],
      ['Edge', { name: 'e' }, 'onlineStatus', 'ONLINE', 'UP'],
      [
        'DIDPool',
        { name: 'p', startPhoneNumber: '+33123456789', endPhoneNumber: '+33123456789' },
        'provider',
        'PURE_CLOUD',
        'BYOC',
      ],
    ] as const) {
      expect(validatorFor(model)({ ...body, [field]: good }), `${model}.${field}`).toBe(true);
      expect(validatorFor(model)({ ...body, [field]: bad }), `${model}.${field}`).toBe(false);
    }
  });
});

describe.each(bundledScenarios().map((s) => s.name))('every answer of the fake Genesys in %s', (name) => {
  let fake: GenesysFake;
  beforeAll(async () => {
    fake = await startGenesysFake(loadScenario(name));
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('matches the SDK model it is read as', async () => {
    const c = new Crawler(fake, await login(fake));
    await crawl(c);
    expect(c.problems).toEqual([]);
    expect(c.checked).toBeGreaterThan(20);
  });
});

describe('error answers of the fake Genesys', () => {
  let fake: GenesysFake;
  beforeAll(async () => {
    fake = await startGenesysFake(loadScenario('default'));
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('404, 400 (a stale version, both forms), 401 and 429 are ErrorBody', async () => {
    const c = new Crawler(fake, await login(fake));
    await c.get(`${EDGES}/trunkbasesettings/no-such-id`, 'ErrorBody', { status: 404 });
    await c.get(`${EDGES}/didpools/dids?type=NOPE`, 'ErrorBody', { status: 400 });
    const trunkBaseId = fake.scenario.genesys.trunkBases[0]!.id;
    for (const status of [409, 400] as const) {
      fake.setFaults({ versionConflictStatus: status });
      const res = await fetch(`${fake.url}${EDGES}/trunkbasesettings/${trunkBaseId}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${await login(fake)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Twilio', version: 999 }),
      });
      expect(res.status).toBe(status);
      c.check(`stale PUT (${status})`, 'ErrorBody', await res.json());
    }
    const noToken = await fetch(`${fake.url}/api/v2/locations`);
    c.check('no token (401)', 'ErrorBody', await noToken.json());
    const token = await login(fake);
    fake.setFaults({ genesys429Burst: 1 });
    const limited = await fetch(`${fake.url}/api/v2/locations`, { headers: { Authorization: `Bearer ${token}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    c.check('rate limited (429)', 'ErrorBody', await limited.json());
    expect(c.problems).toEqual([]);
  });
});
