/**
 * What the setup is made of, from one snapshot: which vendor objects belong to it, what they are called and which
 * trunks and numbers each one touches. The timeline keeps only changes to these objects (a change to a queue or a
 * phone is not a change to the BYOC setup) and filters by trunk or number through them.
 */

import { type ByocSnapshot, byocTrunkBases } from '../snapshot.js';
import { sendsTo } from '../topology.js';

export interface Related {
  /** Trunk names (Genesys trunk base and the Twilio trunk paired with it). */
  trunks: string[];
  numbers: string[];
  /** A readable name when the vendor record has none (a Twilio sid, a deleted object). */
  name?: string;
}

export interface SetupIndex {
  /** The snapshot holds the Genesys org: an id missing from `genesys` is not part of the setup. */
  genesysKnown: boolean;
  /** Genesys entity id -> what it relates to. */
  genesys: Map<string, Related>;
  /** Twilio sid -> what it relates to (trunk, origination URLs, lists, addresses, numbers). */
  twilio: Map<string, Related>;
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function indexSetup(snapshot: ByocSnapshot): SetupIndex {
  const genesys = new Map<string, Related>();
  const twilio = new Map<string, Related>();
  const g = snapshot.genesys.available ? snapshot.genesys : undefined;
  const tw = snapshot.twilio.available ? snapshot.twilio : undefined;
  const add = (map: Map<string, Related>, id: string, r: Related) => {
    const prev = map.get(id);
    map.set(id, {
      trunks: uniq([...(prev?.trunks ?? []), ...r.trunks]),
      numbers: uniq([...(prev?.numbers ?? []), ...r.numbers]),
      ...((r.name ?? prev?.name) ? { name: r.name ?? prev?.name } : {}),
    });
  };

  // Twilio first: each Twilio trunk's sids, named after the Twilio trunk.
  if (tw) {
    for (const t of tw.trunks) {
      const trunks = [t.friendlyName];
      add(twilio, t.sid, { trunks, numbers: [], name: `trunk ${t.friendlyName}` });
      for (const o of t.originationUrls)
        add(twilio, o.sid, { trunks, numbers: [], name: `origination URL ${o.sipUrl}` });
      for (const sid of t.ipAccessControlListSids) {
        const acl = tw.ipAccessControlLists.find((a) => a.sid === sid);
        add(twilio, sid, { trunks, numbers: [], name: `IP ACL ${acl?.friendlyName ?? sid}` });
        for (const ip of acl?.ipAddresses ?? []) {
          add(twilio, ip.sid, { trunks, numbers: [], name: `IP ${ip.ipAddress}/${ip.cidrPrefixLength}` });
        }
      }
      for (const sid of t.credentialListSids) {
        const cl = tw.credentialLists.find((c) => c.sid === sid);
        add(twilio, sid, { trunks, numbers: [], name: `credential list ${cl?.friendlyName ?? sid}` });
      }
      for (const n of t.phoneNumbers) add(twilio, n.sid, { trunks, numbers: [n.phoneNumber], name: n.phoneNumber });
    }
    for (const n of tw.incomingPhoneNumbers)
      add(twilio, n.sid, { trunks: [], numbers: [n.phoneNumber], name: n.phoneNumber });
  }

  if (g) {
    const bases = byocTrunkBases(g);
    const baseNames = new Map(bases.map((b) => [b.id, b.name]));
    // A BYOC trunk and the Twilio trunk it sends to are one trunk to the person asking.
    const pairedTwilio = new Map<string, string>();
    for (const b of bases) {
      const match = tw ? (sendsTo(b, tw)?.trunk ?? null) : null;
      if (match) {
        pairedTwilio.set(b.name, match.friendlyName);
        for (const [sid, r] of twilio)
          if (r.trunks.includes(match.friendlyName)) twilio.set(sid, { ...r, trunks: uniq([...r.trunks, b.name]) });
      }
    }
    const withTwilio = (names: string[]) =>
      uniq(names.flatMap((n) => (pairedTwilio.has(n) ? [n, pairedTwilio.get(n)!] : [n])));
    const trunksOnSite = (siteId: string) =>
      bases.filter((b) => b.site?.id === siteId || b.inboundSite?.id === siteId).map((b) => b.name);

    for (const b of bases) add(genesys, b.id, { trunks: withTwilio([b.name]), numbers: [] });
    for (const t of g.trunks) {
      const name = baseNames.get(t.trunkBaseId);
      if (name) add(genesys, t.id, { trunks: withTwilio([name]), numbers: [] });
    }
    for (const s of g.sites) add(genesys, s.id, { trunks: withTwilio(trunksOnSite(s.id)), numbers: [] });
    for (const p of g.numberPlans) add(genesys, p.id, { trunks: withTwilio(trunksOnSite(p.siteId)), numbers: [] });
    for (const r of g.outboundRoutes) {
      add(genesys, r.id, {
        trunks: withTwilio(r.externalTrunkBases.filter((t) => baseNames.has(t.id)).map((t) => t.name)),
        numbers: [],
      });
    }
    for (const e of g.edges) {
      const onEdge = g.trunks.filter((t) => t.edge.id === e.id).map((t) => baseNames.get(t.trunkBaseId));
      add(genesys, e.id, { trunks: withTwilio(onEdge.filter((n): n is string => !!n)), numbers: [] });
    }
    for (const eg of g.edgeGroups) {
      const edges = g.edges.filter((e) => e.edgeGroup?.id === eg.id).map((e) => e.id);
      const onGroup = g.trunks.filter((t) => edges.includes(t.edge.id)).map((t) => baseNames.get(t.trunkBaseId));
      add(genesys, eg.id, { trunks: withTwilio(onGroup.filter((n): n is string => !!n)), numbers: [] });
    }
    // A pool touches the numbers at its ends and every DID drawn from it: `--number` finds a pool's change.
    for (const p of g.didPools) {
      add(genesys, p.id, {
        trunks: [],
        numbers: [p.startPhoneNumber, p.endPhoneNumber],
        name: `${p.startPhoneNumber} - ${p.endPhoneNumber}`,
      });
    }
    for (const d of g.dids) {
      add(genesys, d.id, { trunks: [], numbers: [d.phoneNumber], name: d.phoneNumber });
      if (d.owner) add(genesys, d.owner.id, { trunks: [], numbers: [d.phoneNumber] });
      if (d.didPoolId && genesys.has(d.didPoolId)) add(genesys, d.didPoolId, { trunks: [], numbers: [d.phoneNumber] });
    }
  }
  return { genesysKnown: g !== undefined, genesys, twilio };
}
