/**
 * Genesys Cloud, the org: the guide's "BYOC Feature & Configuration Pre-Check" and "BYOC Configuration
 * Pre-Requisites (Location & Site)".
 */
import type { ByocSnapshot, NumberPlan } from '../snapshot.js';
import { count } from '../words.js';
import { byocSites, fail, needGenesys, pass, shortList, warn } from './helpers.js';
import type { DoctorRule, RuleContext, RuleOutcome } from './types.js';

const MANAGED_EDGE_GROUP = 'PureCloud Voice - AWS';

/** Guide, Pre-Check §1.2: GET /api/v2/authorization/products must list "byoc" (docs/vendor-facts.md, "Genesys Cloud client"). */
export const productByoc: DoctorRule = {
  id: 'GC-PRODUCT-BYOC',
  title: 'BYOC Cloud is enabled for the org',
  severity: 'fail',
  enforces: 'Guide, BYOC Feature Pre-Check §1: "byoc" appears in the list of authorized products',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['products']);
    if (!g.ok) return [g.outcome];
    const products = g.part.products;
    if (products.includes('byoc')) return [pass('"byoc" is among the org\'s enabled products.', { products })];
    return [
      fail(
        `"byoc" is not among the org's enabled products (${products.length} enabled).`,
        { products },
        'The BYOC Cloud product is not licensed for this org: ask Genesys (or your partner) to enable BYOC Cloud.',
      ),
    ];
  },
};

/** Guide, Pre-Check §2: "You should see 2 virtual Edges, assigned to an Edge Group and to a Site". */
export const edges: DoctorRule = {
  id: 'GC-EDGES',
  title: 'The managed cloud edges are online',
  severity: 'fail',
  enforces: 'Guide, BYOC Feature Pre-Check §2: two virtual edges, each in an edge group and a site',
  evaluate(snapshot, ctx: RuleContext) {
    const g = needGenesys(snapshot, ['edges']);
    if (!g.ok) return [g.outcome];
    const managed = g.part.edges.filter((e) => e.managed);
    const expected = ctx.config.expectedEdgeCount;
    const evidence = {
      expectedEdges: expected,
      edges: managed.map((e) => ({
        id: e.id,
        name: e.name,
        onlineStatus: e.onlineStatus,
        statusCode: e.statusCode,
        edgeGroup: e.edgeGroup?.name ?? null,
        site: e.site?.name ?? null,
      })),
    };
    const problems: string[] = [];
    if (managed.length < expected) problems.push(`${count(managed.length, 'managed edge')}, ${expected} expected`);
    for (const e of managed) {
      const why: string[] = [];
      if (e.onlineStatus !== 'ONLINE') why.push(e.onlineStatus);
      if (e.statusCode !== 'ACTIVE') why.push(`status ${e.statusCode}`);
      if (e.state !== 'active') why.push(`state ${e.state}`);
      if (!e.edgeGroup) why.push('no edge group');
      if (!e.site) why.push('no site');
      if (why.length) problems.push(`${e.name}: ${why.join(', ')}`);
    }
    if (!problems.length) {
      return [pass(`${managed.length} managed edges, all online and active, in an edge group and a site.`, evidence)];
    }
    return [
      fail(
        `Managed edges: ${problems.join('; ')}.`,
        evidence,
        'Genesys creates and runs the managed edges of a BYOC Cloud org: open a case with Genesys Customer Care ' +
          'with the edge names above. (If your org is expected to have a different number, set expectedEdgeCount ' +
          'in the org configuration.)',
      ),
    ];
  },
};

/** Guide, Pre-Check §3: the edge group "PureCloud Voice – AWS" is created with the org and holds the virtual edges. */
export const edgeGroup: DoctorRule = {
  id: 'GC-EDGE-GROUP',
  title: 'The managed edge group exists and is active',
  severity: 'fail',
  enforces: 'Guide, BYOC Feature Pre-Check §3: edge group "PureCloud Voice - AWS" exists',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['edgeGroups']);
    if (!g.ok) return [g.outcome];
    const managed = g.part.edgeGroups.filter((x) => x.managed);
    const group = managed.find((x) => x.name === MANAGED_EDGE_GROUP) ?? managed[0];
    const evidence = {
      edgeGroups: g.part.edgeGroups.map((x) => ({ id: x.id, name: x.name, managed: x.managed, state: x.state })),
    };
    if (!group) {
      return [
        fail(
          `No managed edge group ("${MANAGED_EDGE_GROUP}") in the org.`,
          evidence,
          'The managed edge group comes with BYOC Cloud: check GC-PRODUCT-BYOC, then open a case with Genesys.',
        ),
      ];
    }
    if (group.state !== 'active') {
      return [
        fail(
          `The managed edge group "${group.name}" is ${group.state}.`,
          evidence,
          'Open a case with Genesys: the managed edge group is read-only for the org.',
        ),
      ];
    }
    return [pass(`The managed edge group "${group.name}" exists and is active.`, evidence)];
  },
};

/**
 * Guide, Pre-Requisites §1: a location with a verified address ("active state"), available for sites, with an
 * emergency number; "the Country is important as it will determine which country code is used in Number Plans".
 */
export const location: DoctorRule = {
  id: 'GC-LOCATION',
  title: "The site's location is verified and has a country",
  severity: 'fail',
  enforces: 'Guide, Pre-Requisites §1: location address verified, available for sites, emergency number, country',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['locations', 'sites']);
    if (!g.ok) return [g.outcome];
    const sites = byocSites(g.part);
    if (!sites.length) {
      return [
        fail(
          'No site other than the managed one, so no location is in use (see GC-SITE).',
          { locations: g.part.locations.map((l) => l.name) },
          'Create a location (Directory > Locations) with a verified address, then a site that uses it.',
        ),
      ];
    }
    return sites.map((site): RuleOutcome => {
      const subject = `site "${site.name}"`;
      const loc = site.location && g.part.locations.find((l) => l.id === site.location!.id);
      if (!loc) {
        return fail(
          `The site's location ${site.location ? `"${site.location.name}" does not exist` : 'is not set'}.`,
          { site: site.name, location: site.location?.name ?? null },
          'Give the site a location with a verified address (Telephony > Sites > General > Location).',
          subject,
        );
      }
      const evidence = {
        location: loc.name,
        id: loc.id,
        country: loc.country ?? null,
        addressVerified: loc.addressVerified,
        state: loc.state,
        emergencyNumber: loc.emergencyNumber?.e164 ?? loc.emergencyNumber?.number ?? null,
      };
      const hard: string[] = [];
      if (!loc.addressVerified) hard.push('its address is not verified');
      if (loc.state !== 'active') hard.push(`it is ${loc.state}, not available for sites`);
      if (!loc.country) hard.push('it has no country');
      const noEmergency = !loc.emergencyNumber?.e164 && !loc.emergencyNumber?.number;
      if (hard.length) {
        return fail(
          `Location "${loc.name}": ${hard.join('; ')}${noEmergency ? '; no emergency number' : ''}.`,
          evidence,
          'In Directory > Locations, edit the location: enter an address the address service can verify (the ' +
            'country decides the country code the number plans use), tick "Make this location available for use on ' +
            'sites", and enter an emergency number.',
          subject,
        );
      }
      if (noEmergency) {
        return warn(
          `Location "${loc.name}" has no emergency number.`,
          evidence,
          'In Directory > Locations, enter the emergency number for the location (e.g. 112 in Europe).',
          subject,
        );
      }
      return pass(
        `Location "${loc.name}" is verified, in ${loc.country}, with an emergency number.`,
        evidence,
        subject,
      );
    });
  },
};

/** Guide, Pre-Requisites §2: a site on that location, Phone Edge Assignments "Use these Sites" = PureCloud Voice - AWS. */
export const site: DoctorRule = {
  id: 'GC-SITE',
  title: 'A site uses the location and the managed site for its edges',
  severity: 'fail',
  enforces: 'Guide, Pre-Requisites §2: site with the location; primary and secondary sites "PureCloud Voice - AWS"',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['sites']);
    if (!g.ok) return [g.outcome];
    const managedSites = g.part.sites.filter((s) => s.managed);
    const sites = byocSites(g.part);
    if (!sites.length) {
      return [
        fail(
          'There is no site other than the managed "PureCloud Voice - AWS".',
          { sites: g.part.sites.map((s) => s.name) },
          'Create a site (Telephony > Sites > Create New) with your location; under Phone Edge Assignments choose ' +
            '"Use these Sites" with "PureCloud Voice - AWS" as primary and secondary.',
        ),
      ];
    }
    return sites.map((s): RuleOutcome => {
      const subject = `site "${s.name}"`;
      const isManaged = (r: { id: string }) => managedSites.some((m) => m.id === r.id);
      const evidence = {
        site: s.name,
        id: s.id,
        location: s.location?.name ?? null,
        primarySites: s.primarySites.map((r) => r.name),
        secondarySites: s.secondarySites.map((r) => r.name),
        managedSites: managedSites.map((m) => m.name),
      };
      const problems: string[] = [];
      if (!s.location) problems.push('no location');
      if (s.state !== 'active') problems.push(`state ${s.state}`);
      if (!s.primarySites.some(isManaged)) problems.push('the managed site is not a primary site');
      if (!s.secondarySites.some(isManaged)) problems.push('the managed site is not a secondary site');
      if (problems.length) {
        return fail(
          `Site "${s.name}": ${problems.join('; ')}.`,
          evidence,
          `In Telephony > Sites > ${s.name} > General: set the location, and under Phone Edge Assignments choose ` +
            '"Use these Sites" with "PureCloud Voice - AWS" as primary and secondary site.',
          subject,
        );
      }
      return pass(`Site "${s.name}" uses location "${s.location!.name}" and the managed site.`, evidence, subject);
    });
  },
};

const nationalPlan = (p: NumberPlan) =>
  p.matchType === 'intraCountryCode' ||
  (p.classification === 'National' && p.matchType === 'regex' && !!p.normalizedFormat?.startsWith('+'));
const internationalPlan = (p: NumberPlan) =>
  p.matchType === 'interCountryCode' ||
  (p.classification === 'International' && p.matchType === 'regex' && !!p.normalizedFormat?.startsWith('+'));

/**
 * Guide, Pre-Requisites §2 (Number Plans): "National and International Number Plans … transform these numbers
 * into proper E.164 format". intra/interCountryCode plans normalize to E.164 (docs/vendor-facts.md, "Number plans"); a
 * regex plan counts when its normalized format starts with "+".
 */
export const numberPlans: DoctorRule = {
  id: 'GC-NUMBER-PLANS',
  title: 'National and International number plans normalize to E.164',
  severity: 'fail',
  enforces: 'Guide, Pre-Requisites §2 Number Plans: National (intra-country) and International (inter-country) plans',
  evaluate(snapshot: ByocSnapshot) {
    const g = needGenesys(snapshot, ['numberPlans', 'sites']);
    if (!g.ok) return [g.outcome];
    const sites = byocSites(g.part);
    if (!sites.length) {
      return [fail('There is no site to hold number plans (see GC-SITE).', {}, 'Create the site first (see GC-SITE).')];
    }
    return sites.map((s): RuleOutcome => {
      const plans = g.part.numberPlans.filter((p) => p.siteId === s.id && p.state !== 'deleted');
      const national = plans.filter(nationalPlan);
      const international = plans.filter(internationalPlan);
      const evidence = {
        site: s.name,
        plans: plans.length,
        national: national.map((p) => `${p.name} (${p.matchType}, ${p.classification})`),
        international: international.map((p) => `${p.name} (${p.matchType}, ${p.classification})`),
      };
      const missing = [...(national.length ? [] : ['National']), ...(international.length ? [] : ['International'])];
      if (missing.length) {
        return fail(
          `Site "${s.name}" has no ${missing.join(' and no ')} plan that normalizes to E.164 (plans: ${shortList(
            plans.map((p) => p.name),
          )}).`,
          evidence,
          `In Telephony > Sites > ${s.name} > Number Plans, add ${missing
            .map((m) =>
              m === 'National'
                ? 'a National plan (match type Intra-Country)'
                : 'an International plan (match type Inter-Country)',
            )
            .join(' and ')}.`,
          `site "${s.name}"`,
        );
      }
      return pass(
        `Site "${s.name}" has National (${national[0]!.name}) and International (${international[0]!.name}) plans.`,
        evidence,
        `site "${s.name}"`,
      );
    });
  },
};

export const GENESYS_ORG_RULES: DoctorRule[] = [productByoc, edges, edgeGroup, location, site, numberPlans];
