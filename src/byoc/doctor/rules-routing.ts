/**
 * Genesys Cloud routing and numbers: the guide's "BYOC Trunk Configuration for Twilio" §2 (Outbound Route),
 * the guide's §3 (Simulate Call) and §4 (DID Numbers).
 */

import { commandLine } from '../command-line.js';
import { dialExamples } from '../dialplan.js';
import { type SimulationResult, simulateCall } from '../simulate.js';
import { type ByocSnapshot, byocTrunkBases, type GenesysPart, type TrunkBase, type TwilioTrunk } from '../snapshot.js';
import { poolContains } from '../topology.js';
import { count } from '../words.js';
import {
  fail,
  linkedTwilioTrunks,
  needGenesys,
  needTwilio,
  noTrunkSkip,
  pass,
  shortList,
  skip,
  trunkSubject,
  twilioSubject,
  warn,
} from './helpers.js';
import type { DoctorRule, RuleContext, RuleOutcome } from './types.js';

/** The classifications a site's National and International plans give (the route must cover those). */
function siteClassifications(g: GenesysPart, siteId: string): { national: string; international: string } {
  const plans = g.numberPlans.filter((p) => p.siteId === siteId);
  return {
    national: plans.find((p) => p.matchType === 'intraCountryCode')?.classification ?? 'National',
    international: plans.find((p) => p.matchType === 'interCountryCode')?.classification ?? 'International',
  };
}

const trunkSite = (t: TrunkBase) => t.inboundSite ?? t.site;

/**
 * Guide, Trunk §2 Outbound Route: "Create an Outbound Route … with Enabled State set, using the new Twilio trunk …
 * for outbound calls to national or international numbers".
 */
export const route: DoctorRule = {
  id: 'GC-ROUTE',
  title: 'An enabled outbound route uses the trunk for National and International',
  severity: 'fail',
  enforces: 'Guide, Trunk §2 Outbound Route: enabled, uses the trunk, classifications National and International',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['trunkBases', 'outboundRoutes', 'numberPlans']);
    if (!g.ok) return [g.outcome];
    const trunks = byocTrunkBases(g.part);
    if (!trunks.length) return [noTrunkSkip()];
    return trunks.map((t): RuleOutcome => {
      const subject = trunkSubject(t);
      const site = trunkSite(t);
      if (!site) {
        return fail(
          `"${t.name}" has no Number Plan Site, so no site's outbound routes can use it.`,
          { trunk: t.name },
          `Set the Number Plan Site (inboundSite) of "${t.name}" to your site (see GC-SITE).`,
          subject,
        );
      }
      const { national, international } = siteClassifications(g.part, site.id);
      const routes = g.part.outboundRoutes.filter(
        (r) => r.siteId === site.id && r.state !== 'deleted' && r.externalTrunkBases.some((x) => x.id === t.id),
      );
      const enabled = routes.filter((r) => r.enabled);
      const covered = new Set(enabled.flatMap((r) => r.classificationTypes));
      const missing = [national, international].filter((c) => !covered.has(c));
      const evidence = {
        trunk: t.name,
        site: site.name,
        routes: routes.map((r) => ({
          name: r.name,
          enabled: r.enabled,
          classificationTypes: r.classificationTypes,
          trunks: r.externalTrunkBases.map((x) => x.name),
        })),
        needed: [national, international],
      };
      if (!missing.length) {
        return pass(
          `Route ${enabled.map((r) => `"${r.name}"`).join(', ')} of "${site.name}" sends ${national} and ${international} to "${t.name}".`,
          evidence,
          subject,
        );
      }
      const disabled = routes.filter((r) => !r.enabled && missing.some((m) => r.classificationTypes.includes(m)));
      const message = !routes.length
        ? `No outbound route of "${site.name}" uses "${t.name}".`
        : disabled.length
          ? `The route ${disabled.map((r) => `"${r.name}"`).join(', ')} that would send ${missing.join(' and ')} to "${t.name}" is disabled.`
          : `No enabled route of "${site.name}" sends ${missing.join(' and ')} calls to "${t.name}".`;
      const fixText = disabled.length
        ? `Enable the outbound route ${disabled.map((r) => `"${r.name}"`).join(', ')} (Telephony > Sites > ${site.name} > Outbound Routes > State).`
        : `In Telephony > Sites > ${site.name} > Outbound Routes, ${
            routes.length
              ? `add ${missing.join(' and ')} to the classifications of "${routes[0]!.name}"`
              : `create a route with "${t.name}" as external trunk and classifications ${national} and ${international}`
          }, State enabled.`;
      return fail(message, evidence, fixText, subject);
    });
  },
};

/** Sample numbers for a site's country: one national as people dial it, one international, plus the org's own. */
function sampleNumbers(country: string | undefined, extra: string[]): { kind: string; number: string }[] {
  const ex = dialExamples(country);
  const out: { kind: string; number: string }[] = [];
  // dialExamples: [national format, the same in E.164, an international number] (fewer when the country is unknown).
  if (ex.length === 3) out.push({ kind: 'national', number: ex[0]! }, { kind: 'international', number: ex[2]! });
  else if (ex.length) out.push({ kind: 'international', number: ex[ex.length - 1]! });
  for (const n of extra) out.push({ kind: 'configured', number: n });
  return out;
}

/** What a simulation says about one trunk, in a line, and whether it routed to it on a working edge. */
function judge(sim: SimulationResult, t: TrunkBase): { ok: boolean; line: string } {
  const clean = (m: string | undefined) => m?.replace(/\.$/, '');
  const head = `${sim.input.number} -> ${sim.normalizedNumber ?? '?'} [${sim.classification ?? 'unclassified'}]`;
  if (sim.outcome === 'input-error' || sim.outcome === 'unknown-site' || sim.outcome === 'genesys-unavailable') {
    return { ok: false, line: `${head}: ${clean(sim.reasons.find((r) => r.blocking)?.message) ?? sim.outcome}` };
  }
  if (!sim.outboundRoute) {
    return {
      ok: false,
      line: `${head}: ${clean(sim.reasons.find((r) => r.code === 'NO_ROUTE')?.message) ?? 'no outbound route'}`,
    };
  }
  const st = sim.trunks.find((x) => x.id === t.id);
  if (!st) {
    return {
      ok: false,
      line: `${head}: route "${sim.outboundRoute.name}" uses ${sim.trunks.map((x) => `"${x.name}"`).join(', ') || 'no trunk'}, not "${t.name}"`,
    };
  }
  if (!st.operational) {
    const edges = st.edges.map(
      (e) => `${e.name} ${e.connected && e.inService ? 'ok' : e.error ? `(${e.error})` : 'down'}`,
    );
    return {
      ok: false,
      line: `${head}: route "${sim.outboundRoute.name}" -> "${t.name}", not operational (${st.problem ?? (st.inService ? edges.join(', ') : 'out of service')})`,
    };
  }
  const up = st.edges.filter((e) => e.connected && e.inService).map((e) => e.name);
  return { ok: true, line: `${head}: route "${sim.outboundRoute.name}" -> "${t.name}" on ${up.join(', ')}` };
}

/**
 * Guide, Trunk §3 Simulate Call: a national and an international number give a normalized number, number plan,
 * classification, the outbound route and "This Trunk is operational on all of the associated Edge interfaces".
 * Only the Genesys side is judged here (the Twilio side has its own rules).
 */
export const simulate: DoctorRule = {
  id: 'GC-SIMULATE',
  title: 'Sample national and international calls route to the trunk',
  severity: 'fail',
  enforces: 'Guide, Trunk §3 Simulate Call: national and international numbers reach the trunk on its edges',
  evaluate(snapshot: ByocSnapshot, ctx: RuleContext) {
    const g = needGenesys(snapshot, ['trunkBases', 'numberPlans', 'outboundRoutes', 'trunks', 'locations', 'sites']);
    if (!g.ok) return [g.outcome];
    const trunks = byocTrunkBases(g.part);
    if (!trunks.length) return [noTrunkSkip()];
    // A simulation depends on the site and the number, not on the trunk: trunks sharing a site share them.
    const bySite = new Map<string, { kind: string; number: string; sim: SimulationResult }[]>();
    const simulationsFrom = (siteId: string, siteName: string, country: string | undefined) => {
      let sims = bySite.get(siteId);
      if (!sims) {
        sims = sampleNumbers(country, ctx.config.simulateNumbers).map((s) => ({
          ...s,
          sim: simulateCall(snapshot, { number: s.number, site: siteName }),
        }));
        bySite.set(siteId, sims);
      }
      return sims;
    };
    return trunks.map((t): RuleOutcome => {
      const subject = trunkSubject(t);
      const siteRef = trunkSite(t);
      const site = siteRef && g.part.sites.find((s) => s.id === siteRef.id);
      if (!site) {
        return skip(
          `"${t.name}" has no Number Plan Site to simulate calls from (see GC-ROUTE).`,
          "Set the trunk's Number Plan Site, then run the doctor again.",
          { trunk: t.name },
          subject,
        );
      }
      const country = g.part.locations.find((l) => l.id === site.location?.id)?.country;
      const results = simulationsFrom(site.id, site.name, country).map((s) => ({ ...s, ...judge(s.sim, t) }));
      const evidence = {
        trunk: t.name,
        site: site.name,
        country: country ?? null,
        simulated: results.map((r) => `${r.kind}: ${r.line}`),
      };
      const bad = results.filter((r) => !r.ok);
      if (!bad.length) {
        return pass(
          `${results.map((r) => r.number).join(', ')} from "${site.name}" route to "${t.name}".`,
          evidence,
          subject,
        );
      }
      return fail(
        `Simulated from "${site.name}": ${bad.map((r) => `${r.kind} ${r.line}`).join('; ')}.`,
        evidence,
        'Follow the first failing step: the number plan (GC-NUMBER-PLANS), the outbound route (GC-ROUTE), or the ' +
          `trunk on its edges (GC-TRUNK-INSERVICE, GC-TRUNK-CONNECTED). ${commandLine('simulate NUMBER')} shows each step.`,
        subject,
      );
    });
  },
};

const digits = (n: string) => BigInt(n.replace(/\D/g, '') || '0');

/** Sorted numbers grouped into contiguous runs: +331…89, +331…90 -> one run. */
function contiguousRuns(numbers: string[]): string[][] {
  const sorted = [...new Set(numbers)].sort((a, b) => (digits(a) < digits(b) ? -1 : digits(a) > digits(b) ? 1 : 0));
  const runs: string[][] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && digits(n) === digits(last[last.length - 1]!) + 1n) last.push(n);
    else runs.push([n]);
  }
  return runs;
}

/** Runs `check` on each Twilio trunk paired with a BYOC trunk, with both vendor parts in hand. */
function perLinkedTwilioTrunk(
  snapshot: ByocSnapshot,
  ctx: RuleContext,
  genesysFields: string[],
  twilioFields: string[],
  check: (tt: TwilioTrunk, g: GenesysPart) => RuleOutcome[],
): RuleOutcome[] {
  const g = needGenesys(snapshot, genesysFields);
  if (!g.ok) return [g.outcome];
  const tw = needTwilio(snapshot, twilioFields);
  if (!tw.ok) return [tw.outcome];
  const trunks = linkedTwilioTrunks(snapshot, tw.part, ctx);
  if (!trunks.length) {
    return [skip('There is no Twilio trunk whose numbers to check (see TW-TRUNK).', 'Create the Twilio trunk first.')];
  }
  return trunks.flatMap((tt) => check(tt, g.part).map((o) => ({ ...o, subject: o.subject ?? twilioSubject(tt) })));
}

/** Guide, Trunk §4 DID Numbers: "Configure the numbers you purchased from Twilio" as DID ranges in Genesys. */
export const dids: DoctorRule = {
  id: 'GC-DIDS',
  title: 'Every number on the Twilio trunk is in a Genesys DID pool',
  severity: 'warn',
  enforces: 'Guide, Trunk §4 DID Numbers: the numbers purchased from Twilio are configured as DIDs',
  evaluate(snapshot, ctx) {
    return perLinkedTwilioTrunk(snapshot, ctx, ['didPools'], ['trunks', 'phoneNumbers'], (tt, g) => {
      const numbers = tt.phoneNumbers.map((n) => n.phoneNumber);
      const pools = g.didPools.filter((p) => p.state !== 'deleted');
      const missing = numbers.filter((n) => !pools.some((p) => poolContains(p, n)));
      const evidence = {
        twilioTrunk: tt.friendlyName,
        numbers,
        didPools: pools.map((p) => `${p.startPhoneNumber}–${p.endPhoneNumber}`),
      };
      if (!missing.length) {
        return [
          pass(
            numbers.length
              ? `${numbers.length === 1 ? 'The number' : `All ${numbers.length} numbers`} of "${tt.friendlyName}" ${numbers.length === 1 ? 'is' : 'are'} in a Genesys DID pool.`
              : `"${tt.friendlyName}" has no numbers (see TW-NUMBERS).`,
            evidence,
          ),
        ];
      }
      // One finding per contiguous run, each with the DID pool that would hold it.
      return contiguousRuns(missing).map((run) => {
        const start = run[0]!;
        const end = run[run.length - 1]!;
        const label = start === end ? start : `${start}–${end}`;
        return warn(
          `${label} is on Twilio trunk "${tt.friendlyName}" but in no Genesys DID pool: calls to it reach Genesys with nowhere to go.`,
          { ...evidence, missing: run },
          `Add ${label} as a DID range (Telephony > DID Numbers), then assign it: ${commandLine(`did assign ${start} @user`)}.`,
          `Twilio trunk "${tt.friendlyName}" ${label}`,
          {
            kind: 'genesys.didpool.create',
            startPhoneNumber: start,
            endPhoneNumber: end,
            description: `Twilio trunk ${tt.friendlyName}`,
          },
        );
      });
    });
  },
};

/** Guide, Trunk §4: "You can then assign this number to a user (Person) … Or assign the number to an IVR". */
export const didOwners: DoctorRule = {
  id: 'GC-DID-OWNERS',
  title: 'Every DID of those pools has an owner',
  severity: 'warn',
  enforces: 'Guide, Trunk §4 DID Numbers: each DID assigned to a person or an IVR (Call Routing)',
  evaluate(snapshot, ctx) {
    return perLinkedTwilioTrunk(snapshot, ctx, ['didPools', 'dids'], ['trunks', 'phoneNumbers'], (tt, g) => {
      const numbers = tt.phoneNumbers.map((n) => n.phoneNumber);
      const pools = g.didPools.filter((p) => p.state !== 'deleted' && numbers.some((n) => poolContains(p, n)));
      const poolIds = new Set(pools.map((p) => p.id));
      const inPools = g.dids.filter((d) =>
        d.didPoolId ? poolIds.has(d.didPoolId) : pools.some((p) => poolContains(p, d.phoneNumber)),
      );
      const unowned = inPools.filter((d) => !d.owner).map((d) => d.phoneNumber);
      const evidence = {
        twilioTrunk: tt.friendlyName,
        didPools: pools.map((p) => `${p.startPhoneNumber}–${p.endPhoneNumber}`),
        dids: inPools.length,
        unowned: unowned.length > 20 ? [...unowned.slice(0, 20), `…and ${unowned.length - 20} more`] : unowned,
      };
      if (!pools.length) {
        return [pass(`No DID pool holds a number of "${tt.friendlyName}" yet (see GC-DIDS).`, evidence)];
      }
      if (!unowned.length) {
        return [
          pass(
            `${inPools.length === 1 ? 'The DID' : `All ${inPools.length} DIDs`} in the pools of "${tt.friendlyName}" ${inPools.length === 1 ? 'has' : 'have'} an owner.`,
            evidence,
          ),
        ];
      }
      return [
        warn(
          `${count(unowned.length, 'DID')} ${unowned.length === 1 ? 'has' : 'have'} no owner: ${shortList(unowned, 5)}. Calls to ${unowned.length === 1 ? 'it are' : 'them are'} not answered.`,
          evidence,
          `Assign each to a person or an IVR: ${commandLine(`did assign ${unowned[0]} @user`)}, or Routing > Call Routing for an IVR.`,
        ),
      ];
    });
  },
};

export const ROUTING_RULES: DoctorRule[] = [route, simulate, dids, didOwners];
