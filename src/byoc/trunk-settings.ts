/**
 * Decodes a Genesys trunk base's `properties` (each `{ value: { instance } }`, keys from the Generic BYOC Carrier
 * template; docs/vendor-facts.md) into named fields.
 */
import type { TrunkBaseSettings } from './snapshot.js';

export type TrunkProperties = Record<string, unknown>;

/** The instance value of a property, whether given wrapped (`{value:{instance}}`) or bare (scenario files). */
export function propertyInstance(properties: TrunkProperties | undefined, key: string): unknown {
  const p = properties?.[key];
  if (p && typeof p === 'object' && !Array.isArray(p) && 'value' in p) {
    const value = (p as { value?: { instance?: unknown; default?: unknown } }).value;
    return value?.instance !== undefined ? value.instance : value?.default;
  }
  return p;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean => v === true || v === 'true';
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : str(v) ? [v as string] : [];

export function decodeTrunkBaseSettings(properties: TrunkProperties | undefined): TrunkBaseSettings {
  const get = (key: string) => propertyInstance(properties, key);
  const username = str(get('trunk_sip_authentication_credentials_username'));
  const realm = str(get('trunk_sip_authentication_credentials_realm'));
  const payload = get('trunk_media_dtmf_payload');
  const srtpSuites = strs(get('trunk_media_srtpCipherSuites'));
  const transport = str(get('trunk_transport_protocolVariant'))?.toLowerCase();
  const priority = strs(get('trunk_calling_id_priority'));
  return {
    // A trunk with no trunk_enabled property is in service: that is the template's default.
    inService: get('trunk_enabled') === undefined ? true : bool(get('trunk_enabled')),
    terminationIdentifier: str(get('trunk_sip_termination_uri')),
    proxies: strs(get('trunk_transport_serverProxyList')),
    transport,
    digest: {
      enabled: username !== undefined || realm !== undefined,
      realm,
      username,
      passwordSet: str(get('trunk_sip_authentication_credentials_password')) !== undefined,
    },
    callingAddress: str(get('trunk_outboundIdentity_callingAddress')),
    callingAddressOverrideMethod: str(get('trunk_outboundIdentity_callingAddress_overrideMethod')),
    callingIdPriority: priority.length ? priority : undefined,
    callingName: str(get('trunk_outboundIdentity_callingName')),
    aclAllowList: strs(get('trunk_access_acl_allowList')),
    omitPlusCalled: bool(get('trunk_outboundIdentity_calledAddress_omitPlusPrefix')),
    omitPlusCalling: bool(get('trunk_outboundIdentity_callingAddress_omitPlusPrefix')),
    codecs: strs(get('trunk_media_codec')).map((c) => c.toLowerCase()),
    dtmfMethod: str(get('trunk_media_dtmf_method')),
    dtmfPayload: typeof payload === 'number' ? payload : payload !== undefined ? Number(payload) : undefined,
    // Trunks read back carry the template's cipher-suite list even on UDP (public exports of real trunks show
    // ["AES_CM_128_HMAC_SHA1_80"] on trunks without TLS): the list alone does not mean SRTP, whose keys travel
    // in the TLS-protected SDP (docs/vendor-facts.md, "Trunk base defaults").
    srtp: (transport === 'tls' && srtpSuites.length > 0) || bool(get('trunk_media_srtp_enabled')),
  };
}

/** Whether a trunk puts its own calling address on every call, read from whichever caller ID setting it uses. */
export interface CallerIdPolicy {
  /** The legacy "Always", or `Trunk` first in the newer priority list. */
  trunkAddressFirst: boolean;
  /** The property that decided it; undefined when the trunk has neither. */
  setting?: 'trunk_calling_id_priority' | 'trunk_outboundIdentity_callingAddress_overrideMethod';
  /** What the setting says, for messages: `priority Source, Trunk` or `override method "Always"`. */
  says: string;
  /** Both settings are present and say different things. */
  disagrees: boolean;
}

/**
 * Newer orgs set `trunk_calling_id_priority`; older trunks the override method, which Genesys' own premium-app
 * configuration marks "legacy" next to the new key (docs/vendor-facts.md, "Caller ID settings"). The priority list
 * decides when it is there. Which one Genesys applies when a trunk carries both and they disagree is not
 * documented publicly, so that case is reported as a disagreement.
 */
export function callerIdPolicy(s: TrunkBaseSettings): CallerIdPolicy {
  const legacy =
    s.callingAddressOverrideMethod !== undefined
      ? s.callingAddressOverrideMethod.toLowerCase() === 'always'
      : undefined;
  if (s.callingIdPriority?.length) {
    const first = s.callingIdPriority[0]!.toLowerCase() === 'trunk';
    return {
      trunkAddressFirst: first,
      setting: 'trunk_calling_id_priority',
      says: `priority ${s.callingIdPriority.join(', ')}`,
      disagrees: legacy !== undefined && legacy !== first,
    };
  }
  if (s.callingAddressOverrideMethod !== undefined) {
    return {
      trunkAddressFirst: legacy === true,
      setting: 'trunk_outboundIdentity_callingAddress_overrideMethod',
      says: `override method "${s.callingAddressOverrideMethod}"`,
      disagrees: false,
    };
  }
  return { trunkAddressFirst: false, says: 'no caller ID override setting', disagrees: false };
}
