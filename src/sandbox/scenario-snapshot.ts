/**
 * The snapshot a scenario describes, computed directly, without servers. The doctor's and the dial plan's
 * scenario tests run on it in milliseconds; an integration test checks that gathering the same scenario
 * through the SDKs and the fakes gives the same answer, so the two cannot drift apart.
 */

import type { ByocSnapshot, GenesysPart, Ref, TrunkInstance, TwilioPart, TwilioPhoneNumber } from '../byoc/snapshot.js';
import { decodeTrunkBaseSettings } from '../byoc/trunk-settings.js';
import { mergeDids } from '../snapshot/genesys-part.js';
import { withTemplateDefaults } from './genesys/template.js';
import type { Scenario } from './scenario.js';

/** Deterministic sids for scenario objects that do not name one: prefix + 32 hex digits from the name. */
export function sidFor(prefix: string, seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < seed.length; i++) {
    h1 = Math.imul(h1 ^ seed.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ seed.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return prefix + hex(h1) + hex(h2) + hex((h1 ^ h2) >>> 0) + hex((h1 + h2) >>> 0);
}

/** Deterministic Genesys-style UUID for objects a scenario does not give an id. */
export function uuidFor(seed: string): string {
  const h = sidFor('', seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Trunk instance id for a trunk base on an edge. */
export function trunkInstanceId(trunkBaseId: string, edgeId: string): string {
  return uuidFor(`trunk:${trunkBaseId}:${edgeId}`);
}

/**
 * What gathering the scenario through the SDKs gives: leftovers of deletes are not in the snapshot (see
 * `src/snapshot/genesys-part.ts`), and names refer to the live objects.
 */
export function genesysPartFromScenario(scenario: Scenario): GenesysPart {
  const all = scenario.genesys;
  const live = <T extends { state?: string }>(items: T[]) => items.filter((x) => x.state !== 'deleted');
  const g = {
    ...all,
    sites: live(all.sites),
    edges: live(all.edges),
    trunkBases: live(all.trunkBases),
    didPools: live(all.didPools),
  };
  const siteRef = (name: string | undefined): Ref | undefined => {
    const s = g.sites.find((x) => x.name === name);
    return s ? { id: s.id, name: s.name } : undefined;
  };
  const locRef = (name: string): Ref | undefined => {
    const l = g.locations.find((x) => x.name === name);
    return l ? { id: l.id, name: l.name } : undefined;
  };
  const trunkBaseRef = (name: string): Ref => {
    const t = g.trunkBases.find((x) => x.name === name);
    return { id: t?.id ?? uuidFor(`trunkbase:${name}`), name };
  };

  const trunkBases = g.trunkBases.map((t) => ({
    id: t.id,
    name: t.name,
    trunkType: t.trunkType,
    metabaseId: t.metabase,
    managed: t.managed,
    inboundSite: siteRef(t.inboundSite),
    site: siteRef(t.site),
    state: t.state ?? 'active',
    version: 1,
    settings: decodeTrunkBaseSettings(withTemplateDefaults(t.metabase, t.properties)),
  }));

  const managedEdges = g.edges.filter((e) => e.managed);
  const trunks: TrunkInstance[] = [];
  for (const tb of trunkBases.filter((t) => t.trunkType === 'EXTERNAL' && !t.managed)) {
    for (const edge of managedEdges) {
      const fault = scenario.faults.disconnected.find((d) => d.trunkBase === tb.name && d.edge === edge.name);
      const error = fault ? { text: fault.errorInfo.text, code: fault.errorInfo.code } : undefined;
      trunks.push({
        id: trunkInstanceId(tb.id, edge.id),
        name: `${tb.name} - ${edge.name}`,
        trunkBaseId: tb.id,
        edge: { id: edge.id, name: edge.name },
        inService: tb.settings.inService,
        enabled: edge.onlineStatus === 'ONLINE',
        connected: tb.settings.inService && !fault,
        options: tb.settings.proxies.map((proxyAddress) => ({
          proxyAddress,
          optionState: tb.settings.inService && !fault,
          error,
        })),
        error,
      });
    }
  }

  const didPools = g.didPools.map((p) => ({ ...p, state: p.state ?? 'active' }));
  const dids = didsFromScenario(scenario);

  return {
    region: g.region,
    products: [...g.products],
    locations: g.locations.map((l) => ({
      id: l.id,
      name: l.name,
      country: l.address.country,
      countryName: l.address.countryName,
      city: l.address.city,
      addressVerified: l.addressVerified,
      emergencyNumber: l.emergencyNumber,
      state: 'active',
    })),
    sites: g.sites.map((s) => ({
      id: s.id,
      name: s.name,
      managed: s.managed,
      mediaModel: s.mediaModel,
      location: locRef(s.location),
      primarySites: s.primarySites.map(siteRef).filter((x): x is Ref => !!x),
      secondarySites: s.secondarySites.map(siteRef).filter((x): x is Ref => !!x),
      state: s.state ?? 'active',
    })),
    numberPlans: g.sites.flatMap((s) =>
      s.numberPlans.map((p) => ({
        id: p.id ?? uuidFor(`numberplan:${s.id}:${p.name}`),
        name: p.name,
        siteId: s.id,
        matchType: p.matchType,
        match: p.match,
        normalizedFormat: p.normalizedFormat,
        priority: p.priority,
        numbers: p.numbers.map((n) => (typeof n === 'string' ? { start: n, end: n } : n)),
        digitLength: p.digitLength,
        classification: p.classification,
        state: 'active',
      })),
    ),
    outboundRoutes: g.sites.flatMap((s) =>
      s.outboundRoutes.map((r) => ({
        id: r.id ?? uuidFor(`outboundroute:${s.id}:${r.name}`),
        name: r.name,
        siteId: s.id,
        classificationTypes: [...r.classificationTypes],
        enabled: r.enabled,
        distribution: r.distribution,
        externalTrunkBases: r.externalTrunkBases.map(trunkBaseRef),
        state: 'active',
      })),
    ),
    edges: g.edges.map((e) => ({
      id: e.id,
      name: e.name,
      managed: e.managed,
      onlineStatus: e.onlineStatus,
      statusCode: e.statusCode,
      edgeGroup: g.edgeGroups.filter((x) => x.name === e.edgeGroup).map((x) => ({ id: x.id, name: x.name }))[0],
      site: siteRef(e.site),
      state: e.state ?? 'active',
    })),
    edgeGroups: g.edgeGroups.map((x) => ({ ...x, state: 'active' })),
    trunkBases,
    trunks,
    trunkMetrics: g.trunkMetrics.flatMap((m) => {
      const tb = trunkBases.find((t) => t.name === m.trunkBase);
      // Metrics are per trunk instance; the scenario's counts go on the first instance of the trunk base.
      const first = trunks.find((t) => t.trunkBaseId === tb?.id);
      return first
        ? [{ trunkId: first.id, inboundCallCount: m.inboundCallCount, outboundCallCount: m.outboundCallCount }]
        : [];
    }),
    didPools,
    dids,
    partialErrors: [],
  };
}

/**
 * The snapshot's DIDs are the numbers inside live pools (pools in scenarios are small ranges), with owners from
 * users and IVRs, in number order (as `mergeDids` gives them).
 */
export function didsFromScenario(scenario: Scenario): GenesysPart['dids'] {
  const g = scenario.genesys;
  const out: GenesysPart['dids'] = [];
  for (const pool of g.didPools.filter((p) => p.state !== 'deleted')) {
    for (const number of expandRange(pool.startPhoneNumber, pool.endPhoneNumber)) {
      const user = g.users.find((u) => u.addresses.includes(number));
      const ivr = g.ivrs.find((i) => i.dnis.includes(number));
      out.push({
        id: uuidFor(`did:${number}`),
        phoneNumber: number,
        didPoolId: pool.id,
        owner: user ? { id: user.id, name: user.name } : ivr ? { id: ivr.id, name: ivr.name } : undefined,
        ownerType: user ? 'USER' : ivr ? 'IVR_CONFIG' : undefined,
      });
    }
  }
  return mergeDids(
    out.filter((d) => d.owner),
    out.filter((d) => !d.owner),
  );
}

/** Numbers from start to end inclusive, E.164; capped so a typo cannot make millions. */
export function expandRange(start: string, end: string, cap = 10_000): string[] {
  const a = BigInt(start.replace(/^\+/, ''));
  const b = BigInt(end.replace(/^\+/, ''));
  const out: string[] = [];
  for (let n = a; n <= b && out.length < cap; n++) out.push(`+${n.toString()}`);
  return out;
}

export function twilioPartFromScenario(scenario: Scenario): TwilioPart {
  const t = scenario.twilio;
  const aclSid = (name: string) =>
    t.ipAccessControlLists.find((a) => a.friendlyName === name)?.sid ?? sidFor('AL', `acl:${name}`);
  const clSid = (name: string) =>
    t.credentialLists.find((c) => c.friendlyName === name)?.sid ?? sidFor('CL', `cl:${name}`);
  const trunkSid = (tr: Scenario['twilio']['trunks'][number]) => tr.sid ?? sidFor('TK', `trunk:${tr.friendlyName}`);
  const numbers: TwilioPhoneNumber[] = t.incomingPhoneNumbers.map((n) => {
    const trunk = t.trunks.find((tr) => tr.phoneNumbers.includes(n.phoneNumber));
    return {
      sid: n.sid ?? sidFor('PN', `number:${n.phoneNumber}`),
      phoneNumber: n.phoneNumber,
      friendlyName: n.friendlyName,
      trunkSid: trunk ? trunkSid(trunk) : null,
    };
  });
  return {
    accountSid: t.accountSid,
    trunks: t.trunks.map((tr) => {
      const sid = trunkSid(tr);
      const authTypes = [
        ...(tr.ipAccessControlLists.length ? ['IP_ACL'] : []),
        ...(tr.credentialLists.length ? ['CREDENTIAL_LIST'] : []),
      ];
      return {
        sid,
        friendlyName: tr.friendlyName,
        domainName: tr.domainName,
        secure: tr.secure,
        authType: authTypes.join(','),
        originationUrls: tr.originationUrls.map((o, i) => ({
          sid: sidFor('OU', `ou:${sid}:${i}:${o.sipUrl}`),
          ...o,
        })),
        ipAccessControlListSids: tr.ipAccessControlLists.map(aclSid),
        credentialListSids: tr.credentialLists.map(clSid),
        phoneNumbers: numbers.filter((n) => n.trunkSid === sid),
      };
    }),
    ipAccessControlLists: t.ipAccessControlLists.map((a) => ({
      sid: aclSid(a.friendlyName),
      friendlyName: a.friendlyName,
      ipAddresses: a.ipAddresses.map((ip) => ({
        sid: sidFor('IP', `ip:${a.friendlyName}:${ip.ipAddress}`),
        ...ip,
      })),
    })),
    credentialLists: t.credentialLists.map((c) => ({
      sid: clSid(c.friendlyName),
      friendlyName: c.friendlyName,
      usernames: c.credentials.map((x) => x.username),
    })),
    incomingPhoneNumbers: numbers,
    partialErrors: [],
  };
}

export function snapshotFromScenario(scenario: Scenario, takenAt = new Date(0).toISOString()): ByocSnapshot {
  return {
    takenAt,
    orgKey: scenario.genesys.credentials.clientId,
    genesys: { available: true, ...genesysPartFromScenario(scenario) },
    twilio: { available: true, ...twilioPartFromScenario(scenario) },
    vendorCalls: { genesys: 0, twilio: 0 },
  };
}
