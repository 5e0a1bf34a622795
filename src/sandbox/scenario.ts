/**
 * A sandbox scenario: one Genesys Cloud org and one Twilio account, as YAML a person can read and edit.
 *
 * A scenario may `extends:` another file (relative to itself, or a bundled name such as `default`) and then
 * change it with `set:` / `remove:` / `append:`, whose keys are paths like
 * `genesys.trunkBases[name=Twilio].properties.trunk_enabled`. That keeps each broken scenario down to the one
 * mistake it is about. Objects refer to each other by name (a route lists trunk base names), as people do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodedError, ERROR_CODES, hasCode } from '../coded-error.js';
import { suggest } from '../router/did-you-mean.js';

export const BUNDLED_SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

const numberPlanSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  classification: z.string(),
  matchType: z.enum(['numberList', 'e164NumberList', 'digitLength', 'intraCountryCode', 'interCountryCode', 'regex']),
  match: z.string().optional(),
  normalizedFormat: z.string().optional(),
  numbers: z.array(z.union([z.string(), z.object({ start: z.string(), end: z.string().optional() })])).default([]),
  digitLength: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
  priority: z.number().int(),
});

const outboundRouteSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  classificationTypes: z.array(z.string()),
  enabled: z.boolean().default(true),
  distribution: z.enum(['SEQUENTIAL', 'RANDOM']).default('SEQUENTIAL'),
  /** Trunk base names, in order. */
  externalTrunkBases: z.array(z.string()),
});

/**
 * Telephony objects can stay listed after a delete, with `state: deleted` (docs/vendor-facts.md, "Deleted objects
 * are still listed"); a scenario can hold such leftovers to check that nothing counts them.
 */
const stateSchema = z.enum(['active', 'inactive', 'deleted']).optional();

const errorInfoSchema = z.object({ text: z.string(), code: z.string().optional() });

export const genesysScenarioSchema = z.object({
  /** An SDK region key (`eu_west_1`) or a domain (`mypurecloud.ie`). */
  region: z.string(),
  orgName: z.string().default('Sandbox Org'),
  credentials: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  tokenExpiresIn: z.number().int().positive().default(86400),
  rateLimitPerMinute: z.number().int().positive().default(300),
  products: z.array(z.string()),
  locations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.object({
        street1: z.string().optional(),
        city: z.string().optional(),
        zipcode: z.string().optional(),
        country: z.string().length(2),
        countryName: z.string().optional(),
      }),
      addressVerified: z.boolean().default(true),
      emergencyNumber: z
        .object({ e164: z.string().optional(), number: z.string().optional(), type: z.string().optional() })
        .optional(),
    }),
  ),
  edgeGroups: z.array(z.object({ id: z.string(), name: z.string(), managed: z.boolean().default(true) })),
  sites: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      managed: z.boolean().default(false),
      state: stateSchema,
      mediaModel: z.enum(['Cloud', 'Premises']).default('Cloud'),
      /** Location name. */
      location: z.string(),
      primarySites: z.array(z.string()).default([]),
      secondarySites: z.array(z.string()).default([]),
      numberPlans: z.array(numberPlanSchema).default([]),
      outboundRoutes: z.array(outboundRouteSchema).default([]),
    }),
  ),
  edges: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      edgeGroup: z.string(),
      site: z.string(),
      managed: z.boolean().default(true),
      state: stateSchema,
      onlineStatus: z.enum(['ONLINE', 'OFFLINE']).default('ONLINE'),
      statusCode: z.string().default('ACTIVE'),
    }),
  ),
  trunkBases: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      metabase: z.string(),
      trunkType: z.enum(['EXTERNAL', 'PHONE', 'EDGE']).default('EXTERNAL'),
      managed: z.boolean().default(false),
      state: stateSchema,
      /** Site names. */
      inboundSite: z.string().optional(),
      site: z.string().optional(),
      /** Property key -> instance value; the fake wraps each in `{type, value:{default, instance}}`. */
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
  trunkMetrics: z
    .array(
      z.object({
        trunkBase: z.string(),
        inboundCallCount: z.number().int().nonnegative(),
        outboundCallCount: z.number().int().nonnegative(),
      }),
    )
    .default([]),
  didPools: z.array(
    z.object({
      id: z.string(),
      startPhoneNumber: z.string(),
      endPhoneNumber: z.string(),
      description: z.string().optional(),
      provider: z.enum(['PURE_CLOUD', 'PURE_CLOUD_VOICE']).default('PURE_CLOUD'),
      state: stateSchema,
    }),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      /** E.164 numbers already on the user as WORK phone addresses. */
      addresses: z.array(z.string()).default([]),
    }),
  ),
  ivrs: z.array(z.object({ id: z.string(), name: z.string(), dnis: z.array(z.string()).default([]) })),
  /**
   * Voice conversations on the BYOC trunk's edges, as the analytics conversation details query returns them
   * (`POST /api/v2/analytics/conversations/details/query`): the trunk-side session with its SIP response codes.
   */
  conversations: z
    .array(
      z.object({
        id: z.string(),
        startMinutesAgo: z.number().nonnegative(),
        durationSeconds: z.number().int().nonnegative().default(0),
        /** `inbound`: PSTN -> Twilio -> Genesys; `outbound`: Genesys -> Twilio -> PSTN. */
        direction: z.enum(['inbound', 'outbound']),
        /** E.164 numbers; the fake writes them with Genesys' `tel:` scheme. */
        ani: z.string(),
        dnis: z.string(),
        /** Edge name; default: the first edge of the trunk base's instances. */
        edge: z.string().optional(),
        trunkBase: z.string(),
        sipResponseCodes: z.array(z.number().int()).default([]),
        errorCode: z.string().optional(),
        disconnectType: z.string().default('endpoint'),
        /** The SIP Call-ID; the same value as the Twilio call's `sipCallId` ties the two records together. */
        protocolCallId: z.string().optional(),
      }),
    )
    .default([]),
});

const twilioScenarioSchema = z.object({
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'an account sid: AC followed by 32 hex digits'),
  authToken: z.string().min(1),
  /** API keys (SK…) that authenticate like the auth token. */
  apiKeys: z
    .array(
      z.object({
        sid: z.string().regex(/^SK[0-9a-f]{32}$/, 'an API key sid: SK followed by 32 hex digits'),
        secret: z.string().min(1),
        friendlyName: z.string().default(''),
      }),
    )
    .default([]),
  ipAccessControlLists: z.array(
    z.object({
      sid: z.string().optional(),
      friendlyName: z.string(),
      ipAddresses: z.array(
        z.object({
          friendlyName: z.string(),
          ipAddress: z.string(),
          cidrPrefixLength: z.number().int().min(0).max(32).default(32),
        }),
      ),
    }),
  ),
  credentialLists: z.array(
    z.object({
      sid: z.string().optional(),
      friendlyName: z.string(),
      credentials: z.array(z.object({ username: z.string(), password: z.string() })),
    }),
  ),
  incomingPhoneNumbers: z.array(
    z.object({ sid: z.string().optional(), phoneNumber: z.string(), friendlyName: z.string().default('') }),
  ),
  trunks: z.array(
    z.object({
      sid: z.string().optional(),
      friendlyName: z.string(),
      domainName: z.string().nullable(),
      secure: z.boolean().default(false),
      /** Names of account-level lists attached to the trunk. */
      ipAccessControlLists: z.array(z.string()).default([]),
      credentialLists: z.array(z.string()).default([]),
      /** E.164 numbers of incomingPhoneNumbers put on the trunk. */
      phoneNumbers: z.array(z.string()).default([]),
      originationUrls: z
        .array(
          z.object({
            friendlyName: z.string(),
            sipUrl: z.string(),
            priority: z.number().int().default(10),
            weight: z.number().int().default(10),
            enabled: z.boolean().default(true),
          }),
        )
        .default([]),
    }),
  ),
  calls: z
    .array(
      z.object({
        sid: z.string(),
        from: z.string(),
        to: z.string(),
        status: z.enum(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
        direction: z.string(),
        /** Trunk friendly name, or absent for a call that used no trunk. */
        trunk: z.string().optional(),
        startMinutesAgo: z.number().nonnegative(),
        duration: z.number().int().nonnegative().default(0),
        /** The final SIP response in the call's Voice Insights summary; default: the usual one for the status. */
        sipResponseCode: z.number().int().min(100).max(699).optional(),
        /** The SIP Call-ID on Twilio's SIP edge (the Call-ID of the INVITE between Twilio and Genesys). */
        sipCallId: z.string().optional(),
        disconnectedBy: z.enum(['caller', 'callee']).optional(),
      }),
    )
    .default([]),
  alerts: z
    .array(
      z.object({
        sid: z.string(),
        errorCode: z.string(),
        logLevel: z.enum(['error', 'warning', 'notice', 'debug']),
        alertText: z.string(),
        resourceSid: z.string().optional(),
        /** A trunk friendly name: the alert is about that trunk (its sid becomes the resource sid). */
        trunk: z.string().optional(),
        minutesAgo: z.number().nonnegative(),
      }),
    )
    .default([]),
});

export const faultsSchema = z.object({
  /** Added to every request of both fakes. */
  latencyMs: z.number().int().nonnegative().default(0),
  /** Answer this many next requests with 429 (per vendor). */
  genesys429Burst: z.number().int().nonnegative().default(0),
  twilio429Burst: z.number().int().nonnegative().default(0),
  /** Seconds the fakes put in Retry-After. */
  retryAfterSeconds: z.number().int().nonnegative().default(1),
  /** Fraction 0..1 of requests answered with a 5xx. */
  genesys5xxRate: z.number().min(0).max(1).default(0),
  twilio5xxRate: z.number().min(0).max(1).default(0),
  /** A vendor that accepts connections and never answers. */
  genesysDown: z.boolean().default(false),
  twilioDown: z.boolean().default(false),
  /**
   * How the fake Genesys refuses a stale `version`: 409, or 400 with "does not match the current version" in the
   * message. Genesys answers both ways (docs/vendor-facts.md, "Version conflicts").
   */
  versionConflictStatus: z.union([z.literal(409), z.literal(400)]).default(409),
  /** Trunk instances disconnected on one edge. */
  disconnected: z.array(z.object({ trunkBase: z.string(), edge: z.string(), errorInfo: errorInfoSchema })).default([]),
  /** Edges (by name) reported OFFLINE; every trunk instance on them is disconnected. */
  edgesOffline: z.array(z.string()).default([]),
  /** Notification sockets are cut and new ones refused (503) while true; events meanwhile are lost. */
  notificationsDown: z.boolean().default(false),
  /** One-shot: set to true, every notification socket gets `v2.system.socket_closing` and is closed soon after. */
  socketClosing: z.boolean().default(false),
  /**
   * Topics the notifications service will not subscribe (each entry is matched as a part of the topic name, e.g.
   * `.metrics`): subscribing leaves them out of the subscriptions it answers with, as for a client lacking the
   * permission they need.
   */
  refusedTopics: z.array(z.string()).default([]),
});

export const scenarioSchema = z.object({
  name: z.string(),
  description: z.string().default(''),
  genesys: genesysScenarioSchema,
  twilio: twilioScenarioSchema,
  faults: faultsSchema.default(faultsSchema.parse({})),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type GenesysScenario = Scenario['genesys'];
export type TwilioScenario = Scenario['twilio'];
export type Faults = Scenario['faults'];

/** A scenario that cannot be loaded: which file, where in it, and what was expected there. */
export type ScenarioError = CodedError<{ file: string; path: string; expected: string }>;

function scenarioError(file: string, path: string, expected: string): ScenarioError {
  return new CodedError({
    code: ERROR_CODES.scenario,
    message: `${file}: at ${path || '(top)'}: ${expected}`,
    retryable: false,
    details: { file, path, expected },
  });
}

/** `err` when it is a scenario with a mistake or a scenario name that is none, else undefined. */
export function scenarioErrorOf(err: unknown): ScenarioError | undefined {
  return hasCode(err, ERROR_CODES.scenario) || hasCode(err, ERROR_CODES.unknownScenario)
    ? (err as ScenarioError)
    : undefined;
}

/** Finds a bundled scenario by name (`default`, `broken/omit-plus`) or a file path. */
export function resolveScenarioPath(nameOrPath: string, relativeTo = BUNDLED_SCENARIO_DIR): string {
  if (isAbsolute(nameOrPath)) return nameOrPath;
  if (/\.ya?ml$/.test(nameOrPath)) return resolve(relativeTo, nameOrPath);
  return join(BUNDLED_SCENARIO_DIR, `${nameOrPath}.yml`);
}

/** A scenario that ships with the bot, by the name `--scenario` and SANDBOX_SCENARIO take. */
export interface BundledScenario {
  name: string;
  description: string;
}

/** The bundled scenarios, `default` first, then the others by name. */
export function bundledScenarios(): BundledScenario[] {
  const names = readdirSync(BUNDLED_SCENARIO_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml'))
    .map((f) => f.replace(/\\/g, '/').replace(/\.yml$/, ''))
    .sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return names.map((name) => ({ name, description: loadScenario(name).description }));
}

/** A `--scenario` name that is no bundled scenario: says which there are, and the closest. */
function unknownScenarioError(requested: string, known: BundledScenario[]): ScenarioError {
  const close = suggest(
    requested,
    known.map((s) => s.name),
    1,
  );
  const width = Math.max(...known.map((s) => s.name.length));
  const message = [
    `There is no sandbox scenario "${requested}".${close.length ? ` Did you mean "${close[0]}"?` : ''}`,
    'The bundled scenarios (or give a .yml file):',
    ...known.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`),
  ].join('\n');
  return new CodedError({
    code: ERROR_CODES.unknownScenario,
    message,
    retryable: false,
    details: { file: resolveScenarioPath(requested), path: '', expected: 'a bundled scenario name or a .yml file' },
  });
}

export function loadScenario(nameOrPath = 'default'): Scenario {
  const file = resolveScenarioPath(nameOrPath, process.cwd());
  // A name rather than a path: say which names there are.
  if (!isAbsolute(nameOrPath) && !/\.ya?ml$/.test(nameOrPath) && !existsSync(file)) {
    throw unknownScenarioError(nameOrPath, bundledScenarios());
  }
  const raw = loadRaw(file, new Set());
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw scenarioError(file, formatPath(issue.path), issue.message);
  }
  return parsed.data;
}

function loadRaw(file: string, seen: Set<string>): Record<string, unknown> {
  if (seen.has(file)) throw scenarioError(file, 'extends', 'a scenario that does not extend itself');
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw scenarioError(file, '', 'a readable scenario file (not found)');
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw scenarioError(file, '', `valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!isObject(doc)) throw scenarioError(file, '', 'a YAML mapping with name, genesys and twilio');
  const { extends: parent, set, remove, append, ...own } = doc;
  let base: Record<string, unknown> = {};
  if (parent !== undefined) {
    if (typeof parent !== 'string') throw scenarioError(file, 'extends', 'a scenario name or file path');
    base = loadRaw(resolveScenarioPath(parent, dirname(file)), seen);
  }
  const merged = deepMerge(base, own);
  applyEdits(file, merged, set, 'set');
  applyEdits(file, merged, append, 'append');
  if (remove !== undefined) {
    if (!Array.isArray(remove)) throw scenarioError(file, 'remove', 'a list of paths');
    for (const p of remove) applyAt(file, merged, String(p), 'remove', undefined);
  }
  return merged;
}

function applyEdits(file: string, target: Record<string, unknown>, edits: unknown, op: 'set' | 'append'): void {
  if (edits === undefined) return;
  if (!isObject(edits)) throw scenarioError(file, op, 'a mapping of path: value');
  for (const [path, value] of Object.entries(edits)) applyAt(file, target, path, op, value);
}

type Step = { key: string } | { match: [string, string] } | { index: number };

/** `a.b[name=X].c[0]` -> steps. */
function parsePath(file: string, path: string): Step[] {
  const steps: Step[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ match: [m[3]!, m[4]!] });
  }
  if (steps.length === 0) throw scenarioError(file, path, 'a path such as genesys.trunkBases[name=Twilio].name');
  return steps;
}

function applyAt(file: string, root: Record<string, unknown>, path: string, op: string, value: unknown): void {
  const steps = parsePath(file, path);
  let node: unknown = root;
  for (let i = 0; i < steps.length - 1; i++) {
    node = step(node, steps[i]!);
    if (node === undefined) throw scenarioError(file, path, `an existing ${describe(steps[i]!)} to ${op}`);
  }
  const last = steps[steps.length - 1]!;
  if (op === 'append') {
    const list = step(node, last);
    if (!Array.isArray(list)) throw scenarioError(file, path, 'a list to append to');
    list.push(...(Array.isArray(value) ? value : [value]));
    return;
  }
  if ('key' in last && isObject(node)) {
    if (op === 'remove') delete node[last.key];
    else node[last.key] = value;
    return;
  }
  if (Array.isArray(node)) {
    const idx = 'index' in last ? last.index : 'match' in last ? node.findIndex((x) => matches(x, last.match)) : -1;
    if (idx < 0 || idx >= node.length) throw scenarioError(file, path, `an existing ${describe(last)} to ${op}`);
    if (op === 'remove') node.splice(idx, 1);
    else node[idx] = value;
    return;
  }
  throw scenarioError(file, path, `a mapping or list at ${describe(last)}`);
}

function step(node: unknown, s: Step): unknown {
  if ('key' in s) return isObject(node) ? node[s.key] : undefined;
  if (!Array.isArray(node)) return undefined;
  if ('index' in s) return node[s.index];
  return node.find((x) => matches(x, s.match));
}

function matches(x: unknown, [k, v]: [string, string]): boolean {
  return isObject(x) && String(x[k]) === v;
}

function describe(s: Step): string {
  if ('key' in s) return `key "${s.key}"`;
  if ('index' in s) return `item [${s.index}]`;
  return `item with ${s.match[0]}=${s.match[1]}`;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? deepMerge(b, v) : structuredClone(v);
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
