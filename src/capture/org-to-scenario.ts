/**
 * A scenario (the sandbox's YAML model) built from what the bot read of a real org and Twilio account: the same
 * objects, referring to each other by name as scenario files do, so the sandbox serves back the same snapshot.
 * Pure: the reads happen in `capture-org.ts`; secrets and people are handled in `scrub.ts`.
 */
import type { ByocSnapshot, GenesysPart, TwilioPart } from '../byoc/snapshot.js';
import { propertyInstance } from '../byoc/trunk-settings.js';

/** The raw reads a scenario needs beyond the snapshot (which keeps decoded settings, not the properties). */
export interface OrgExtras {
  /** Trunk base id -> property key -> instance value, as Genesys returned them. */
  trunkProperties: Map<string, Record<string, unknown>>;
  users: { id: string; name: string; email: string; phones: string[] }[];
  ivrs: { id: string; name: string; dnis: string[] }[];
}

/** The fields a scenario file has; `loadScenario` checks the rest. */
export type ScenarioDoc = Record<string, unknown> & {
  genesys: Record<string, unknown>;
  twilio: Record<string, unknown>;
};

export function scenarioFromOrg(
  snapshot: ByocSnapshot & { genesys: { available: true } & GenesysPart; twilio: { available: true } & TwilioPart },
  extras: OrgExtras,
  name: string,
): ScenarioDoc {
  const g = snapshot.genesys;
  const t = snapshot.twilio;
  const nameOf = <T extends { id: string; name?: string }>(items: T[], id: string | undefined) =>
    items.find((x) => x.id === id)?.name;
  const siteName = (id: string | undefined) => nameOf(g.sites, id);

  const genesys = {
    region: g.region ?? '',
    orgName: 'Captured org',
    // Placeholders: the sandbox needs credentials of its own; the org's are never written.
    credentials: { clientId: 'captured-client-id', clientSecret: 'captured-client-secret' },
    products: [...g.products],
    locations: g.locations.map((l) => ({
      id: l.id,
      name: l.name,
      address: {
        ...(l.city ? { city: l.city } : {}),
        country: l.country ?? 'US',
        ...(l.countryName ? { countryName: l.countryName } : {}),
      },
      addressVerified: l.addressVerified,
      ...(l.emergencyNumber ? { emergencyNumber: clean(l.emergencyNumber) } : {}),
    })),
    edgeGroups: g.edgeGroups.map((x) => ({ id: x.id, name: x.name, managed: x.managed })),
    sites: g.sites.map((s) => ({
      id: s.id,
      name: s.name,
      managed: s.managed,
      mediaModel: s.mediaModel === 'Premises' ? 'Premises' : 'Cloud',
      location: s.location?.name ?? '',
      primarySites: s.primarySites.map((r) => r.name),
      secondarySites: s.secondarySites.map((r) => r.name),
      numberPlans: g.numberPlans
        .filter((p) => p.siteId === s.id)
        .map((p) =>
          clean({
            id: p.id,
            name: p.name,
            classification: p.classification,
            matchType: p.matchType,
            match: p.match,
            normalizedFormat: p.normalizedFormat,
            numbers: p.numbers.map((n) => ({ start: n.start, ...(n.end !== undefined ? { end: n.end } : {}) })),
            digitLength: p.digitLength,
            priority: p.priority,
          }),
        ),
      outboundRoutes: g.outboundRoutes
        .filter((r) => r.siteId === s.id)
        .map((r) => ({
          id: r.id,
          name: r.name,
          classificationTypes: [...r.classificationTypes],
          enabled: r.enabled,
          distribution: r.distribution,
          externalTrunkBases: r.externalTrunkBases.map((x) => x.name),
        })),
    })),
    edges: g.edges.map((e) => ({
      id: e.id,
      name: e.name,
      edgeGroup: e.edgeGroup?.name ?? '',
      site: e.site?.name ?? '',
      managed: e.managed,
      onlineStatus: e.onlineStatus === 'ONLINE' ? 'ONLINE' : 'OFFLINE',
      statusCode: e.statusCode,
    })),
    trunkBases: g.trunkBases.map((tb) =>
      clean({
        id: tb.id,
        name: tb.name,
        metabase: tb.metabaseId,
        trunkType: tb.trunkType,
        managed: tb.managed,
        inboundSite: siteName(tb.inboundSite?.id),
        site: siteName(tb.site?.id),
        properties: extras.trunkProperties.get(tb.id) ?? {},
      }),
    ),
    trunkMetrics: trunkMetricsByBase(g),
    didPools: g.didPools.map((p) =>
      clean({
        id: p.id,
        startPhoneNumber: p.startPhoneNumber,
        endPhoneNumber: p.endPhoneNumber,
        description: p.description,
        provider: p.provider === 'PURE_CLOUD_VOICE' ? 'PURE_CLOUD_VOICE' : 'PURE_CLOUD',
      }),
    ),
    users: extras.users.map((u) => ({ id: u.id, name: u.name, email: u.email, addresses: [...u.phones] })),
    ivrs: extras.ivrs.map((i) => ({ id: i.id, name: i.name, dnis: [...i.dnis] })),
  };

  const aclName = (sid: string) => t.ipAccessControlLists.find((a) => a.sid === sid)?.friendlyName ?? sid;
  const clName = (sid: string) => t.credentialLists.find((c) => c.sid === sid)?.friendlyName ?? sid;
  const twilio = {
    accountSid: t.accountSid,
    authToken: 'captured-auth-token',
    ipAccessControlLists: t.ipAccessControlLists.map((a) => ({
      sid: a.sid,
      friendlyName: a.friendlyName,
      ipAddresses: a.ipAddresses.map((ip) => ({
        friendlyName: ip.friendlyName,
        ipAddress: ip.ipAddress,
        cidrPrefixLength: ip.cidrPrefixLength,
      })),
    })),
    // Twilio never returns credential passwords; the sandbox needs one per user name.
    credentialLists: t.credentialLists.map((c) => ({
      sid: c.sid,
      friendlyName: c.friendlyName,
      credentials: c.usernames.map((username) => ({ username, password: 'captured-placeholder' })),
    })),
    incomingPhoneNumbers: t.incomingPhoneNumbers.map((n) => ({
      sid: n.sid,
      phoneNumber: n.phoneNumber,
      friendlyName: n.friendlyName,
    })),
    trunks: t.trunks.map((tr) => ({
      sid: tr.sid,
      friendlyName: tr.friendlyName,
      domainName: tr.domainName,
      secure: tr.secure,
      ipAccessControlLists: tr.ipAccessControlListSids.map(aclName),
      credentialLists: tr.credentialListSids.map(clName),
      phoneNumbers: tr.phoneNumbers.map((n) => n.phoneNumber),
      originationUrls: tr.originationUrls.map((o) => ({
        friendlyName: o.friendlyName,
        sipUrl: o.sipUrl,
        priority: o.priority,
        weight: o.weight,
        enabled: o.enabled,
      })),
    })),
  };

  const disconnected = g.trunks
    .filter((i) => i.inService && !i.connected && i.error)
    .map((i) => ({
      trunkBase: g.trunkBases.find((tb) => tb.id === i.trunkBaseId)?.name ?? i.trunkBaseId,
      edge: i.edge.name,
      errorInfo: clean({ text: i.error?.text ?? '', code: i.error?.code }),
    }));

  return {
    name,
    description: `Captured ${snapshot.takenAt.slice(0, 10)} with byoc capture.`,
    genesys,
    twilio,
    ...(disconnected.length ? { faults: { disconnected } } : {}),
  };
}

/** Metrics are per trunk instance; a scenario holds them per trunk base (on its first instance). */
function trunkMetricsByBase(g: GenesysPart) {
  const sums = new Map<string, { inboundCallCount: number; outboundCallCount: number }>();
  for (const m of g.trunkMetrics) {
    const instance = g.trunks.find((i) => i.id === m.trunkId);
    const base = g.trunkBases.find((tb) => tb.id === instance?.trunkBaseId);
    if (!base) continue;
    const sum = sums.get(base.name) ?? { inboundCallCount: 0, outboundCallCount: 0 };
    sum.inboundCallCount += m.inboundCallCount;
    sum.outboundCallCount += m.outboundCallCount;
    sums.set(base.name, sum);
  }
  return [...sums].map(([trunkBase, counts]) => ({ trunkBase, ...counts }));
}

/** A trunk base's properties as instance values (what a scenario holds), from the wrapped form Genesys returns. */
export function instanceValues(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(properties ?? {})) {
    const value = propertyInstance(properties, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Without undefined fields (YAML would write them as null). */
function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
