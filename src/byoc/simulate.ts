/**
 * `simulateCall`: what the Genesys admin UI's "Simulate Call" shows, computed from a snapshot (Genesys has no public
 * API for it, vendor/genesys-cloud.md §9), plus the Twilio side that UI cannot see. Pure: a function of the snapshot.
 *
 * The result doubles as the CLI's `--json`; its top-level names are part of that contract.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  classifyDialedString,
  DialInputError,
  type DialInputErrorCode,
  dialExamples,
  plansInOrder,
  supportedCountry,
} from './dialplan.js';
import type {
  ByocSnapshot,
  GenesysPart,
  GenesysSite,
  NumberPlanMatchType,
  OutboundRoute,
  Ref,
  TrunkBase,
  TrunkInstance,
  TwilioPart,
  TwilioTrunk,
} from './snapshot.js';

export interface SimulationInput {
  number: string;
  site?: string;
  from?: string;
}

export interface SimulatedEdge {
  id: string;
  name: string;
  connected: boolean;
  inService: boolean;
  options: { proxy: string; ok: boolean; error?: string }[];
  error?: string;
}

export interface SimulatedTrunk {
  id: string;
  name: string;
  inService: boolean;
  edges: SimulatedEdge[];
  /** In service and connected (and in service) on at least one edge. */
  operational: boolean;
  /** Why the trunk cannot be used at all, beyond its edges (e.g. the route names a trunk base that does not exist). */
  problem?: string;
}

export type TwilioCheckId = 'called-number-e164' | 'caller-id' | 'proxy-is-termination-uri';

export interface TwilioCheck {
  id: TwilioCheckId;
  /** null: could not be checked (Twilio unavailable, nothing to check against): never a silent pass. */
  ok: boolean | null;
  label: string;
  detail: string;
}

export type ReasonCode =
  | 'GENESYS_UNAVAILABLE'
  | 'NO_SITE'
  | 'UNKNOWN_SITE'
  | 'NO_COUNTRY'
  | 'INPUT_EMPTY'
  | 'INPUT_LETTERS'
  | 'INPUT_INVALID'
  | 'NO_PLAN_MATCHED'
  | 'PLAN_ERROR'
  | 'NO_ROUTE'
  | 'ROUTE_HAS_NO_TRUNKS'
  | 'NO_OPERATIONAL_TRUNK'
  | 'EDGE_NOT_CONNECTED'
  | 'CALLED_NOT_E164'
  | 'CALLER_ID_REFUSED'
  | 'CALLER_ID_UNKNOWN'
  | 'CALLER_ID_NOT_ON_TRUNK'
  | 'PROXY_NOT_TWILIO'
  | 'TWILIO_UNAVAILABLE';

export interface SimulationReason {
  code: ReasonCode;
  message: string;
  fix: string;
  /** False for a warning that does not stop the call (one edge of two disconnected, Twilio could not be checked). */
  blocking: boolean;
}

/**
 * routable / not-routable: the answer. input-error: the number is not something the dial plan takes (see
 * `inputError`). unknown-site: `--site` names no site. genesys-unavailable: nothing could be simulated.
 */
export type SimulationOutcome = 'routable' | 'not-routable' | 'input-error' | 'unknown-site' | 'genesys-unavailable';

export interface SimulationResult {
  outcome: SimulationOutcome;
  input: SimulationInput;
  site: (Ref & { chosenBecause?: string }) | null;
  /** ISO country of the site's location. */
  country: string | null;
  normalizedNumber: string | null;
  numberPlan: { id: string; name: string; matchType: NumberPlanMatchType } | null;
  classification: string | null;
  outboundRoute: { id: string; name: string; distribution: 'SEQUENTIAL' | 'RANDOM' } | null;
  /** In the order they would be tried (RANDOM: a set, in the route's order). */
  trunks: SimulatedTrunk[];
  twilio: TwilioCheck[];
  routable: boolean;
  via: { trunk: Ref; edges: Ref[] } | null;
  reasons: SimulationReason[];
  /** Set when outcome is input-error: what was wrong and examples of valid input for the site's country. */
  inputError: { code: DialInputErrorCode; message: string; examples: string[] } | null;
  /** Set when outcome is unknown-site or the site was chosen: the sites one can pass to --site. */
  siteNames: string[];
  takenAt: string;
}

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
    if (!(err instanceof DialInputError)) throw err;
    return inputErrorResult(result, err);
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
      new DialInputError(
        'unclassifiable',
        `No number plan of "${site.name}" matches "${classified.dialed}"${tried ? ` (tried: ${tried})` : ''}.`,
        input.number,
        dialExamples(country),
      ),
      'NO_PLAN_MATCHED',
    );
  }
  const { plan, classification, normalizedNumber } = classified.match;
  result.normalizedNumber = normalizedNumber;
  result.numberPlan = { id: plan.id, name: plan.name, matchType: plan.matchType };
  result.classification = classification;

  const route = findRoute(g, site, classification, result);
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
        fix: "Check the trunk's SIP servers/proxies and the Twilio termination URI; `/byoc status` shows the state per edge.",
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
        ? 'Put the trunk in service (`/byoc trunk enable NAME`), then check it connects on the edges.'
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
  if (trunkBase) result.twilio = twilioChecks(snapshot, trunkBase, normalizedNumber, input.from, country, result);
  return finish(result);
}

function finish(result: SimulationResult): SimulationResult {
  result.routable = result.via !== null && !result.reasons.some((r) => r.blocking);
  result.outcome = result.routable ? 'routable' : 'not-routable';
  return result;
}

function inputErrorResult(result: SimulationResult, err: DialInputError, code?: ReasonCode): SimulationResult {
  result.outcome = 'input-error';
  result.inputError = { code: err.code, message: err.message, examples: err.examples };
  const reasonCode: ReasonCode =
    code ?? (err.code === 'empty' ? 'INPUT_EMPTY' : err.code === 'letters' ? 'INPUT_LETTERS' : 'INPUT_INVALID');
  result.reasons.push({
    code: reasonCode,
    message: err.message,
    fix: `Dial a number such as ${err.examples.join(', ')}.`,
    blocking: true,
  });
  return result;
}

/** The plans the dial plan tried, in its order: deleted and inactive plans were not tried. */
function plansInPriority(plans: GenesysPart['numberPlans']): string {
  return plansInOrder(plans)
    .map((p) => `${p.name} (${p.matchType})`)
    .join(', ');
}

/** The sites a call can come from: the org's own, not the Genesys-managed cloud site. */
function pickSite(
  g: GenesysPart,
  wanted: string | undefined,
): { site?: GenesysSite; chosenBecause?: string; siteNames: string[] } {
  const own = g.sites.filter((s) => !s.managed && s.state !== 'deleted');
  const candidates = own.length > 0 ? own : g.sites;
  const siteNames = candidates.map((s) => s.name).sort((a, b) => a.localeCompare(b));
  if (wanted !== undefined) {
    const w = wanted.trim().toLowerCase();
    const site = candidates.find((s) => s.name.toLowerCase() === w || s.id === wanted.trim());
    return { site, siteNames };
  }
  if (candidates.length <= 1) return { site: candidates[0], siteNames };
  // Several sites: prefer one whose number plans and enabled routes exist, i.e. one set up for outbound calls.
  const withRoutes = candidates.filter((s) => g.outboundRoutes.some((r) => r.siteId === s.id && r.enabled));
  const pool = withRoutes.length > 0 ? withRoutes : candidates;
  const site = [...pool].sort((a, b) => a.name.localeCompare(b.name))[0]!;
  const others = siteNames.filter((n) => n !== site.name);
  const because =
    withRoutes.length === 1
      ? 'it is the only site with an enabled outbound route'
      : withRoutes.length > 1
        ? 'it comes first by name among the sites with an enabled outbound route'
        : 'it comes first by name';
  return {
    site,
    siteNames,
    chosenBecause: `${candidates.length} sites; used "${site.name}" because ${because}. Pick another with --site (${others.map((n) => `"${n}"`).join(', ')}).`,
  };
}

/** The enabled route of the site whose classificationTypes contain the classification (§9, evaluation step 3). */
function findRoute(
  g: GenesysPart,
  site: GenesysSite,
  classification: string,
  result: SimulationResult,
): OutboundRoute | undefined {
  const covering = g.outboundRoutes.filter(
    (r) => r.siteId === site.id && r.state !== 'deleted' && r.classificationTypes.includes(classification),
  );
  const route = covering.find((r) => r.enabled);
  if (route) return route;
  const disabled = covering.filter((r) => !r.enabled);
  result.reasons.push({
    code: 'NO_ROUTE',
    message:
      disabled.length > 0
        ? `No enabled outbound route of "${site.name}" covers ${classification}: ${disabled.map((r) => `"${r.name}"`).join(', ')} would, but is disabled.`
        : `No outbound route of "${site.name}" covers the classification ${classification}.`,
    fix:
      disabled.length > 0
        ? `Enable the outbound route ${disabled.map((r) => `"${r.name}"`).join(', ')}.`
        : `Add ${classification} to the classifications of an enabled outbound route that uses the BYOC trunk (guide: "Create an outbound route").`,
    blocking: true,
  });
  return undefined;
}

export function simulateTrunk(g: GenesysPart, ref: Ref): SimulatedTrunk {
  const base = g.trunkBases.find((t) => t.id === ref.id) ?? g.trunkBases.find((t) => t.name === ref.name);
  if (!base) {
    return {
      id: ref.id,
      name: ref.name,
      inService: false,
      edges: [],
      operational: false,
      problem: 'the trunk base does not exist',
    };
  }
  const edges = g.trunks.filter((i) => i.trunkBaseId === base.id).map((i) => simulateEdge(g, i));
  const operational = base.settings.inService && edges.some((e) => e.connected && e.inService);
  return {
    id: base.id,
    name: base.name,
    inService: base.settings.inService,
    edges,
    operational,
    ...(edges.length === 0 ? { problem: 'no edge carries it' } : {}),
  };
}

function simulateEdge(g: GenesysPart, i: TrunkInstance): SimulatedEdge {
  const edge = g.edges.find((e) => e.id === i.edge.id);
  // An instance is usable when its trunk is in service, its edge is enabled for it and the edge itself is online.
  const inService = i.inService && i.enabled && (edge ? edge.onlineStatus === 'ONLINE' : true);
  const options = i.options.map((o) => ({
    proxy: o.proxyAddress,
    ok: o.optionState,
    ...(o.error?.text ? { error: o.error.text } : {}),
  }));
  const error =
    i.error?.text ??
    options.find((o) => !o.ok && o.error)?.error ??
    (edge && edge.onlineStatus !== 'ONLINE' ? `edge is ${edge.onlineStatus}` : undefined);
  return {
    id: i.edge.id,
    name: i.edge.name,
    connected: i.connected,
    inService,
    options,
    ...(error ? { error } : {}),
  };
}

// ------------------------------------------------------------------ Twilio side

/** `host` of a proxy or SIP URL: without `sip:`, user part, port or parameters; lower case. */
export function hostOf(uri: string): string {
  return uri
    .trim()
    .replace(/^sips?:/i, '')
    .replace(/^[^@]*@/, '')
    .replace(/[;:].*$/, '')
    .toLowerCase();
}

/**
 * Whether a Genesys proxy host is a Twilio trunk's termination URI: its `domain_name`, or the localized form
 * `<name>.pstn.<edge>.twilio.com` (vendor/twilio.md: localized termination URIs pin a Twilio edge).
 */
export function proxyIsTerminationUri(proxy: string, domainName: string | null): boolean {
  if (!domainName) return false;
  const host = hostOf(proxy);
  const domain = domainName.toLowerCase();
  if (host === domain) return true;
  const m = /^([^.]+)\.pstn\.twilio\.com$/.exec(domain);
  return m
    ? new RegExp(`^${m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.pstn\\.[a-z0-9-]+\\.twilio\\.com$`).test(host)
    : false;
}

export interface TwilioTrunkMatch {
  trunk: TwilioTrunk | null;
  /** domain: a proxy is its termination URI; only-trunk: the account has one trunk and none matched. */
  how: 'domain' | 'only-trunk' | 'none';
}

/** The Twilio trunk a BYOC trunk sends its calls to: the one whose termination URI is among the trunk's proxies. */
export function matchTwilioTrunk(twilio: TwilioPart, trunkBase: TrunkBase): TwilioTrunkMatch {
  const byDomain = twilio.trunks.find((t) =>
    trunkBase.settings.proxies.some((p) => proxyIsTerminationUri(p, t.domainName)),
  );
  if (byDomain) return { trunk: byDomain, how: 'domain' };
  if (twilio.trunks.length === 1) return { trunk: twilio.trunks[0]!, how: 'only-trunk' };
  return { trunk: null, how: 'none' };
}

function toE164(n: string, country: string | undefined): string {
  const cleaned = n.replace(/[\s\-.()]/g, '');
  const phone = parsePhoneNumberFromString(cleaned, country ? { defaultCountry: supportedCountry(country) } : {});
  return phone?.number ?? cleaned;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function twilioChecks(
  snapshot: ByocSnapshot,
  trunkBase: TrunkBase,
  normalizedNumber: string,
  from: string | undefined,
  country: string | undefined,
  result: SimulationResult,
): TwilioCheck[] {
  const s = trunkBase.settings;
  const checks: TwilioCheck[] = [];

  // Twilio requires E.164 with the + (guide: "Address Omit + Prefix" disabled; checklist GC-TRUNK-OMIT-PLUS).
  const leaves = s.omitPlusCalled ? normalizedNumber.replace(/^\+/, '') : normalizedNumber;
  const calledOk = !s.omitPlusCalled && E164.test(normalizedNumber);
  checks.push({
    id: 'called-number-e164',
    ok: calledOk,
    label: 'Called number leaves in E.164 with +',
    detail: s.omitPlusCalled
      ? `"${trunkBase.name}" omits the + on the called address: Twilio would receive ${leaves}.`
      : E164.test(normalizedNumber)
        ? `Twilio receives ${leaves}.`
        : `${leaves} is not an E.164 number; the number plan does not normalize it.`,
  });
  if (!calledOk) {
    result.reasons.push(
      s.omitPlusCalled
        ? {
            code: 'CALLED_NOT_E164',
            message: `The number leaves without its + (${leaves}); Twilio refuses numbers that are not E.164.`,
            fix: `Turn off "Address Omit + Prefix" for the called address on "${trunkBase.name}".`,
            blocking: true,
          }
        : {
            code: 'CALLED_NOT_E164',
            message: `The normalized number ${normalizedNumber} is not E.164; Twilio would refuse it.`,
            fix: 'Have the number plan normalize to E.164 (National and International plans do).',
            blocking: true,
          },
    );
  }

  const tw = snapshot.twilio;
  const alwaysOverride = s.callingAddressOverrideMethod?.toLowerCase() === 'always';
  const callerIdRaw = alwaysOverride && s.callingAddress ? s.callingAddress : from;
  const callerSource = alwaysOverride && s.callingAddress ? "the trunk's calling address, override Always" : '--from';
  if (!tw.available) {
    const why = `Twilio could not be reached: ${tw.reason}`;
    checks.push(
      { id: 'caller-id', ok: null, label: 'Caller ID is a Twilio number', detail: why },
      { id: 'proxy-is-termination-uri', ok: null, label: 'Proxy is the Twilio termination URI', detail: why },
    );
    result.reasons.push({
      code: 'TWILIO_UNAVAILABLE',
      message: `${why}; the Twilio side of the call was not checked.`,
      fix: 'Check the Twilio account SID and auth token (or API key), then simulate again.',
      blocking: false,
    });
    return checks;
  }

  const match = matchTwilioTrunk(tw, trunkBase);
  checks.push(callerIdCheck(tw, match.trunk, callerIdRaw, callerSource, s.omitPlusCalling, country, result));

  const proxies = s.proxies.join(', ') || '(none)';
  const domains = tw.trunks.map((t) => t.domainName ?? `${t.friendlyName} (no termination URI)`).join(', ') || '(none)';
  const proxyOk = match.how === 'domain';
  checks.push({
    id: 'proxy-is-termination-uri',
    ok: proxyOk,
    label: 'Proxy is the Twilio termination URI',
    detail: proxyOk
      ? `${proxies} is the termination URI of the Twilio trunk "${match.trunk!.friendlyName}".`
      : `Genesys sends to ${proxies}; the Twilio trunks' termination URIs are ${domains}.`,
  });
  if (!proxyOk) {
    result.reasons.push({
      code: 'PROXY_NOT_TWILIO',
      message: `"${trunkBase.name}" sends calls to ${proxies}, which is no Twilio trunk's termination URI.`,
      fix: match.trunk?.domainName
        ? `Set the trunk's SIP servers/proxies to ${match.trunk.domainName}.`
        : "Set the trunk's SIP servers/proxies to the Twilio trunk's termination URI (<name>.pstn.twilio.com).",
      blocking: true,
    });
  }
  return checks;
}

function callerIdCheck(
  tw: TwilioPart,
  trunk: TwilioTrunk | null,
  callerIdRaw: string | undefined,
  source: string,
  omitPlusCalling: boolean,
  country: string | undefined,
  result: SimulationResult,
): TwilioCheck {
  const label = 'Caller ID is a Twilio number';
  if (!callerIdRaw) {
    result.reasons.push({
      code: 'CALLER_ID_UNKNOWN',
      message: 'The caller ID is not known: the trunk does not force its calling address, and no --from was given.',
      fix: "Pass the caller ID with --from, or set the trunk's calling address with override method Always.",
      blocking: false,
    });
    return { id: 'caller-id', ok: null, label, detail: 'No caller ID to check: pass --from NUMBER.' };
  }
  const callerId = toE164(callerIdRaw, country);
  const onAccount = tw.incomingPhoneNumbers.some((n) => n.phoneNumber === callerId);
  const onTrunk = trunk?.phoneNumbers.some((n) => n.phoneNumber === callerId) ?? false;
  // Twilio refuses a caller ID that is not one of the account's numbers (checklist GC-TRUNK-CALLING-ADDRESS),
  // and one without its +.
  const ok = onAccount && !omitPlusCalling;
  const where = onTrunk
    ? `on the account and on the trunk "${trunk!.friendlyName}"`
    : onAccount
      ? `on the account but not on ${trunk ? `the trunk "${trunk.friendlyName}"` : 'the trunk'} (calls to it will not reach Genesys)`
      : 'not a number on the Twilio account';
  const detail = `${callerId} (from ${source}) is ${where}${omitPlusCalling ? '; it leaves without its + (omit-plus is on for the calling address)' : ''}.`;
  if (ok && !onTrunk) {
    // Twilio takes it (it is the account's), but the checklist wants the caller ID on the trunk too: a call back to
    // that number is not routed to Genesys (GC-TRUNK-CALLING-ADDRESS, warn).
    result.reasons.push({
      code: 'CALLER_ID_NOT_ON_TRUNK',
      message: `The caller ID ${callerId} is on the Twilio account but not on ${trunk ? `the trunk "${trunk.friendlyName}"` : 'the trunk'}: Twilio accepts it, but calls back to it will not reach Genesys.`,
      fix: `Put ${callerId} on the Twilio trunk (\`/byoc did assign ${callerId} …\` does it with an approval), or use a number that is on it.`,
      blocking: false,
    });
  }
  if (!ok) {
    result.reasons.push({
      code: 'CALLER_ID_REFUSED',
      message: `Twilio would refuse the caller ID: ${detail}`,
      fix: omitPlusCalling
        ? 'Turn off "Address Omit + Prefix" for the calling address on the trunk.'
        : `Use a number of the Twilio account as caller ID (${tw.incomingPhoneNumbers.map((n) => n.phoneNumber).join(', ') || 'the account has none'}).`,
      blocking: true,
    });
  }
  return { id: 'caller-id', ok, label, detail };
}
