/**
 * Genesys Cloud, the BYOC trunk (external trunk, Generic BYOC Carrier): the guide's chapter "BYOC Trunk Configuration
 * for Twilio", the guide's §1. Every rule here runs once per BYOC trunk base and names the trunk in its finding.
 */

import { commandLine } from '../command-line.js';
import {
  allTwilioSignalingCidrs,
  byocSipDomainConfirmed,
  howToConfigureRegion,
  parseTwilioTerminationHost,
} from '../regions.js';
import { sipHost } from '../sip-uri.js';
import {
  BYOC_CARRIER_METABASE,
  type ByocSnapshot,
  byocTrunkBases,
  type GenesysPart,
  type TrunkBase,
} from '../snapshot.js';
import { callerIdPolicy } from '../trunk-settings.js';
import { coveredBy, parseRange, parseRanges } from './cidr.js';
import {
  fail,
  failOrWarn,
  isE164,
  needGenesys,
  needTwilio,
  noTrunkSkip,
  pairedTwilioTrunk,
  pass,
  regionLabel,
  skip,
  trunkSubject,
  unknownRegionSkip,
  unlessUnconfirmed,
  warn,
} from './helpers.js';
import type { DoctorRule, RuleOutcome } from './types.js';

/** Runs `check` on every BYOC trunk base, or says why it cannot. */
function perTrunk(
  snapshot: ByocSnapshot,
  fields: string[],
  check: (trunk: TrunkBase, genesys: GenesysPart) => RuleOutcome,
): RuleOutcome[] {
  const g = needGenesys(snapshot, ['trunkBases', ...fields]);
  if (!g.ok) return [g.outcome];
  const trunks = byocTrunkBases(g.part);
  if (!trunks.length) return [noTrunkSkip()];
  return trunks.map((t) => {
    const outcome = check(t, g.part);
    return { ...outcome, subject: outcome.subject ?? trunkSubject(t) };
  });
}

/** Guide, Trunk §1: 'Select "BYOC Carrier" as Type. And then "Generic BYOC Carrier" as sub-Type.' */
export const trunkType: DoctorRule = {
  id: 'GC-TRUNK-TYPE',
  title: 'The trunk is a Generic BYOC Carrier trunk',
  severity: 'fail',
  enforces:
    'Guide, BYOC Trunk §1: type BYOC Carrier, sub-type Generic BYOC Carrier (external_sip_pcv_byoc_carrier.json)',
  evaluate(snapshot) {
    const g = needGenesys(snapshot, ['trunkBases']);
    if (!g.ok) return [g.outcome];
    const trunks = byocTrunkBases(g.part);
    if (!trunks.length) {
      const external = g.part.trunkBases.filter((t) => t.trunkType === 'EXTERNAL' && !t.managed);
      return [
        fail(
          external.length
            ? `No external trunk is a BYOC trunk (external trunks: ${external.map((t) => `"${t.name}" ${t.metabaseId}`).join(', ')}).`
            : 'There is no BYOC external trunk.',
          { externalTrunks: external.map((t) => ({ id: t.id, name: t.name, metabase: t.metabaseId })) },
          'Create the trunk: Telephony > Trunks > External Trunks > Create New, Type "BYOC Carrier", then ' +
            '"Generic BYOC Carrier".',
        ),
      ];
    }
    return trunks.map((t) => {
      const evidence = { trunk: t.name, id: t.id, metabase: t.metabaseId, trunkType: t.trunkType };
      return t.metabaseId === BYOC_CARRIER_METABASE
        ? pass(`"${t.name}" is a Generic BYOC Carrier trunk.`, evidence, trunkSubject(t))
        : fail(
            `"${t.name}" uses ${t.metabaseId}, not the Generic BYOC Carrier (${BYOC_CARRIER_METABASE}).`,
            evidence,
            'The type of a trunk cannot be changed: create a new external trunk of type BYOC Carrier > Generic ' +
              'BYOC Carrier with the same settings, point the outbound route at it, then delete this one.',
            trunkSubject(t),
          );
    });
  },
};

/**
 * Guide, Trunk §1: "Set the Trunk State to In-Service"; `trunk_enabled` drives Trunk.inService (docs/vendor-facts.md,
 * "Genesys Cloud client").
 */
export const trunkInService: DoctorRule = {
  id: 'GC-TRUNK-INSERVICE',
  title: 'The trunk is in service',
  severity: 'fail',
  enforces: 'Guide, BYOC Trunk §1: Trunk State In-Service (property trunk_enabled)',
  evaluate(snapshot) {
    return perTrunk(snapshot, [], (t) => {
      const evidence = { trunk: t.name, id: t.id, trunk_enabled: t.settings.inService };
      return t.settings.inService
        ? pass(`"${t.name}" is in service.`, evidence)
        : fail(
            `"${t.name}" is out of service (trunk_enabled is false): no call can use it.`,
            evidence,
            `Put it in service: ${commandLine(`trunk enable ${t.name}`)}, or Telephony > Trunks > ${t.name} > Trunk State: In-Service.`,
            undefined,
            { kind: 'genesys.trunk.enable', trunkBaseId: t.id, trunkName: t.name },
          );
    });
  },
};

/**
 * Each trunk instance reports connectedStatus and optionsStatus per proxy (docs/vendor-facts.md, "Genesys Cloud
 * telephony objects"); the guide's Simulate Call shows "This Trunk is operational on all of the associated Edge
 * interfaces".
 */
export const trunkConnected: DoctorRule = {
  id: 'GC-TRUNK-CONNECTED',
  title: 'The trunk is connected on every edge',
  severity: 'fail',
  enforces:
    'Trunk instance status: connectedStatus.connected and optionsStatus per proxy on every edge ' +
    '(docs/vendor-facts.md, "Genesys Cloud telephony objects")',
  evaluate(snapshot) {
    return perTrunk(snapshot, ['trunks'], (t, g) => {
      const instances = g.trunks.filter((i) => i.trunkBaseId === t.id);
      const rows = instances.map((i) => {
        const badOptions = i.options.filter((o) => !o.optionState);
        const ok = i.connected && badOptions.length === 0;
        const error =
          i.error?.text ?? badOptions.map((o) => `${o.proxyAddress}: ${o.error?.text ?? 'OPTIONS failed'}`).join('; ');
        return {
          edge: i.edge.name,
          connected: i.connected,
          optionsOk: badOptions.length === 0,
          ok,
          error: ok ? '' : error,
        };
      });
      const evidence = { trunk: t.name, instances: rows.map((r) => ({ ...r })) };
      if (!instances.length) {
        return fail(
          `"${t.name}" has no trunk instance on any edge.`,
          evidence,
          'Check the trunk is in service and used by a site (its Number Plan Site); instances appear on the managed ' +
            'edges a few minutes after that.',
        );
      }
      const bad = rows.filter((r) => !r.ok);
      if (!bad.length) return pass(`"${t.name}" is connected on all ${rows.length} edges.`, evidence);
      const detail = bad.map((r) => `${r.edge}: ${r.error || 'not connected'}`).join('; ');
      return failOrWarn(
        bad.length === rows.length,
        bad.length === rows.length
          ? `"${t.name}" is not connected on any edge (${detail}).`
          : `"${t.name}" is not connected on ${bad.length} of ${rows.length} edges (${detail}).`,
        evidence,
        t.settings.inService
          ? 'Read the error per edge: a timeout usually means the Twilio termination URI is wrong or Twilio does not ' +
              'accept the edge (IP ACL, see TW-ACL); a 403 means authentication (GC-TRUNK-DIGEST, TW-CREDENTIALS).'
          : 'The trunk is out of service (see GC-TRUNK-INSERVICE); put it in service first.',
      );
    });
  },
};

/**
 * Guide, Trunk §1 and Twilio §2.3: the Inbound SIP Termination Identifier makes `<identifier>.<BYOC SIP domain>`, and
 * Twilio's origination URI must be `sip:<identifier>.<BYOC SIP domain>` (docs/vendor-facts.md, "Origination to
 * Genesys").
 */
export const trunkTerminationUri: DoctorRule = {
  id: 'GC-TRUNK-TERMINATION-URI',
  title: "Twilio originates to the trunk's SIP termination URI",
  severity: 'fail',
  enforces: 'Guide, Trunk §1 SIP Termination URI and Twilio §2.3 Origination URI: <identifier>.<BYOC SIP domain>',
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const id = t.settings.terminationIdentifier;
      if (!id) {
        return fail(
          `"${t.name}" has no Inbound SIP Termination Identifier: Twilio has nothing to send inbound calls to.`,
          { trunk: t.name, trunk_sip_termination_uri: null },
          `In Telephony > Trunks > ${t.name} > Inbound / Termination, enter an identifier unique to your org ` +
            '(e.g. "twilioABC"), then use it in the Twilio origination URI (see TW-ORIGINATION).',
        );
      }
      if (!ctx.region) return unknownRegionSkip(ctx);
      if (!ctx.region.byocSipDomain) {
        return skip(
          `The BYOC SIP domain of region ${ctx.region.key} is not known.`,
          howToConfigureRegion(ctx.region.key, 'byocSipDomain'),
          { trunk: t.name, identifier: id, region: ctx.region.key },
        );
      }
      const fqdn = `${id}.${ctx.region.byocSipDomain}`;
      const evidence: Record<string, string | string[] | null> = {
        trunk: t.name,
        identifier: id,
        expectedFqdn: fqdn,
        byocSipDomainSource: ctx.region.byocSipDomainSource,
      };
      const tw = needTwilio(snapshot, ['trunks', 'originationUrls']);
      if (!tw.ok) return { ...tw.outcome, evidence: { ...tw.outcome.evidence, ...evidence } };
      const urls = tw.part.trunks.flatMap((tt) =>
        tt.originationUrls.filter((o) => o.enabled).map((o) => ({ trunk: tt.friendlyName, url: o.sipUrl })),
      );
      evidence.enabledOriginationUrls = urls.map((u) => `${u.trunk}: ${u.url}`);
      const hit = urls.find((u) => sipHost(u.url) === fqdn.toLowerCase());
      if (hit) return pass(`Twilio trunk "${hit.trunk}" originates to ${fqdn}.`, evidence);
      return unlessUnconfirmed(
        fail(
          `No enabled Twilio origination URL points at ${fqdn} (the identifier "${id}" in region ${ctx.region.key}).`,
          evidence,
          `Make the two sides agree: the Twilio trunk's origination URI must be "sip:${fqdn}" (Twilio console > ` +
            'Elastic SIP Trunking > your trunk > Origination), or change the Genesys identifier to the one Twilio uses.',
        ),
        byocSipDomainConfirmed(ctx.region),
        `The BYOC SIP domain ${ctx.region.byocSipDomain} of region ${ctx.region.key}`,
        howToConfigureRegion(ctx.region.key, 'byocSipDomain'),
      );
    });
  },
};

/**
 * Guide, Trunk §1 Outbound: "SIP Servers or Proxies: the global SIP Termination URI corresponding to your Twilio
 * Trunk … or more specifically to your org region (ie1, de1 for byoc.mypurecloud.ie)". Twilio drops an INVITE
 * whose Request-URI host is not the trunk's domain (docs/vendor-facts.md, "Termination URIs").
 */
export const trunkProxy: DoctorRule = {
  id: 'GC-TRUNK-PROXY',
  title: "The SIP proxy is the Twilio trunk's termination URI",
  severity: 'fail',
  enforces:
    'Guide, Trunk §1 SIP Servers or Proxies; the termination URI must be the trunk domain ' +
    '(docs/vendor-facts.md, "Termination URIs")',
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const proxies = t.settings.proxies;
      const parsed = proxies.map((p) => ({ proxy: p, host: parseTwilioTerminationHost(ctx.regions, p) }));
      const evidence: Record<string, string | string[] | null> = { trunk: t.name, proxies };
      if (!proxies.length) {
        return fail(
          `"${t.name}" has no SIP server or proxy: outbound calls have nowhere to go.`,
          evidence,
          `In Telephony > Trunks > ${t.name} > Outbound > SIP Servers or Proxies, enter the Twilio trunk's ` +
            'termination URI, e.g. "yourtrunk.pstn.twilio.com".',
        );
      }
      const notTwilio = parsed.filter((p) => !p.host).map((p) => p.proxy);
      if (notTwilio.length) {
        return fail(
          `${notTwilio.join(', ')} is not a Twilio termination URI (<name>.pstn.twilio.com or a regional form).`,
          evidence,
          "Enter the Twilio trunk's termination URI (Twilio console > Elastic SIP Trunking > your trunk > " +
            'Termination), e.g. "yourtrunk.pstn.twilio.com" or "yourtrunk.pstn.dublin.twilio.com". Twilio silently ' +
            'drops calls sent to any other host.',
        );
      }
      const tw = needTwilio(snapshot, ['trunks']);
      if (!tw.ok) return { ...tw.outcome, evidence: { ...tw.outcome.evidence, ...evidence } };
      const domains = tw.part.trunks.map((x) => x.domainName).filter((d): d is string => !!d);
      evidence.twilioTrunkDomains = domains;
      const unknown = parsed.filter((p) => !domains.some((d) => d.toLowerCase() === p.host!.trunkDomain));
      if (unknown.length) {
        return fail(
          `${unknown.map((p) => p.proxy).join(', ')} names no trunk on the Twilio account (trunk domains: ${
            domains.join(', ') || 'none'
          }).`,
          evidence,
          `Use the termination URI of the Twilio trunk${domains.length ? ` (${domains.join(' or ')})` : ''}, or its ` +
            'regional form <name>.pstn.<edge>.twilio.com; Twilio does not answer INVITEs for other hosts.',
        );
      }
      const regional = parsed.filter((p) => p.host!.kind !== 'global');
      const far = ctx.region ? regional.filter((p) => !ctx.region!.nearTwilioEdges.includes(p.host!.edge!)) : regional;
      if (far.length) {
        evidence.nearTwilioEdges = ctx.region?.nearTwilioEdges ?? null;
        return warn(
          ctx.region
            ? `${far.map((p) => p.proxy).join(', ')} uses the Twilio edge ${far.map((p) => p.host!.edge).join(', ')}, ` +
                `not one near the org's region ${regionLabel(ctx)} (${ctx.region.nearTwilioEdges.join(', ')}).`
            : `${far.map((p) => p.proxy).join(', ')} is regional but the org's region is not known to compare.`,
          evidence,
          ctx.region
            ? `Use the global URI or a near edge, e.g. "${far[0]!.host!.trunkName}.pstn.${ctx.region.nearTwilioEdges[0]}.twilio.com".`
            : 'Set "region" in the org configuration so the doctor can compare.',
        );
      }
      return pass(`${proxies.join(', ')} is the Twilio trunk's termination URI.`, evidence);
    });
  },
};

/**
 * Guide, Trunk §1 Digest Authentication: realm "sip.twilio.com", user name and password from the Twilio credential
 * list. Twilio never returns passwords (docs/vendor-facts.md, "Twilio credentials"): only the user name can be
 * compared.
 */
export const trunkDigest: DoctorRule = {
  id: 'GC-TRUNK-DIGEST',
  title: 'Digest authentication matches the Twilio credential list',
  severity: 'fail',
  enforces: 'Guide, Trunk §1 Digest Authentication: realm sip.twilio.com, user in the Twilio credential list',
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const d = t.settings.digest;
      const evidence: Record<string, string | boolean | string[] | null> = {
        trunk: t.name,
        digestEnabled: d.enabled,
        realm: d.realm ?? null,
        username: d.username ?? null,
        passwordSet: d.passwordSet,
        note: 'Passwords cannot be read back from Twilio (or compared): only the user name is checked.',
      };
      const tw = needTwilio(snapshot, ['trunks', 'credentialLists']);
      if (!d.enabled) {
        if (!tw.ok) {
          return {
            ...tw.outcome,
            message: `"${t.name}" does not use digest authentication; whether Twilio requires it cannot be checked: ${tw.outcome.message}`,
            evidence: { ...tw.outcome.evidence, ...evidence },
          };
        }
        const paired = pairedTwilioTrunk(t, tw.part, ctx);
        // Twilio challenges when the trunk authenticates by credential list only; Genesys must then answer.
        if (paired?.trunk.credentialListSids.length && !paired.trunk.ipAccessControlListSids.length) {
          return fail(
            `"${t.name}" has digest authentication off, but Twilio trunk "${paired.trunk.friendlyName}" authenticates by credential list only.`,
            { ...evidence, twilioTrunk: paired.trunk.friendlyName },
            `Enable Digest Authentication on "${t.name}" with realm sip.twilio.com and a user name and password from ` +
              'the Twilio credential list, or attach an IP ACL with the Genesys addresses to the Twilio trunk.',
          );
        }
        return pass(`"${t.name}" does not use digest authentication (Twilio authenticates by IP ACL).`, evidence);
      }
      const problems: string[] = [];
      if (d.realm !== 'sip.twilio.com')
        problems.push(`realm is ${d.realm ? `"${d.realm}"` : 'empty'}, not "sip.twilio.com"`);
      if (!d.username) problems.push('no user name');
      if (!d.passwordSet) problems.push('no password');
      const fixText =
        `In Telephony > Trunks > ${t.name} > Outbound > Digest Authentication: realm "sip.twilio.com", the user ` +
        'name and password of a credential in the Twilio credential list attached to the trunk. Passwords cannot ' +
        'be read back from either side: if calls get 403, set the same password on both.';
      if (problems.length)
        return fail(`Digest authentication on "${t.name}": ${problems.join('; ')}.`, evidence, fixText);
      if (!tw.ok) return { ...tw.outcome, evidence: { ...tw.outcome.evidence, ...evidence } };
      const paired = pairedTwilioTrunk(t, tw.part, ctx);
      if (!paired) {
        return skip(
          `Cannot tell which Twilio trunk "${t.name}" sends to (see GC-TRUNK-PROXY).`,
          "Fix the SIP proxy first; the user name is then checked against that trunk's credential lists.",
          evidence,
        );
      }
      const lists = tw.part.credentialLists.filter((c) => paired.trunk.credentialListSids.includes(c.sid));
      evidence.twilioTrunk = paired.trunk.friendlyName;
      evidence.credentialLists = lists.map((c) => `${c.friendlyName}: ${c.usernames.join(', ')}`);
      const has = lists.find((c) => c.usernames.includes(d.username!));
      if (has) {
        return pass(
          `User "${d.username}" is in the credential list "${has.friendlyName}" of Twilio trunk "${paired.trunk.friendlyName}" (passwords cannot be compared).`,
          evidence,
        );
      }
      return fail(
        lists.length
          ? `User "${d.username}" is in no credential list of Twilio trunk "${paired.trunk.friendlyName}".`
          : `Twilio trunk "${paired.trunk.friendlyName}" has no credential list, so Twilio cannot check user "${d.username}".`,
        evidence,
        lists.length
          ? `Add a credential "${d.username}" to the credential list "${lists[0]!.friendlyName}" in Twilio (with the ` +
              'same password as on the Genesys trunk), or use a user name that is in it.'
          : `Attach a credential list with the user "${d.username}" to the Twilio trunk (Termination > Authentication), ` +
              `or turn digest authentication off on "${t.name}" if Twilio authenticates by IP ACL.`,
      );
    });
  },
};

/**
 * Guide, Trunk §1 Calling: "Set Address with the value of one of your purchased Twilio numbers … Address Override
 * Method to Always". Twilio rejects caller IDs that are not its numbers or verified (32204). Newer orgs express
 * "Always" as `Trunk` first in `trunk_calling_id_priority`; the rule judges whichever setting the trunk uses
 * (`callerIdPolicy`, docs/vendor-facts.md "Caller ID settings").
 */
export const trunkCallingAddress: DoctorRule = {
  id: 'GC-TRUNK-CALLING-ADDRESS',
  title: 'The calling address is a Twilio number, in E.164, always applied',
  severity: 'fail',
  enforces:
    'Guide, Trunk §1 Calling: Address = a purchased Twilio number, Override Method Always ' +
    '(docs/vendor-facts.md, "E.164")',
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const addr = t.settings.callingAddress;
      const method = t.settings.callingAddressOverrideMethod;
      const policy = callerIdPolicy(t.settings);
      const evidence: Record<string, string | null> = {
        trunk: t.name,
        callingAddress: addr ?? null,
        overrideMethod: method ?? null,
        callingIdPriority: t.settings.callingIdPriority?.join(', ') ?? null,
        judgedBy: policy.setting ?? null,
      };
      const alwaysFix =
        policy.setting === 'trunk_calling_id_priority'
          ? 'put "Trunk" first in the Caller ID priority (trunk_calling_id_priority)'
          : 'set Address Override Method to "Always"';
      const setFix = `In Telephony > Trunks > ${t.name} > Outbound > Calling, set Address to one of your Twilio numbers in E.164 (e.g. +33123456789) and ${alwaysFix}.`;
      if (!addr)
        return fail(
          `"${t.name}" has no calling address: Twilio rejects caller IDs it does not know.`,
          evidence,
          setFix,
        );
      const problems: string[] = [];
      if (!isE164(addr)) problems.push(`"${addr}" is not E.164 (+, country code, number)`);
      if (!policy.trunkAddressFirst) {
        problems.push(
          policy.setting === 'trunk_calling_id_priority'
            ? `the caller ID ${policy.says} does not put "Trunk" first`
            : `override method is ${method ? `"${method}"` : 'not set'}, not "Always"`,
        );
      }
      if (problems.length) return fail(`Calling address of "${t.name}": ${problems.join('; ')}.`, evidence, setFix);
      if (policy.disagrees) {
        return warn(
          `"${t.name}" has both caller ID settings and they disagree: ${policy.says} (used here) but override method "${method}". Which one Genesys applies is not documented.`,
          evidence,
          `Make them agree: ${alwaysFix}, and set the legacy Address Override Method to "Always" too.`,
        );
      }
      const tw = needTwilio(snapshot, ['incomingPhoneNumbers', 'trunks']);
      if (!tw.ok) return { ...tw.outcome, evidence: { ...tw.outcome.evidence, ...evidence } };
      const number = tw.part.incomingPhoneNumbers.find((n) => n.phoneNumber === addr);
      const paired = pairedTwilioTrunk(t, tw.part, ctx);
      evidence.twilioTrunk = paired?.trunk.friendlyName ?? null;
      if (!number) {
        return fail(
          `${addr} is not a number on the Twilio account ${tw.part.accountSid}: Twilio rejects it as caller ID (32204).`,
          evidence,
          `Set the calling address of "${t.name}" to a number you bought on Twilio (Twilio console > Phone Numbers).`,
        );
      }
      evidence.numberTrunkSid = number.trunkSid;
      if (paired && number.trunkSid === paired.trunk.sid) {
        return pass(
          `${addr} is a Twilio number on trunk "${paired.trunk.friendlyName}", applied to every call (${policy.says}).`,
          evidence,
        );
      }
      return warn(
        `${addr} is a number on the Twilio account but not on ${paired ? `trunk "${paired.trunk.friendlyName}"` : 'the trunk'}.`,
        evidence,
        'Twilio accepts it as caller ID, but calls to it will not reach Genesys: put it on the Twilio trunk (and in a Genesys DID pool).',
        undefined,
        paired
          ? {
              kind: 'twilio.trunk.addNumber',
              trunkSid: paired.trunk.sid,
              trunkName: paired.trunk.friendlyName,
              phoneNumberSid: number.sid,
              phoneNumber: number.phoneNumber,
            }
          : undefined,
      );
    });
  },
};

/**
 * Guide, Trunk §1 SIP Access Control: "Configure the list of possible Twilio SIP Endpoints … as CIDR". Twilio says
 * to allow every edge since a call may use any of them, and signals from ranges wider than the guide's /30s
 * (docs/vendor-facts.md, "Twilio signaling ranges"): the rule asks for the full ranges, and the fix adds them.
 */
export const trunkAcl: DoctorRule = {
  id: 'GC-TRUNK-ACL',
  title: 'The SIP access control list allows every Twilio signaling range',
  severity: 'fail',
  enforces: "Guide, Trunk §1 SIP Access Control: Twilio's signaling ranges of every edge (docs/vendor-facts.md)",
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const { ranges, invalid } = parseRanges(t.settings.aclAllowList);
      const wanted = allTwilioSignalingCidrs(ctx.regions);
      const covered = (cidr: string | undefined) => {
        const r = cidr ? parseRange(cidr) : undefined;
        return !!r && !!coveredBy(ranges, r);
      };
      const missing = wanted.filter((w) => !covered(w.cidr));
      const evidence = {
        trunk: t.name,
        allowList: t.settings.aclAllowList,
        notAddresses: invalid,
        twilioSignalingRanges: wanted.map((w) => `${w.cidr} (${w.edge})`),
        missing: missing.map((w) => `${w.cidr} (${w.edge})`),
      };
      if (!missing.length) {
        return pass(`"${t.name}" allows all ${wanted.length} Twilio signaling ranges.`, evidence);
      }
      const missingEdges = [...new Set(missing.map((m) => m.edge))];
      // An ACL with an edge's legacy /30 still takes that edge's calls from the /30: not refusing every call.
      const legacyOnly = ctx.regions.twilioEdges.filter(
        (e) => missingEdges.includes(e.edge) && covered(e.legacySignalingCidr),
      );
      const nothing = missing.length === wanted.length && legacyOnly.length === 0;
      const message = nothing
        ? `"${t.name}" allows none of Twilio's signaling ranges: Genesys refuses every inbound call from Twilio.`
        : legacyOnly.length === missingEdges.length
          ? `"${t.name}" allows only Twilio's legacy /30s for the edges ${missingEdges.join(', ')}: calls Twilio sends ` +
            `from the rest of their ranges (${missing.map((m) => m.cidr).join(', ')}) are refused.`
          : `"${t.name}" does not allow the Twilio edges ${missingEdges.join(', ')} (${missing
              .map((m) => m.cidr)
              .join(', ')}): calls Twilio sends through them are refused.`;
      return failOrWarn(
        nothing,
        message,
        evidence,
        `Add ${missing.map((m) => m.cidr).join(', ')} under Telephony > Trunks > ${t.name} > SIP Access Control > Allow the Following Addresses.`,
        undefined,
        { kind: 'genesys.acl.add', trunkBaseId: t.id, trunkName: t.name, cidrs: missing.map((m) => m.cidr) },
      );
    });
  },
};

/**
 * Guide, Trunk §1 Identity: "Make sure that Calling / Called – Address Omit + Prefix is Disabled"; Twilio wants E.164.
 */
export const trunkOmitPlus: DoctorRule = {
  id: 'GC-TRUNK-OMIT-PLUS',
  title: '"Address Omit + Prefix" is disabled for calling and called',
  severity: 'fail',
  enforces: 'Guide, Trunk §1 Identity > Outbound: Calling and Called Address Omit + Prefix Disabled (E.164 for Twilio)',
  evaluate(snapshot) {
    return perTrunk(snapshot, [], (t) => {
      const on = [...(t.settings.omitPlusCalling ? ['Calling'] : []), ...(t.settings.omitPlusCalled ? ['Called'] : [])];
      const evidence = {
        trunk: t.name,
        callingOmitPlus: t.settings.omitPlusCalling,
        calledOmitPlus: t.settings.omitPlusCalled,
      };
      if (!on.length) return pass(`"${t.name}" keeps the + on calling and called numbers.`, evidence);
      return fail(
        `"${t.name}" drops the + from the ${on.join(' and ').toLowerCase()} number: Twilio needs E.164 (error 32101 for the called number).`,
        evidence,
        `In Telephony > Trunks > ${t.name} > External Trunk Configuration > Identity > Outbound, set ${on
          .map((x) => `${x} > Address Omit + Prefix`)
          .join(' and ')} to Disabled.`,
      );
    });
  },
};

/**
 * Guide, Trunk §1 Media: codecs Twilio supports (G.711 u-law); PCMU and PCMA are generally available
 * (https://www.twilio.com/docs/sip-trunking/codecs).
 */
export const trunkCodec: DoctorRule = {
  id: 'GC-TRUNK-CODEC',
  title: 'The codec list has PCMU or PCMA',
  severity: 'fail',
  enforces:
    'Guide, Trunk §1 Media: Preferred Codec List with G.711, PCMU/PCMA ' +
    '(docs/vendor-facts.md, "Twilio media and secure trunking")',
  evaluate(snapshot) {
    return perTrunk(snapshot, [], (t) => {
      const codecs = t.settings.codecs;
      const g711 = codecs.filter((c) => c === 'audio/pcmu' || c === 'audio/pcma');
      const evidence = { trunk: t.name, codecs };
      if (g711.length) return pass(`"${t.name}" offers ${g711.join(' and ')}.`, evidence);
      return fail(
        `"${t.name}" offers ${codecs.length ? codecs.join(', ') : 'no codec'}, none of which Twilio supports generally.`,
        evidence,
        `Add audio/PCMU (and audio/PCMA) to Telephony > Trunks > ${t.name} > Media > Preferred Codec List.`,
      );
    });
  },
};

/**
 * Guide, Background: "DTMF Default payload is 101 (RFC 2833)", and the guide's Trunk §1 Media: DTMF Method RTP Events,
 * payload 101.
 */
export const trunkDtmf: DoctorRule = {
  id: 'GC-TRUNK-DTMF',
  title: 'DTMF is RTP Events (RFC 2833) with payload 101',
  severity: 'warn',
  enforces: 'Guide, Background and Trunk §1 Media: DTMF Method RTP Events, payload 101',
  evaluate(snapshot) {
    return perTrunk(snapshot, [], (t) => {
      const method = t.settings.dtmfMethod;
      const payload = t.settings.dtmfPayload;
      const evidence = { trunk: t.name, dtmfMethod: method ?? null, dtmfPayload: payload ?? null };
      const problems: string[] = [];
      if (method?.toLowerCase() !== 'rtp events') problems.push(`method is ${method ? `"${method}"` : 'not set'}`);
      if (payload !== 101) problems.push(`payload is ${payload ?? 'not set'}`);
      if (!problems.length) return pass(`"${t.name}" sends DTMF as RTP Events, payload 101.`, evidence);
      return warn(
        `DTMF on "${t.name}": ${problems.join('; ')} (RTP Events with payload 101 is what Twilio expects).`,
        evidence,
        `In Telephony > Trunks > ${t.name} > Media > DTMF Settings, set DTMF Method "RTP Events" and DTMF Payload 101.`,
      );
    });
  },
};

/**
 * A Twilio trunk with secure=true means TLS + SRTP; SRTP to a non-secure trunk is 32207, RTP to a secure one 32208
 * (docs/vendor-facts.md, "Twilio media and secure trunking").
 */
export const trunkTransport: DoctorRule = {
  id: 'GC-TRUNK-TRANSPORT',
  title: 'Transport and media encryption agree with Twilio secure trunking',
  severity: 'fail',
  enforces:
    'Twilio secure trunk = TLS + SRTP, else UDP/TCP + RTP, 32207/32208 ' +
    '(docs/vendor-facts.md, "Twilio media and secure trunking")',
  evaluate(snapshot, ctx) {
    return perTrunk(snapshot, [], (t) => {
      const transport = t.settings.transport;
      const evidence: Record<string, string | boolean | null> = {
        trunk: t.name,
        transport: transport ?? null,
        srtp: t.settings.srtp,
      };
      if (!transport) {
        return fail(
          `"${t.name}" has no transport protocol set.`,
          evidence,
          `Set Telephony > Trunks > ${t.name} > Transport > Protocol (UDP or TCP; TLS with SRTP if Twilio secure trunking is on).`,
        );
      }
      const tw = needTwilio(snapshot, ['trunks']);
      if (!tw.ok) return { ...tw.outcome, evidence: { ...tw.outcome.evidence, ...evidence } };
      const paired = pairedTwilioTrunk(t, tw.part, ctx);
      if (!paired) {
        return skip(
          `Cannot tell which Twilio trunk "${t.name}" sends to (see GC-TRUNK-PROXY).`,
          "Fix the SIP proxy first; the transport is then compared with that trunk's secure setting.",
          evidence,
        );
      }
      const secure = paired.trunk.secure;
      evidence.twilioTrunk = paired.trunk.friendlyName;
      evidence.twilioSecure = secure;
      const tls = transport === 'tls';
      if (secure === tls && secure === t.settings.srtp) {
        return pass(
          secure
            ? `"${t.name}" uses TLS + SRTP, as Twilio secure trunking wants.`
            : `"${t.name}" uses ${transport.toUpperCase()} + RTP; Twilio secure trunking is off.`,
          evidence,
        );
      }
      return fail(
        secure
          ? `Twilio trunk "${paired.trunk.friendlyName}" is secure (TLS + SRTP) but "${t.name}" uses ${transport.toUpperCase()}${t.settings.srtp ? ' + SRTP' : ' + RTP'} (Twilio error 32208 for RTP).`
          : `"${t.name}" uses ${transport.toUpperCase()}${t.settings.srtp ? ' + SRTP' : ' + RTP'} but Twilio trunk "${paired.trunk.friendlyName}" is not secure (Twilio error 32207 for SRTP).`,
        evidence,
        secure
          ? `Either set "${t.name}" to TLS with an SRTP cipher suite (Transport and Media), or turn Secure Trunking off on the Twilio trunk (General settings).`
          : `Either turn Secure Trunking on for the Twilio trunk, or set "${t.name}" to UDP (or TCP) with no SRTP cipher suite.`,
      );
    });
  },
};

export const GENESYS_TRUNK_RULES: DoctorRule[] = [
  trunkType,
  trunkInService,
  trunkConnected,
  trunkTerminationUri,
  trunkProxy,
  trunkDigest,
  trunkCallingAddress,
  trunkAcl,
  trunkOmitPlus,
  trunkCodec,
  trunkDtmf,
  trunkTransport,
];
