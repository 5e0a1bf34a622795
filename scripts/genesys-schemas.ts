/**
 * Regenerates test/fixtures/genesys-schemas.json: JSON schemas of the Platform API models the fake Genesys serves,
 * generated from the `Models` namespace of the installed purecloud-platform-client-v2 typings with
 * ts-json-schema-generator (no extra properties allowed, so a field the SDK does not know fails the check), with
 * the enums the typings leave out (`GENESYS_SCHEMA_ENUMS`).
 *
 *   npm run schemas:genesys
 *
 * Run it after upgrading the SDK; test/sandbox/genesys-schemas.test.ts fails while the fixture's SDK version
 * differs from the installed one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

/** Every model a fake Genesys answer is (listings, entities, bare arrays' items, the error body). */
export const GENESYS_SCHEMA_MODELS = [
  'ErrorBody',
  'OrganizationProductEntityListing',
  'LocationEntityListing',
  'LocationDefinition',
  'SiteEntityListing',
  'Site',
  'NumberPlan',
  'OutboundRouteBaseEntityListing',
  'OutboundRouteBase',
  'EdgeGroupEntityListing',
  'EdgeGroup',
  'EdgeEntityListing',
  'Edge',
  'TrunkBaseEntityListing',
  'TrunkBase',
  'TrunkEntityListing',
  'Trunk',
  'TrunkMetrics',
  'DIDPoolEntityListing',
  'DIDPool',
  'DIDNumberEntityListing',
  'DIDEntityListing',
  'DID',
  'UserEntityListing',
  'User',
  'IVREntityListing',
  'IVR',
] as const;

/**
 * The enums of the fields the bot decides on. The TypeScript typings declare them as plain `string`; the SDKs
 * generated from the same API definition in languages with enums keep them. Values from the Python SDK's models
 * (`allowed_values` in build/PureCloudPlatformClientV2/models/<model>.py of
 * https://github.com/MyPureCloud/platform-client-sdk-python, release 257.1.0).
 */
const ENTITY_STATE = ['active', 'inactive', 'deleted'];
export const GENESYS_SCHEMA_ENUMS: Record<string, Record<string, string[]>> = {
  TrunkBase: { state: ENTITY_STATE, trunkType: ['EXTERNAL', 'PHONE', 'EDGE'] },
  Trunk: {
    state: ENTITY_STATE,
    trunkType: ['EXTERNAL', 'PHONE', 'EDGE'],
    optionsEnabledStatus: ['ENABLED', 'DISABLED', 'NOT_SUPPORTED'],
    registersEnabledStatus: ['ENABLED', 'DISABLED', 'NOT_SUPPORTED'],
  },
  Edge: {
    state: ENTITY_STATE,
    onlineStatus: ['ONLINE', 'OFFLINE'],
    statusCode: [
      'NEW',
      'AWAITING_CONNECTION',
      'AWAITING_FINGERPRINT',
      'AWAITING_FINGERPRINT_VERIFICATION',
      'FINGERPRINT_VERIFIED',
      'AWAITING_BOOTSTRAP',
      'ACTIVE',
      'INACTIVE',
      'RMA',
      'UNPAIRING',
      'UNPAIRED',
      'INITIALIZING',
    ],
  },
  EdgeGroup: { state: ENTITY_STATE },
  Site: { state: ENTITY_STATE, mediaModel: ['Premises', 'Cloud'] },
  DIDPool: { state: ENTITY_STATE, provider: ['PURE_CLOUD', 'PURE_CLOUD_VOICE'] },
  DID: { state: ENTITY_STATE, ownerType: ['USER', 'PHONE', 'IVR_CONFIG', 'GROUP'] },
  DIDNumber: { ownerType: ['USER', 'PHONE', 'IVR_CONFIG', 'GROUP'] },
  NumberPlan: { state: ENTITY_STATE },
  OutboundRouteBase: { state: ENTITY_STATE, distribution: ['SEQUENTIAL', 'RANDOM'] },
  LocationDefinition: { state: ['active', 'deleted'] },
  IVR: { state: ENTITY_STATE },
  User: { state: ENTITY_STATE },
};

/** Adds the enums above to the generated definitions; a field that is not a string there is a mistake here. */
function withEnums(definitions: Record<string, unknown>): void {
  for (const [model, fields] of Object.entries(GENESYS_SCHEMA_ENUMS)) {
    const properties = (definitions[model] as { properties?: Record<string, { type?: string; enum?: string[] }> })
      ?.properties;
    for (const [field, values] of Object.entries(fields)) {
      const schema = properties?.[field];
      if (schema?.type !== 'string') throw new Error(`${model}.${field} is not a string field of the SDK typings`);
      schema.enum = values;
    }
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GENESYS_SCHEMAS_FILE = join(ROOT, 'test', 'fixtures', 'genesys-schemas.json');

function main(): void {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('purecloud-platform-client-v2/package.json');
  const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
  const typings = readFileSync(join(dirname(pkgFile), 'index.d.ts'), 'utf8');
  // The models are one ambient namespace; its body, as a module of top-level interfaces (`Models.X` -> `X`), is
  // what the generator can walk.
  const header = 'declare namespace Models {';
  const start = typings.indexOf(header);
  const end = typings.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no "declare namespace Models" in the SDK typings');
  const body = typings.slice(start + header.length, end).replace(/\bModels\./g, '');
  const dir = mkdtempSync(join(tmpdir(), 'genesys-models-'));
  try {
    const file = join(dir, 'models.ts');
    writeFileSync(file, body);
    const definitions: Record<string, unknown> = {};
    for (const model of GENESYS_SCHEMA_MODELS) {
      // One generator per model: a generator reused across models loses definitions it already emitted.
      const generator = createGenerator({
        path: file,
        skipTypeCheck: true,
        additionalProperties: false,
        expose: 'export',
        topRef: true,
        jsDoc: 'none',
      });
      const schema = generator.createSchema(model) as { definitions?: Record<string, unknown> };
      Object.assign(definitions, schema.definitions ?? {});
    }
    withEnums(definitions);
    const out = {
      $comment: `Generated by scripts/genesys-schemas.ts from purecloud-platform-client-v2 ${version} (index.d.ts, namespace Models). Do not edit.`,
      sdkVersion: version,
      models: GENESYS_SCHEMA_MODELS,
      definitions,
    };
    writeFileSync(GENESYS_SCHEMAS_FILE, `${JSON.stringify(out, null, 1)}\n`);
    process.stdout.write(`wrote ${GENESYS_SCHEMAS_FILE}: ${Object.keys(definitions).length} definitions\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
