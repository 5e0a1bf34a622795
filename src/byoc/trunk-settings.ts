/**
 * Decodes a Genesys trunk base's `properties` (each `{ value: { instance } }`, keys from the
 * Generic BYOC Carrier template; see vendor/genesys-cloud.md §7.5) into named fields.
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
  return {
    // A trunk with no trunk_enabled property is in service: that is the template's default.
    inService: get('trunk_enabled') === undefined ? true : bool(get('trunk_enabled')),
    terminationIdentifier: str(get('trunk_sip_termination_uri')),
    proxies: strs(get('trunk_transport_serverProxyList')),
    transport: str(get('trunk_transport_protocolVariant'))?.toLowerCase(),
    digest: {
      enabled: username !== undefined || realm !== undefined,
      realm,
      username,
      passwordSet: str(get('trunk_sip_authentication_credentials_password')) !== undefined,
    },
    callingAddress: str(get('trunk_outboundIdentity_callingAddress')),
    callingAddressOverrideMethod: str(get('trunk_outboundIdentity_callingAddress_overrideMethod')),
    callingName: str(get('trunk_outboundIdentity_callingName')),
    aclAllowList: strs(get('trunk_access_acl_allowList')),
    omitPlusCalled: bool(get('trunk_outboundIdentity_calledAddress_omitPlusPrefix')),
    omitPlusCalling: bool(get('trunk_outboundIdentity_callingAddress_omitPlusPrefix')),
    codecs: strs(get('trunk_media_codec')).map((c) => c.toLowerCase()),
    dtmfMethod: str(get('trunk_media_dtmf_method')),
    dtmfPayload: typeof payload === 'number' ? payload : payload !== undefined ? Number(payload) : undefined,
    srtp: srtpSuites.length > 0 || bool(get('trunk_media_srtp_enabled')),
  };
}
