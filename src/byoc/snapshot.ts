/**
 * ByocSnapshot: one normalized view of an org's BYOC setup on both vendors, taken at one moment.
 * Simulate, status and the doctor are pure functions of it. Names mirror the vendors' own
 * (trunkBase, outboundRoute, originationUrl, ipAccessControlList) so a reader can find the field in their docs.
 *
 * A vendor part is either available with its data, or unavailable with the reason: the other part still answers.
 */

export type Availability<T> = ({ available: true } & T) | { available: false; reason: string };

export interface Ref {
  id: string;
  name: string;
}

// ---------------------------------------------------------------- Genesys Cloud

export interface GenesysLocation {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 ("FR"); decides the country code number plans use. */
  country?: string;
  countryName?: string;
  city?: string;
  addressVerified: boolean;
  emergencyNumber?: { e164?: string; number?: string; type?: string };
  state: string;
}

export interface GenesysSite {
  id: string;
  name: string;
  managed: boolean;
  mediaModel?: string;
  location?: Ref;
  primarySites: Ref[];
  secondarySites: Ref[];
  state: string;
}

export type NumberPlanMatchType =
  | 'numberList'
  | 'e164NumberList'
  | 'digitLength'
  | 'intraCountryCode'
  | 'interCountryCode'
  | 'regex';

export interface NumberPlan {
  id: string;
  name: string;
  siteId: string;
  matchType: NumberPlanMatchType;
  /** The regex for `regex` plans; Genesys calls it `match`. */
  match?: string;
  normalizedFormat?: string;
  /** Lower is tried first. */
  priority: number;
  numbers: { start: string; end?: string }[];
  digitLength?: { start: number; end: number };
  classification: string;
  state: string;
}

export interface OutboundRoute {
  id: string;
  name: string;
  siteId: string;
  classificationTypes: string[];
  enabled: boolean;
  distribution: 'SEQUENTIAL' | 'RANDOM';
  /** In the route's order. */
  externalTrunkBases: Ref[];
  state: string;
}

export interface Edge {
  id: string;
  name: string;
  managed: boolean;
  onlineStatus: string;
  statusCode: string;
  edgeGroup?: Ref;
  site?: Ref;
  state: string;
}

export interface EdgeGroup {
  id: string;
  name: string;
  managed: boolean;
  state: string;
}

/** A trunk base's `properties`, decoded from `{value:{instance}}` into named fields. Absent = not set. */
export interface TrunkBaseSettings {
  inService: boolean;
  /** `trunk_sip_termination_uri`: the host label of `<id>.<BYOC SIP domain>`. */
  terminationIdentifier?: string;
  /** `trunk_transport_serverProxyList`. */
  proxies: string[];
  /** `trunk_transport_protocolVariant`: udp | tcp | tls. */
  transport?: string;
  digest: { enabled: boolean; realm?: string; username?: string; passwordSet: boolean };
  callingAddress?: string;
  /** `trunk_outboundIdentity_callingAddress_overrideMethod` (Always | Unassigned DID), marked legacy by Genesys. */
  callingAddressOverrideMethod?: string;
  /**
   * `trunk_calling_id_priority`, the newer setting: where the caller ID comes from, first match wins (Source,
   * Trunk, Site, Extension). `Trunk` first is what the legacy "Always" was. Absent when the trunk has none.
   */
  callingIdPriority?: string[];
  callingName?: string;
  /** `trunk_access_acl_allowList`. */
  aclAllowList: string[];
  omitPlusCalled: boolean;
  omitPlusCalling: boolean;
  /** Lower-case, in order, e.g. `audio/pcmu`. */
  codecs: string[];
  dtmfMethod?: string;
  dtmfPayload?: number;
  /** TLS with a `trunk_media_srtpCipherSuites` list, or a media encryption property on. */
  srtp: boolean;
}

export interface TrunkBase {
  id: string;
  name: string;
  trunkType: string;
  /** e.g. `external_sip_pcv_byoc_carrier.json`. */
  metabaseId: string;
  managed: boolean;
  inboundSite?: Ref;
  site?: Ref;
  state: string;
  version: number;
  settings: TrunkBaseSettings;
}

export interface TrunkErrorInfo {
  text?: string;
  code?: string;
}

export interface TrunkOptionsStatus {
  proxyAddress: string;
  optionState: boolean;
  optionStateTime?: string;
  error?: TrunkErrorInfo;
}

/** One trunk base's instance on one edge. */
export interface TrunkInstance {
  id: string;
  name: string;
  trunkBaseId: string;
  edge: Ref;
  inService: boolean;
  enabled: boolean;
  connected: boolean;
  connectedStateTime?: string;
  options: TrunkOptionsStatus[];
  error?: TrunkErrorInfo;
}

export interface TrunkMetrics {
  trunkId: string;
  inboundCallCount: number;
  outboundCallCount: number;
}

export interface DidPool {
  id: string;
  startPhoneNumber: string;
  endPhoneNumber: string;
  description?: string;
  provider?: string;
  state: string;
}

/**
 * A number in a DID pool. Genesys has a DID object only for a number someone owns; a number nobody owns comes from
 * the pools' own listing, without an owner (docs/vendor-facts.md, "DIDs exist only once assigned").
 */
export interface Did {
  id: string;
  phoneNumber: string;
  didPoolId?: string;
  owner?: Ref;
  ownerType?: 'USER' | 'PHONE' | 'IVR_CONFIG' | 'GROUP' | string;
}

export interface GenesysPart {
  region?: string;
  products: string[];
  locations: GenesysLocation[];
  sites: GenesysSite[];
  numberPlans: NumberPlan[];
  outboundRoutes: OutboundRoute[];
  edges: Edge[];
  edgeGroups: EdgeGroup[];
  trunkBases: TrunkBase[];
  trunks: TrunkInstance[];
  trunkMetrics: TrunkMetrics[];
  didPools: DidPool[];
  dids: Did[];
  /** Reads that failed without taking the whole vendor down (e.g. a missing permission), by what they were for. */
  partialErrors: { what: string; reason: string }[];
}

// ---------------------------------------------------------------- Twilio

export interface OriginationUrl {
  sid: string;
  sipUrl: string;
  enabled: boolean;
  priority: number;
  weight: number;
  friendlyName: string;
}

export interface TwilioIpAddress {
  sid: string;
  ipAddress: string;
  cidrPrefixLength: number;
  friendlyName: string;
}

export interface TwilioIpAccessControlList {
  sid: string;
  friendlyName: string;
  ipAddresses: TwilioIpAddress[];
}

export interface TwilioCredentialList {
  sid: string;
  friendlyName: string;
  usernames: string[];
}

export interface TwilioPhoneNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  trunkSid: string | null;
}

export interface TwilioTrunk {
  sid: string;
  friendlyName: string;
  domainName: string | null;
  secure: boolean;
  authType: string;
  originationUrls: OriginationUrl[];
  /** Sids of the account-level lists attached to this trunk; details in TwilioPart. */
  ipAccessControlListSids: string[];
  credentialListSids: string[];
  phoneNumbers: TwilioPhoneNumber[];
}

export interface TwilioPart {
  accountSid: string;
  trunks: TwilioTrunk[];
  ipAccessControlLists: TwilioIpAccessControlList[];
  credentialLists: TwilioCredentialList[];
  incomingPhoneNumbers: TwilioPhoneNumber[];
  partialErrors: { what: string; reason: string }[];
}

// ---------------------------------------------------------------- the whole

export interface ByocSnapshot {
  /** ISO time the gathering started. */
  takenAt: string;
  /** Which org this is (the Genesys client id or a configured name); the cache key. */
  orgKey: string;
  genesys: Availability<GenesysPart>;
  twilio: Availability<TwilioPart>;
  /** Vendor HTTP calls made to gather it. */
  vendorCalls: { genesys: number; twilio: number };
}

export const BYOC_CARRIER_METABASE = 'external_sip_pcv_byoc_carrier.json';

/** The trunk bases that are BYOC Cloud carrier trunks (what the bot manages). */
export function byocTrunkBases(genesys: GenesysPart): TrunkBase[] {
  // A deleted trunk base can still be listed (docs/vendor-facts.md); it is not a trunk any more.
  return genesys.trunkBases.filter(
    (t) => t.trunkType === 'EXTERNAL' && t.metabaseId.includes('byoc') && t.state !== 'deleted',
  );
}
