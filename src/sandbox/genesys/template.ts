/**
 * The property schema of the Generic BYOC Carrier metabase (`external_sip_pcv_byoc_carrier.json`), as
 * `GET …/trunkbasesettings/template` answers it; each property is `{ type, value: { default, instance }, …schema }`.
 * Keys, value shapes and defaults follow Genesys' own BYOC sample code (the trunk body it POSTs) and a public
 * CX-as-Code export of a real org's trunk bases, none of them a BYOC carrier (docs/vendor-facts.md, "Trunk base
 * defaults", which says what is not settled).
 *
 * A trunk base created without some property reads back with the template's default for it. The fake fills the
 * defaults that export shows (`FILLED_ON_READ`); caller ID keys are left as the trunk has them, since no public
 * export of a BYOC carrier trunk shows what Genesys fills there.
 */
import type platformClient from 'purecloud-platform-client-v2';

import { BYOC_CARRIER_METABASE as BYOC_CARRIER_METABASE_ID } from '../../byoc/snapshot.js';

/** The Generic BYOC Carrier metabase, as the snapshot model names it. */
export { BYOC_CARRIER_METABASE_ID };

export interface PropertySchema {
  type: 'string' | 'boolean' | 'integer' | 'array';
  /** `null` where the template has no default (the SIP servers list). */
  default: unknown;
  enum?: unknown[];
  items?: { type: string };
  uniqueItems?: boolean;
  pattern?: string;
  required?: boolean;
}

const str = (d: string, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: 'string',
  default: d,
  ...extra,
});
const bool = (d: boolean): PropertySchema => ({ type: 'boolean', default: d });
const strList = (d: string[], extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: 'array',
  default: d,
  items: { type: 'string' },
  uniqueItems: true,
  ...extra,
});

export const BYOC_CARRIER_PROPERTIES: Record<string, PropertySchema> = {
  trunk_type: str('external.pcv.byoc.carrier'),
  trunk_label: str('Generic BYOC Carrier'),
  trunk_enabled: bool(true),
  trunk_protocol: str('SIP', { enum: ['SIP'] }),
  trunk_transport_protocolVariant: str('udp', { enum: ['udp', 'tcp', 'tls'] }),
  // The sample's template copy: `default: null`, required.
  trunk_transport_serverProxyList: { ...strList([], { required: true }), default: null },
  trunk_access_acl_allowList: strList([]),
  trunk_access_acl_denyList: strList([]),
  trunk_sip_termination_uri: str(''),
  trunk_sip_authentication_credentials_realm: str(''),
  trunk_sip_authentication_credentials_username: str(''),
  trunk_sip_authentication_credentials_password: str(''),
  trunk_outboundIdentity_callingName: str('', { pattern: '^[\\S ]{0,40}$' }),
  trunk_outboundIdentity_callingName_overrideMethod: str('Always', { enum: ['Always', 'Unassigned DID'] }),
  trunk_outboundIdentity_callingAddress: str(''),
  trunk_outboundIdentity_callingAddress_overrideMethod: str('Always', { enum: ['Always', 'Unassigned DID'] }),
  trunk_outboundIdentity_calledAddress_omitPlusPrefix: bool(false),
  trunk_outboundIdentity_callingAddress_omitPlusPrefix: bool(false),
  trunk_calling_id_priority: strList(['Source', 'Trunk', 'Site', 'Extension']),
  trunk_media_codec: strList(['audio/opus', 'audio/pcmu', 'audio/pcma']),
  trunk_media_dtmf_method: str('RTP Events'),
  trunk_media_dtmf_payload: { type: 'integer', default: 101 },
  // Exports show this list on trunks without TLS: it is a preference, not SRTP being on.
  trunk_media_srtpCipherSuites: strList(['AES_CM_128_HMAC_SHA1_80']),
  trunk_media_disconnectOnIdleRTP: bool(true),
  trunk_maxDialTimeout: str('2m'),
  trunk_maxCallRate: str('40/5s'),
  trunk_transport_retryableReasonCodes: str('500-599'),
  trunk_recording_enabled: bool(false),
  trunk_sip_conversationHeader: bool(false),
  trunk_language: str('en-US'),
};

/** The keys whose template default a trunk base reads back with when it was created without them. */
export const FILLED_ON_READ: readonly string[] = [
  'trunk_type',
  'trunk_label',
  'trunk_enabled',
  'trunk_protocol',
  'trunk_transport_protocolVariant',
  'trunk_transport_serverProxyList',
  'trunk_access_acl_allowList',
  'trunk_access_acl_denyList',
  'trunk_media_codec',
  'trunk_media_dtmf_method',
  'trunk_media_dtmf_payload',
  'trunk_media_srtpCipherSuites',
  'trunk_media_disconnectOnIdleRTP',
  'trunk_maxDialTimeout',
  'trunk_maxCallRate',
  'trunk_transport_retryableReasonCodes',
  'trunk_language',
];

/**
 * A BYOC carrier trunk base's instance values as Genesys reads them back: the template's defaults for the keys in
 * `FILLED_ON_READ` the trunk does not set, then the trunk's own values. Other metabases are returned as given.
 */
export function withTemplateDefaults(metabaseId: string, instances: Record<string, unknown>): Record<string, unknown> {
  if (metabaseId !== BYOC_CARRIER_METABASE_ID) return instances;
  const out: Record<string, unknown> = {};
  for (const key of FILLED_ON_READ) {
    if (!(key in instances)) out[key] = structuredClone(BYOC_CARRIER_PROPERTIES[key]!.default);
  }
  return { ...out, ...instances };
}

/** The schema a property key has in the template, or one guessed from the value for keys outside it. */
export function schemaFor(key: string, instance: unknown): PropertySchema {
  const known = BYOC_CARRIER_PROPERTIES[key];
  if (known) return known;
  if (Array.isArray(instance)) return strList([]);
  if (typeof instance === 'boolean') return bool(false);
  if (typeof instance === 'number') return { type: 'integer', default: 0 };
  return str('');
}

/** `{ type, value: { default, instance } }`, the shape every trunk base property has on the wire. */
export function wrapProperty(key: string, instance: unknown): object {
  const { default: def, ...schema } = schemaFor(key, instance);
  return { ...schema, value: { default: def, instance } };
}

export function templateTrunkBase(metabaseId: string): platformClient.Models.TrunkBase {
  const properties: Record<string, object> = {};
  for (const [key, schema] of Object.entries(BYOC_CARRIER_PROPERTIES))
    properties[key] = wrapProperty(key, schema.default);
  return {
    name: 'Generic BYOC Carrier',
    state: 'active',
    trunkMetabase: { id: metabaseId, name: 'Generic BYOC Carrier' },
    trunkType: 'EXTERNAL',
    managed: false,
    properties,
  };
}
