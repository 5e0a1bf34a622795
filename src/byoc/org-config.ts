/**
 * The org configuration file (YAML; its path comes from `BYOC_ORG_CONFIG`): what the doctor cannot read from the
 * vendors. Region data overrides (any field of a Genesys region or a Twilio edge), rules silenced with a reason,
 * extra sample numbers for GC-SIMULATE, and the number of managed edges expected.
 *
 * ```yaml
 * region: eu_west_1                 # when the snapshot does not say, or says wrong
 * regions:
 *   eu_west_1:                      # a key (eu_west_1), AWS region (eu-west-1) or domain (mypurecloud.ie)
 *     byocSipAddresses: [52.212.65.21, { ip: 52.212.66.56, name: lb02 }]
 * twilioEdges:
 *   dublin: { signalingCidrs: [54.171.127.192/26, 52.215.127.0/24] }
 * silence:
 *   - { rule: TW-ACL, reason: "ACL managed by the network team, see CHG-1234" }
 * simulateNumbers: ["+442071234567"]
 * expectedEdgeCount: 2
 * ```
 *
 * Pure: `parseOrgConfig` takes the text; `loadOrgConfig` takes the environment and a file reader, so this module
 * does no I/O of its own.
 */
import ipaddr from 'ipaddr.js';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodedError, DOMAIN_ERROR_CODES, hasCode } from './coded-error.js';
import { isRuleId, RULE_IDS, type RuleId } from './doctor/rule-ids.js';
import {
  DEFAULT_REGION_DATA,
  type GenesysRegion,
  type RegionData,
  resolveGenesysRegion,
  type TwilioEdge,
} from './regions.js';

export const ORG_CONFIG_ENV = 'BYOC_ORG_CONFIG';

const ipv4 = z.string().refine((s) => ipaddr.IPv4.isValidFourPartDecimal(s), 'an IPv4 address such as 203.0.113.10');
const cidr = z
  .string()
  .refine((s) => ipaddr.isValidCIDR(s) || ipaddr.isValid(s), 'an IP address or CIDR range such as 54.172.60.0/30');

const byocSipAddressSchema = z.union([
  ipv4.transform((ip) => ({ ip })),
  z.object({ ip: ipv4, name: z.string().optional() }).strict(),
]);

const regionOverrideSchema = z
  .object({
    awsRegion: z.string(),
    domain: z.string(),
    byocSipDomain: z.string().regex(/^[a-z0-9.-]+$/i, 'a host name such as byoc.mypurecloud.ie'),
    byocSipDomainSource: z.string(),
    byocSipAddresses: z.array(byocSipAddressSchema),
    byocSipAddressesSource: z.string(),
    nearTwilioEdges: z.array(z.string()),
  })
  .partial()
  .strict();

const twilioEdgeOverrideSchema = z
  .object({ legacyCode: z.string(), location: z.string(), signalingCidrs: z.array(cidr) })
  .partial()
  .strict();

const orgConfigSchema = z
  .object({
    region: z.string().optional(),
    regions: z.record(z.string(), regionOverrideSchema).default({}),
    twilioEdges: z.record(z.string(), twilioEdgeOverrideSchema).default({}),
    twilioMediaCidr: cidr.optional(),
    silence: z
      .array(
        z
          .object({
            rule: z.string().refine(isRuleId, `a doctor rule id (${RULE_IDS.slice(0, 3).join(', ')}, …)`),
            reason: z.string().trim().min(1, 'a reason a person can read, e.g. "managed by the network team"'),
          })
          .strict(),
      )
      .default([]),
    simulateNumbers: z.array(z.string().min(1)).default([]),
    expectedEdgeCount: z.number().int().min(1).default(2),
  })
  .strict();

type ParsedOrgConfig = z.infer<typeof orgConfigSchema>;

export interface OrgConfig {
  /** Where it came from (a file path, or `(defaults)`), for evidence and error messages. */
  source: string;
  region?: string;
  regions: ParsedOrgConfig['regions'];
  twilioEdges: ParsedOrgConfig['twilioEdges'];
  twilioMediaCidr?: string;
  silence: { rule: RuleId; reason: string }[];
  simulateNumbers: string[];
  expectedEdgeCount: number;
}

export const DEFAULT_ORG_CONFIG: OrgConfig = {
  source: '(defaults)',
  regions: {},
  twilioEdges: {},
  silence: [],
  simulateNumbers: [],
  expectedEdgeCount: 2,
};

/** The org file that does not fit, where inside it, and what was expected there. */
export type OrgConfigError = CodedError<{ file: string; path: string; expected: string }>;

function orgConfigError(file: string, path: string, expected: string): OrgConfigError {
  return new CodedError({
    code: DOMAIN_ERROR_CODES.orgConfig,
    message: `${ORG_CONFIG_ENV} file ${file}: at ${path || '(top)'}: expected ${expected}`,
    retryable: false,
    details: { file, path, expected },
  });
}

/** `err` when it is an org file that does not fit (`config.org-file`), else undefined. */
export function orgConfigErrorOf(err: unknown): OrgConfigError | undefined {
  return hasCode(err, DOMAIN_ERROR_CODES.orgConfig) ? (err as OrgConfigError) : undefined;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Parses and validates the org configuration text; errors name the file and the path inside it. */
export function parseOrgConfig(text: string, fileName: string): OrgConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw orgConfigError(fileName, '', `valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  // An empty file is a valid "no overrides".
  if (doc === null || doc === undefined) doc = {};
  const parsed = orgConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const expected =
      issue.code === 'unrecognized_keys'
        ? `no unknown keys (${issue.keys.join(', ')}); known: region, regions, twilioEdges, twilioMediaCidr, silence, simulateNumbers, expectedEdgeCount`
        : issue.message;
    throw orgConfigError(fileName, formatPath(issue.path), expected);
  }
  const c = parsed.data;
  for (const [name, override] of Object.entries(c.regions)) {
    if (!resolveGenesysRegion(DEFAULT_REGION_DATA, name) && !override.domain) {
      throw orgConfigError(
        fileName,
        `regions.${name}.domain`,
        `a domain for a region the bot does not know (known: ${DEFAULT_REGION_DATA.genesys.map((r) => r.key).join(', ')})`,
      );
    }
  }
  if (c.region !== undefined && !resolveGenesysRegion(regionDataFor({ ...DEFAULT_ORG_CONFIG, ...c }), c.region)) {
    throw orgConfigError(fileName, 'region', 'a Genesys region key (eu_west_1) or domain (mypurecloud.ie)');
  }
  return {
    source: fileName,
    region: c.region,
    regions: c.regions,
    twilioEdges: c.twilioEdges,
    twilioMediaCidr: c.twilioMediaCidr,
    silence: c.silence.map((s) => ({ rule: s.rule as RuleId, reason: s.reason })),
    simulateNumbers: c.simulateNumbers,
    expectedEdgeCount: c.expectedEdgeCount,
  };
}

/**
 * The org configuration named by `BYOC_ORG_CONFIG`, or the defaults when it is unset. The caller passes the file
 * reader (e.g. `(p) => readFileSync(p, 'utf8')`) so that this module stays free of I/O.
 */
export function loadOrgConfig(env: Record<string, string | undefined>, readText: (path: string) => string): OrgConfig {
  const file = env[ORG_CONFIG_ENV]?.trim();
  if (!file) return DEFAULT_ORG_CONFIG;
  let text: string;
  try {
    text = readText(file);
  } catch (err) {
    throw orgConfigError(file, '', `a readable file (${(err as Error).message.split('\n')[0]})`);
  }
  return parseOrgConfig(text, file);
}

/** The region data the doctor uses: the bot's defaults with the org's overrides applied, overrides sourced. */
export function regionDataFor(config: OrgConfig): RegionData {
  const data: RegionData = structuredClone(DEFAULT_REGION_DATA);
  const by = `org config ${config.source}`;
  for (const [name, o] of Object.entries(config.regions)) {
    let r: GenesysRegion | undefined = resolveGenesysRegion(data, name);
    if (!r) {
      r = {
        key: name,
        awsRegion: o.awsRegion ?? name.replace(/_/g, '-'),
        domain: o.domain ?? name,
        byocSipDomainSource: by,
        byocSipAddressesSource: by,
        nearTwilioEdges: [],
      };
      data.genesys.push(r);
    }
    if (o.awsRegion !== undefined) r.awsRegion = o.awsRegion;
    if (o.domain !== undefined) r.domain = o.domain;
    if (o.byocSipDomain !== undefined) {
      r.byocSipDomain = o.byocSipDomain.toLowerCase();
      r.byocSipDomainSource = o.byocSipDomainSource ?? by;
      // The org's own value (from its trunk's "Inbound Request-URI Reference" panel) is what rules can fail on.
      r.byocSipDomainConfirmed = true;
    } else if (o.byocSipDomainSource !== undefined) r.byocSipDomainSource = o.byocSipDomainSource;
    if (o.byocSipAddresses !== undefined) {
      r.byocSipAddresses = o.byocSipAddresses;
      r.byocSipAddressesSource = o.byocSipAddressesSource ?? by;
      r.byocSipAddressesConfirmed = true;
    } else if (o.byocSipAddressesSource !== undefined) r.byocSipAddressesSource = o.byocSipAddressesSource;
    if (o.nearTwilioEdges !== undefined) r.nearTwilioEdges = o.nearTwilioEdges;
  }
  for (const [edge, o] of Object.entries(config.twilioEdges)) {
    let e: TwilioEdge | undefined = data.twilioEdges.find((x) => x.edge === edge);
    if (!e) {
      e = { edge, legacyCode: o.legacyCode ?? edge, location: o.location ?? edge, signalingCidrs: [] };
      data.twilioEdges.push(e);
    }
    if (o.legacyCode !== undefined) e.legacyCode = o.legacyCode;
    if (o.location !== undefined) e.location = o.location;
    if (o.signalingCidrs !== undefined) {
      e.signalingCidrs = o.signalingCidrs;
      e.signalingSource = by;
    }
  }
  if (config.twilioMediaCidr) data.twilioMediaCidr = config.twilioMediaCidr;
  if (Object.keys(config.regions).length || Object.keys(config.twilioEdges).length || config.twilioMediaCidr) {
    data.source = `${data.source}; overrides from ${by}`;
  }
  return data;
}
