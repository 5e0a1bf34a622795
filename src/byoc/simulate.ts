/**
 * `simulateCall`: what the Genesys admin UI's "Simulate Call" shows, computed from a snapshot (Genesys has no public
 * API for it, docs/vendor-facts.md "Simulate Call"), plus the Twilio side that UI cannot see. Pure: a function of the snapshot.
 *
 * The result doubles as the CLI's `--json`; its top-level names are part of that contract.
 */

import { commandLine } from './command-line.js';
import {
  classifyDialedString,
  type DialInputError,
  dialExamples,
  dialInputError,
  dialInputErrorOf,
  supportedCountry,
} from './dialplan.js';
import { findRoute, pickSite, plansInPriority, simulateTrunk } from './genesys-routing.js';
import type { ReasonCode, SimulationInput, SimulationResult } from './simulation-result.js';
import type { ByocSnapshot } from './snapshot.js';
import { twilioChecks } from './twilio-checks.js';

export type * from './simulation-result.js';

export function simulateCall(snapshot: ByocSnapshot, input: SimulationInput): SimulationResult {
  const result: SimulationResult = {
    outcome: 'not-routable',
    input,
    site: null,
    country: null,
    normalizedNumber: null,
    numberPlan: null,
    classification: null,
    outboundRoute: null,
    trunks: [],
    twilio: [],
    routable: false,
    via: null,
    reasons: [],
    inputError: null,
    siteNames: [],
    takenAt: snapshot.takenAt,
  };
  const g = snapshot.genesys;
  if (!g.available) {
    result.outcome = 'genesys-unavailable';
    result.reasons.push({
      code: 'GENESYS_UNAVAILABLE',
      message: `Genesys Cloud could not be reached: ${g.reason}`,
      fix: 'Check the Genesys client credentials and region, then try again.',
      blocking: true,
    });
    return result;
  }

  const picked = pickSite(g, input.site);
  result.siteNames = picked.siteNames;
  if (!picked.site) {
    result.outcome = picked.siteNames.length === 0 ? 'not-routable' : 'unknown-site';
    result.reasons.push(
      picked.siteNames.length === 0
        ? {
            code: 'NO_SITE',
            message: 'The org has no site to place the call from.',
            fix: 'Create a site for the BYOC trunk (guide: "Create a site").',
            blocking: true,
          }
        : {
            code: 'UNKNOWN_SITE',
            message: `No site is named "${input.site}". Sites: ${picked.siteNames.join(', ')}.`,
            fix: 'Pass one of those names with --site.',
            blocking: true,
          },
    );
    return result;
  }
  const site = picked.site;
  result.site = {
    id: site.id,
    name: site.name,
    ...(picked.chosenBecause ? { chosenBecause: picked.chosenBecause } : {}),
  };
  const location = g.locations.find((l) => l.id === site.location?.id);
  const country = supportedCountry(location?.country);
  result.country = country ?? null;
  if (!country) {
    result.reasons.push({
      code: 'NO_COUNTRY',
      message: `The site "${site.name}" has no country on its location, so National and International plans cannot match.`,
      fix: 'Give the site\'s location an address with a country (guide: "Create a location").',
      blocking: false,
    });
  }

  const plans = g.numberPlans.filter((p) => p.siteId === site.id);
  let classified: ReturnType<typeof classifyDialedString>;
  try {
    classified = classifyDialedString(input.number, plans, country);
  } catch (err) {
    const inputError = dialInputErrorOf(err);
    if (!inputError) throw err;
    return inputErrorResult(result, inputError);
  }
  for (const { plan, reason } of classified.planErrors) {
    result.reasons.push({
      code: 'PLAN_ERROR',
      message: `The number plan "${plan.name}" was skipped: ${reason}.`,
      fix: `Fix the plan "${plan.name}" on the site "${site.name}".`,
      blocking: false,
    });
  }
  if (!classified.match) {
    const tried = plansInPriority(plans);
    return inputErrorResult(
      result,
      dialInputError(
        'unclassifiable',
        `No number plan of "${site.name}" matches "${classified.dialed}"${tried ? ` (tried: ${tried})` : ''}.`,
        dialExamples(country),
      ),
      'NO_PLAN_MATCHED',
    );
  }
  const { plan, classification, normalizedNumber } = classified.match;
  result.normalizedNumber = normalizedNumber;
  result.numberPlan = { id: plan.id, name: plan.name, matchType: plan.matchType };
  result.classification = classification;

  const route = findRoute(g, site, classification, result.reasons);
  if (!route) return finish(result);
  result.outboundRoute = { id: route.id, name: route.name, distribution: route.distribution };

  result.trunks = route.externalTrunkBases.map((ref) => simulateTrunk(g, ref));
  if (result.trunks.length === 0) {
    result.reasons.push({
      code: 'ROUTE_HAS_NO_TRUNKS',
      message: `The outbound route "${route.name}" has no external trunk.`,
      fix: `Add the BYOC trunk to "${route.name}" (guide: "Create an outbound route").`,
      blocking: true,
    });
    return finish(result);
  }
  const usable = result.trunks.find((t) => t.operational);
  for (const t of result.trunks) {
    for (const e of t.edges.filter((x) => !(x.connected && x.inService))) {
      result.reasons.push({
        code: 'EDGE_NOT_CONNECTED',
        message: `"${t.name}" is not usable on ${e.name}${e.error ? `: ${e.error}` : ''}.`,
        fix: `Check the trunk's SIP servers/proxies and the Twilio termination URI; ${commandLine('status')} shows the state per edge.`,
        blocking: false,
      });
    }
  }
  if (!usable) {
    result.reasons.push({
      code: 'NO_OPERATIONAL_TRUNK',
      message: `Every trunk of "${route.name}" is out of service or disconnected on every edge: ${result.trunks
        .map((t) => `${t.name} (${t.problem ?? (t.inService ? 'disconnected' : 'out of service')})`)
        .join(', ')}.`,
      fix: result.trunks.some((t) => !t.inService && !t.problem)
        ? `Put the trunk in service (${commandLine('trunk enable NAME')}), then check it connects on the edges.`
        : "Check the trunk's SIP servers/proxies and that Twilio answers OPTIONS; the edge errors are listed above.",
      blocking: true,
    });
  } else {
    result.via = {
      trunk: { id: usable.id, name: usable.name },
      edges: usable.edges.filter((e) => e.connected && e.inService).map((e) => ({ id: e.id, name: e.name })),
    };
  }

  // The Twilio side is checked for the trunk the call would use (or the first one, to still show what is wrong).
  const trunkRef = usable ?? result.trunks[0]!;
  const trunkBase = g.trunkBases.find((t) => t.id === trunkRef.id);
  if (trunkBase)
    result.twilio = twilioChecks(snapshot, trunkBase, normalizedNumber, input.from, country, result.reasons);
  return finish(result);
}

function finish(result: SimulationResult): SimulationResult {
  result.routable = result.via !== null && !result.reasons.some((r) => r.blocking);
  result.outcome = result.routable ? 'routable' : 'not-routable';
  return result;
}

function inputErrorResult(result: SimulationResult, err: DialInputError, code?: ReasonCode): SimulationResult {
  result.outcome = 'input-error';
  const { kind, examples } = err.details;
  result.inputError = { code: kind, message: err.message, examples };
  const reasonCode: ReasonCode =
    code ?? (kind === 'empty' ? 'INPUT_EMPTY' : kind === 'letters' ? 'INPUT_LETTERS' : 'INPUT_INVALID');
  result.reasons.push({
    code: reasonCode,
    message: err.message,
    fix: `Dial a number such as ${examples.join(', ')}.`,
    blocking: true,
  });
  return result;
}
