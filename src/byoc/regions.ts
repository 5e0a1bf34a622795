/**
 * Region facts the doctor needs, as data with their sources: for each Genesys Cloud region its API domain, BYOC
 * SIP domain and BYOC public SIP addresses; for each Twilio edge its signaling range and termination hosts.
 * Where a fact is not known it is absent, and the rules that need it `skip` and say how to configure it. Some
 * values follow a pattern other regions confirm but were not confirmed for their own region: those are marked
 * unconfirmed (`byocSipDomainConfirmed`, `byocSipAddressesConfirmed`): the rules that rest on them take that into
 * account (docs/vendor-facts.md, "Region data that is not confirmed").
 * An org overrides any of it in its configuration (org-config.ts).
 *
 * Sources (docs/vendor-facts.md, "Regions and BYOC SIP addresses", "Termination URIs"): the SDK's
 * PureCloudRegionHosts, Genesys' "BYOC Cloud public SIP IP addresses" article, Twilio's localized termination URI
 * and IP address pages, and the setup guide's IP Access Control List example.
 */

import { sipHost } from './sip-uri.js';

export interface ByocSipAddress {
  ip: string;
  /** The load balancer name the source gives it, e.g. `lb01.byoc.eu-west-1.mypurecloud.ie`. */
  name?: string;
}

export interface GenesysRegion {
  /** The SDK's `PureCloudRegionHosts` key, e.g. `eu_west_1`. */
  key: string;
  /** AWS region, e.g. `eu-west-1`. */
  awsRegion: string;
  /** Region domain: API `api.<domain>`, login `login.<domain>`. */
  domain: string;
  /** Where Twilio originates to: `<terminationIdentifier>.<byocSipDomain>`. Absent when not known. */
  byocSipDomain?: string;
  byocSipDomainSource: string;
  /**
   * False when the domain only follows the `byoc.<domain>` pattern: a rule may then warn that it is unconfirmed,
   * never fail on it. An org's own value (BYOC_ORG_CONFIG) is confirmed.
   */
  byocSipDomainConfirmed?: boolean;
  /** The BYOC Cloud public SIP addresses Genesys sends from and receives on. Absent when not known. */
  byocSipAddresses?: ByocSipAddress[];
  byocSipAddressesSource: string;
  /** Likewise for the addresses. */
  byocSipAddressesConfirmed?: boolean;
  /** Twilio edges close to this region: a regional termination URI on another edge is a warning. */
  nearTwilioEdges: string[];
}

export interface TwilioEdge {
  /** Current edge name, e.g. `dublin`. */
  edge: string;
  /** Legacy region code used in older URIs, e.g. `ie1`. */
  legacyCode: string;
  location: string;
  /**
   * Signaling source ranges Genesys must allow (`trunk_access_acl_allowList`): Twilio's current published ranges
   * of the edge. The legacy /30 of the edge lies inside the first of them, so an ACL with the full ranges also
   * allows it.
   */
  signalingCidrs: string[];
  /** The edge's legacy /30 (what older guides and ACLs list), kept so evidence can say an ACL is only legacy. */
  legacySignalingCidr?: string;
  /** Where the ranges come from (docs/vendor-facts.md, "Twilio signaling ranges"). */
  signalingSource?: string;
}

export interface RegionData {
  genesys: GenesysRegion[];
  twilioEdges: TwilioEdge[];
  /** Twilio media for every edge (not part of the SIP ACL, listed for the evidence). */
  twilioMediaCidr: string;
  source: string;
}

const GENESYS_REGIONS_SOURCE = 'purecloud-platform-client-v2 PureCloudRegionHosts (v262)';
const PATTERN = 'byoc.<domain> pattern (UNCONFIRMED; check the "Inbound Request-URI Reference" panel of the trunk)';
const NO_ADDRESSES =
  'not known: copy them from https://help.genesys.cloud/articles/byoc-cloud-public-sip-ip-addresses/ into the org config';

function region(
  key: string,
  domain: string,
  nearTwilioEdges: string[],
  byocSipDomain: string | undefined,
  byocSipDomainSource: string,
  byocSipAddresses?: ByocSipAddress[],
  byocSipAddressesSource = NO_ADDRESSES,
): GenesysRegion {
  return {
    key,
    awsRegion: key.replace(/_/g, '-'),
    domain,
    byocSipDomain,
    byocSipDomainSource,
    byocSipDomainConfirmed: byocSipDomain !== undefined && byocSipDomainSource !== PATTERN,
    byocSipAddresses,
    byocSipAddressesSource,
    byocSipAddressesConfirmed: byocSipAddresses !== undefined,
    nearTwilioEdges,
  };
}

/** Whether a region's BYOC SIP domain may make a rule fail (a value only from the pattern may not). */
export function byocSipDomainConfirmed(region: GenesysRegion): boolean {
  return region.byocSipDomainConfirmed !== false;
}

/** Likewise for the BYOC public SIP addresses. */
export function byocSipAddressesConfirmed(region: GenesysRegion): boolean {
  return region.byocSipAddressesConfirmed !== false;
}

/**
 * Genesys regions. Near Twilio edges are the AWS-geography neighbours; for eu-west-1 the guide itself names
 * `ie1` (Ireland) and `de1` (Frankfurt) as the regional termination URIs to use.
 */
export const GENESYS_REGIONS: readonly GenesysRegion[] = [
  region(
    'us_east_1',
    'mypurecloud.com',
    ['ashburn'],
    'byoc.mypurecloud.com',
    'the setup guide ("Background information") and many public integrations',
    [
      { ip: '52.203.12.137', name: 'lb01.byoc.us-east-1.mypurecloud.com' },
      { ip: '54.82.241.192', name: 'lb02.byoc.us-east-1.mypurecloud.com' },
      { ip: '54.82.241.68', name: 'lb03.byoc.us-east-1.mypurecloud.com' },
      { ip: '54.82.188.43', name: 'lb04.byoc.us-east-1.mypurecloud.com' },
    ],
    'the setup guide, Twilio §1.1 IP Access Control List screenshot (2018); check the Genesys article for changes',
  ),
  region('us_west_2', 'usw2.pure.cloud', ['umatilla'], 'byoc.usw2.pure.cloud', 'several public integrations'),
  region('ca_central_1', 'cac1.pure.cloud', ['ashburn'], 'byoc.cac1.pure.cloud', PATTERN),
  region('sa_east_1', 'sae1.pure.cloud', ['sao-paulo'], 'byoc.sae1.pure.cloud', PATTERN),
  region(
    'eu_west_1',
    'mypurecloud.ie',
    ['dublin', 'frankfurt'],
    'byoc.mypurecloud.ie',
    'the setup guide ("Background information": myorgidentifier.byoc.mypurecloud.ie)',
    [
      { ip: '52.212.65.21', name: 'lb01.byoc.eu-west-1.mypurecloud.ie' },
      { ip: '52.212.66.56', name: 'lb02.byoc.eu-west-1.mypurecloud.ie' },
      { ip: '52.212.61.62', name: 'lb03.byoc.eu-west-1.mypurecloud.ie' },
    ],
    'the setup guide, Twilio §1.1 IP Access Control List screenshot (2018). The screenshot lists lb03 and lb04 ' +
      'with only one address between them (52.212.61.62, shown as lb03); a fourth eu-west-1 address, if any, is ' +
      'not in the guide: check the Genesys article and add it in the org config',
  ),
  region('eu_west_2', 'euw2.pure.cloud', ['dublin', 'frankfurt'], 'byoc.euw2.pure.cloud', 'one public integration'),
  region('eu_central_1', 'mypurecloud.de', ['frankfurt', 'dublin'], 'byoc.mypurecloud.de', 'the setup guide'),
  region('eu_central_2', 'euc2.pure.cloud', ['frankfurt'], 'byoc.euc2.pure.cloud', PATTERN),
  region('ap_northeast_1', 'mypurecloud.jp', ['tokyo'], 'byoc.mypurecloud.jp', 'the setup guide'),
  region('ap_northeast_2', 'apne2.pure.cloud', ['tokyo'], 'byoc.apne2.pure.cloud', PATTERN),
  region('ap_northeast_3', 'apne3.pure.cloud', ['tokyo'], 'byoc.apne3.pure.cloud', PATTERN),
  region(
    'ap_southeast_2',
    'mypurecloud.com.au',
    ['sydney'],
    'byoc.mypurecloud.com.au',
    'a Pexip plugin (the guide writes byoc.mypurecloud.au)',
  ),
  region('ap_southeast_1', 'apse1.pure.cloud', ['singapore'], 'byoc.apse1.pure.cloud', PATTERN),
  region('ap_south_1', 'aps1.pure.cloud', ['singapore'], 'byoc.aps1.pure.cloud', PATTERN),
  region('me_central_1', 'mec1.pure.cloud', ['frankfurt', 'singapore'], 'byoc.mec1.pure.cloud', PATTERN),
  region(
    'mx_central_1',
    'mxc1.pure.cloud',
    ['ashburn', 'umatilla'],
    undefined,
    'not known (one third-party table says byoc.mxc1.genesys.cloud): set it in the org config',
  ),
  region('us_east_2', 'use2.us-gov-pure.cloud', ['ashburn'], 'byoc.use2.us-gov-pure.cloud', PATTERN),
  region(
    'eusc_de_east_1',
    'edee1.eusc-pure.cloud',
    ['frankfurt'],
    undefined,
    'not known (a third-party table says voice.edee1.eusc-genesys.cloud): set it in the org config',
  ),
];

const GENESYS_SAMPLE =
  "Genesys' BYOC provisioning sample code for a Twilio carrier (trunk_access_acl_allowList), see docs/vendor-facts.md";
const TWILIO_PAGE =
  "Twilio's Elastic SIP Trunking IP address list (https://www.twilio.com/docs/sip-trunking/ip-addresses); " +
  'not found in the public material checked here, see docs/vendor-facts.md';

function edge(
  name: string,
  legacyCode: string,
  location: string,
  legacySignalingCidr: string,
  signalingCidrs: string[],
  signalingSource: string,
): TwilioEdge {
  return { edge: name, legacyCode, location, signalingCidrs, legacySignalingCidr, signalingSource };
}

/**
 * Twilio edges and their signaling ranges. Twilio says to allow every edge (a call may use any of them). Each
 * edge's legacy /30 is the start of its first current range; the second range is the edge's newer block.
 */
export const TWILIO_EDGES: readonly TwilioEdge[] = [
  edge('ashburn', 'us1', 'N. Virginia', '54.172.60.0/30', ['54.172.60.0/23', '34.203.250.0/23'], GENESYS_SAMPLE),
  edge('umatilla', 'us2', 'Oregon', '54.244.51.0/30', ['54.244.51.0/24'], GENESYS_SAMPLE),
  edge('dublin', 'ie1', 'Ireland', '54.171.127.192/30', ['54.171.127.192/26', '52.215.127.0/24'], TWILIO_PAGE),
  edge('frankfurt', 'de1', 'Frankfurt', '35.156.191.128/30', ['35.156.191.128/25', '3.122.181.0/24'], TWILIO_PAGE),
  edge('tokyo', 'jp1', 'Tokyo', '54.65.63.192/30', ['54.65.63.192/26', '3.112.80.0/24'], GENESYS_SAMPLE),
  edge('singapore', 'sg1', 'Singapore', '54.169.127.128/30', ['54.169.127.128/26', '3.1.77.0/24'], GENESYS_SAMPLE),
  edge('sydney', 'au1', 'Sydney', '54.252.254.64/30', ['54.252.254.64/26', '3.104.90.0/24'], TWILIO_PAGE),
  edge('sao-paulo', 'br1', 'São Paulo', '177.71.206.192/30', ['177.71.206.192/26', '18.228.249.0/24'], TWILIO_PAGE),
];

export const DEFAULT_REGION_DATA: RegionData = {
  genesys: GENESYS_REGIONS.map((r) => structuredClone(r)),
  twilioEdges: TWILIO_EDGES.map((e) => structuredClone(e)),
  twilioMediaCidr: '168.86.128.0/18',
  source: `${GENESYS_REGIONS_SOURCE}; https://www.twilio.com/docs/sip-trunking/ip-addresses; the setup guide`,
};

/** Lower-case, without scheme, `api.`/`apps.`/`login.` prefix, path or trailing dot. */
function normalizeRegionName(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.$/, '')
    .replace(/^(api|apps|login)\./, '');
}

/**
 * The Genesys region a name designates: SDK key (`eu_west_1`), AWS region (`eu-west-1`), domain
 * (`mypurecloud.ie`) or a host of it (`api.mypurecloud.ie`, `https://apps.mypurecloud.ie/`).
 */
export function resolveGenesysRegion(data: RegionData, name: string | undefined): GenesysRegion | undefined {
  if (!name) return undefined;
  const n = normalizeRegionName(name);
  return data.genesys.find(
    (r) => r.key === n || r.key === n.replace(/-/g, '_') || r.awsRegion === n || r.domain.toLowerCase() === n,
  );
}

/** The Genesys region whose BYOC SIP domain a host is under (`twilioABC.byoc.mypurecloud.ie` -> eu_west_1). */
export function regionOfByocHost(data: RegionData, host: string): GenesysRegion | undefined {
  const h = host.toLowerCase();
  return data.genesys.find((r) => r.byocSipDomain && h.endsWith(`.${r.byocSipDomain.toLowerCase()}`));
}

export function allTwilioSignalingCidrs(data: RegionData): { edge: string; cidr: string }[] {
  return data.twilioEdges.flatMap((e) => e.signalingCidrs.map((cidr) => ({ edge: e.edge, cidr })));
}

export type TwilioTerminationHostKind = 'global' | 'regional' | 'legacy' | 'interconnect';

export interface TwilioTerminationHost {
  host: string;
  /** The trunk's label: `<name>` in `<name>.pstn.twilio.com`. */
  trunkName: string;
  kind: TwilioTerminationHostKind;
  /** The current edge name for regional, legacy and interconnect hosts. */
  edge?: string;
  /** The trunk's own domain, `<name>.pstn.twilio.com`, whatever form the host has. */
  trunkDomain: string;
}

/**
 * Reads a Twilio termination host (docs/vendor-facts.md, "Termination URIs"): global `<name>.pstn.twilio.com`, regional
 * `<name>.pstn.<edge>.twilio.com`, legacy `<name>.pstn.<us1|ie1|…>.twilio.com`, interconnect
 * `<name>.pstn.<edge|code>-ix.twilio.com`. Accepts `host:port` and `sip:` forms. Anything else (including the
 * per-edge NAPTR names `pstn.<edge>.twilio.com`, which carry no trunk name) is undefined.
 */
export function parseTwilioTerminationHost(data: RegionData, value: string): TwilioTerminationHost | undefined {
  const host = sipHost(value);
  const m = /^([a-z0-9-]+)\.pstn\.(?:([a-z0-9-]+)\.)?twilio\.com$/.exec(host);
  if (!m) return undefined;
  const trunkName = m[1]!;
  const trunkDomain = `${trunkName}.pstn.twilio.com`;
  const zone = m[2];
  if (!zone) return { host, trunkName, kind: 'global', trunkDomain };
  const ix = zone.endsWith('-ix');
  const code = ix ? zone.slice(0, -3) : zone;
  const byEdge = data.twilioEdges.find((e) => e.edge === code);
  const byLegacy = data.twilioEdges.find((e) => e.legacyCode === code);
  // Interconnect has edges without a public edge (san-jose, london): accept them with the name as given.
  if (ix) return { host, trunkName, kind: 'interconnect', edge: byEdge?.edge ?? byLegacy?.edge ?? code, trunkDomain };
  if (byEdge) return { host, trunkName, kind: 'regional', edge: byEdge.edge, trunkDomain };
  if (byLegacy) return { host, trunkName, kind: 'legacy', edge: byLegacy.edge, trunkDomain };
  return undefined;
}

/** How an admin fills in missing region data, for skip messages. */
export function howToConfigureRegion(regionKey: string, field: 'byocSipDomain' | 'byocSipAddresses'): string {
  const example =
    field === 'byocSipDomain'
      ? `byocSipDomain: byoc.example.pure.cloud`
      : `byocSipAddresses: [{ ip: 203.0.113.10, name: lb01 }]`;
  return (
    `Add it to the org configuration file (BYOC_ORG_CONFIG) under regions.${regionKey}, e.g. "${example}". ` +
    (field === 'byocSipDomain'
      ? 'The value is shown in the "Inbound Request-URI Reference" panel of the Genesys external trunk.'
      : 'The values are in the Genesys article "BYOC Cloud public SIP IP addresses".')
  );
}
