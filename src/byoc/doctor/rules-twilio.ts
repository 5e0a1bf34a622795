/**
 * Twilio, the Elastic SIP trunk: the guide's "Twilio" chapter (§1 authentication, §2 trunk, termination,
 * origination, numbers). Each rule runs on the Twilio trunks paired with a Genesys BYOC trunk and names the trunk.
 */
import {
  byocSipAddressesConfirmed,
  byocSipDomainConfirmed,
  howToConfigureRegion,
  regionOfByocHost,
} from '../regions.js';
import { sipHost } from '../sip-uri.js';
import type { ByocSnapshot, GenesysPart, TwilioPart, TwilioTrunk } from '../snapshot.js';
import { count } from '../words.js';
import { coveredBy, type ParsedRange, parseRange } from './cidr.js';
import {
  fail,
  isE164,
  linkedTwilioTrunks,
  needGenesys,
  needTwilio,
  pairedGenesysTrunks,
  pass,
  skip,
  twilioSubject,
  unknownRegionSkip,
  unlessUnconfirmed,
  warn,
} from './helpers.js';
import type { DoctorRule, RuleContext, RuleOutcome } from './types.js';

/** Runs `check` on every linked Twilio trunk, or says why it cannot. */
function perTwilioTrunk(
  snapshot: ByocSnapshot,
  ctx: RuleContext,
  fields: string[],
  check: (tt: TwilioTrunk, tw: TwilioPart) => RuleOutcome,
): RuleOutcome[] {
  const tw = needTwilio(snapshot, ['trunks', ...fields]);
  if (!tw.ok) return [tw.outcome];
  const trunks = linkedTwilioTrunks(snapshot, tw.part, ctx);
  if (!trunks.length) {
    return [skip('The Twilio account has no Elastic SIP trunk (see TW-TRUNK).', 'Create the Twilio trunk first.')];
  }
  return trunks.map((tt) => {
    const o = check(tt, tw.part);
    return { ...o, subject: o.subject ?? twilioSubject(tt) };
  });
}

/** With the Genesys part too (rules that compare both sides). */
function perTwilioTrunkWithGenesys(
  snapshot: ByocSnapshot,
  ctx: RuleContext,
  fields: string[],
  check: (tt: TwilioTrunk, tw: TwilioPart, g: GenesysPart) => RuleOutcome,
): RuleOutcome[] {
  const g = needGenesys(snapshot, ['trunkBases']);
  if (!g.ok) {
    const tw = needTwilio(snapshot, ['trunks']);
    const trunks = tw.ok ? tw.part.trunks : [];
    return trunks.length ? trunks.map((tt) => ({ ...g.outcome, subject: twilioSubject(tt) })) : [g.outcome];
  }
  return perTwilioTrunk(snapshot, ctx, fields, (tt, tw) => check(tt, tw, g.part));
}

/**
 * Guide, Twilio §2.1-2.2: a trunk with a Termination SIP URI `<name>.pstn.twilio.com` (domain_name,
 * docs/vendor-facts.md, "Twilio trunk resources").
 */
export const twTrunk: DoctorRule = {
  id: 'TW-TRUNK',
  title: 'The Twilio trunk exists and has a termination URI',
  severity: 'fail',
  enforces: 'Guide, Twilio §2.1/§2.2: Elastic SIP trunk with Termination SIP URI <name>.pstn.twilio.com',
  evaluate(snapshot, ctx) {
    const tw = needTwilio(snapshot, ['trunks']);
    if (!tw.ok) return [tw.outcome];
    if (!tw.part.trunks.length) {
      return [
        fail(
          `The Twilio account ${tw.part.accountSid} has no Elastic SIP trunk.`,
          { accountSid: tw.part.accountSid, trunks: [] },
          'Create one: Twilio console > Elastic SIP Trunking > Trunks > Create, then give it a Termination SIP URI ' +
            '(e.g. "yourtrunk.pstn.twilio.com").',
        ),
      ];
    }
    return perTwilioTrunk(snapshot, ctx, [], (tt) => {
      const evidence = { sid: tt.sid, friendlyName: tt.friendlyName, domainName: tt.domainName };
      if (tt.domainName && /^[a-z0-9-]+\.pstn\.twilio\.com$/i.test(tt.domainName)) {
        return pass(`"${tt.friendlyName}" terminates at ${tt.domainName}.`, evidence);
      }
      return fail(
        tt.domainName
          ? `"${tt.friendlyName}" has the termination URI ${tt.domainName}, which is not <name>.pstn.twilio.com.`
          : `"${tt.friendlyName}" has no termination URI: Genesys has nowhere to send outbound calls.`,
        evidence,
        `In the Twilio console > Elastic SIP Trunking > ${tt.friendlyName} > Termination, set a Termination SIP URI ` +
          '(letters, digits and "-", ending in .pstn.twilio.com), and put it in the Genesys trunk\'s SIP Servers or Proxies.',
      );
    });
  },
};

/**
 * Guide, Twilio §2.2: "You must enable at least one of the Authentication method on that Trunk"; empty auth_type
 * accepts nothing.
 */
export const twAuth: DoctorRule = {
  id: 'TW-AUTH',
  title: 'Termination has an authentication method',
  severity: 'fail',
  enforces:
    'Guide, Twilio §2.2 Authentication: an IP ACL and/or a credential list in auth_type ' +
    '(docs/vendor-facts.md, "Twilio trunk resources")',
  evaluate(snapshot, ctx) {
    return perTwilioTrunk(snapshot, ctx, [], (tt, tw) => {
      const acls = tw.ipAccessControlLists.filter((a) => tt.ipAccessControlListSids.includes(a.sid));
      const cls = tw.credentialLists.filter((c) => tt.credentialListSids.includes(c.sid));
      const evidence = {
        trunk: tt.friendlyName,
        authType: tt.authType,
        ipAccessControlLists: acls.map((a) => a.friendlyName),
        credentialLists: cls.map((c) => c.friendlyName),
      };
      if (tt.ipAccessControlListSids.length || tt.credentialListSids.length) {
        return pass(
          `"${tt.friendlyName}" authenticates by ${[
            ...(tt.ipAccessControlListSids.length ? ['IP ACL'] : []),
            ...(tt.credentialListSids.length ? ['credential list'] : []),
          ].join(' and ')}.`,
          evidence,
        );
      }
      return fail(
        `"${tt.friendlyName}" has no IP ACL and no credential list: Twilio accepts no call from Genesys.`,
        evidence,
        `In the Twilio console > Elastic SIP Trunking > ${tt.friendlyName} > Termination > Authentication, attach an ` +
          'IP Access Control List with the Genesys BYOC addresses (and/or a credential list).',
      );
    });
  },
};

/**
 * Guide, Twilio §1.1: "The list must at least contain the PureCloud BYOC public SIP IP Addresses corresponding to
 * your organization's region"; Genesys sends outbound calls from any address of its region.
 */
export const twAcl: DoctorRule = {
  id: 'TW-ACL',
  title: "An IP ACL on the trunk covers the region's Genesys BYOC addresses",
  severity: 'fail',
  enforces: "Guide, Twilio §1.1 IP Access Control List: the BYOC public SIP addresses of the org's region",
  evaluate(snapshot, ctx) {
    const region = ctx.region;
    return perTwilioTrunk(snapshot, ctx, ['ipAccessControlLists'], (tt, tw) => {
      if (!region) return unknownRegionSkip(ctx);
      const acls = tw.ipAccessControlLists.filter((a) => tt.ipAccessControlListSids.includes(a.sid));
      if (!region.byocSipAddresses?.length) {
        return skip(
          `The BYOC public SIP addresses of region ${region.key} are not known.`,
          howToConfigureRegion(region.key, 'byocSipAddresses'),
          { region: region.key, ipAccessControlLists: acls.map((a) => a.friendlyName) },
        );
      }
      const entries: { acl: string; range: ParsedRange }[] = acls.flatMap((a) =>
        a.ipAddresses
          .map((ip) => ({ acl: a.friendlyName, range: parseRange(ip.ipAddress, ip.cidrPrefixLength) }))
          .filter((x): x is { acl: string; range: ParsedRange } => !!x.range),
      );
      const wanted = region.byocSipAddresses;
      const missing = wanted.filter((w) => {
        const r = parseRange(w.ip);
        return (
          !r ||
          !coveredBy(
            entries.map((e) => e.range),
            r,
          )
        );
      });
      const evidence = {
        trunk: tt.friendlyName,
        region: region.key,
        regionAddresses: wanted.map((w) => (w.name ? `${w.ip} (${w.name})` : w.ip)),
        source: region.byocSipAddressesSource,
        ipAccessControlLists: acls.map((a) => ({
          name: a.friendlyName,
          sid: a.sid,
          entries: a.ipAddresses.map((ip) =>
            ip.cidrPrefixLength === 32 ? ip.ipAddress : `${ip.ipAddress}/${ip.cidrPrefixLength}`,
          ),
        })),
        missing: missing.map((m) => m.ip),
      };
      if (!acls.length) {
        if (tt.credentialListSids.length) {
          return pass(`"${tt.friendlyName}" authenticates by credential list only; no IP ACL to check.`, evidence);
        }
        return fail(
          `"${tt.friendlyName}" has no IP ACL with the Genesys ${region.key} addresses.`,
          evidence,
          `Create an IP Access Control List with ${wanted.map((w) => w.ip).join(', ')} (Twilio console > Elastic SIP ` +
            `Trunking > Authentication > IP Access Control Lists) and attach it to "${tt.friendlyName}" > Termination.`,
        );
      }
      if (!missing.length) {
        return pass(
          `The ACL of "${tt.friendlyName}" covers all ${wanted.length} Genesys ${region.key} BYOC addresses.`,
          evidence,
        );
      }
      const target = acls[0]!;
      const confirmed = byocSipAddressesConfirmed(region);
      const outcome = fail(
        `The IP ACLs of "${tt.friendlyName}" miss ${missing.length} of the ${wanted.length} Genesys ${region.key} BYOC addresses (${missing
          .map((m) => m.ip)
          .join(', ')}): Twilio refuses calls Genesys sends from them.`,
        evidence,
        `Add ${missing.map((m) => m.ip).join(', ')} to the IP Access Control List "${target.friendlyName}" (Twilio console > ` +
          'Elastic SIP Trunking > Authentication > IP Access Control Lists).',
        undefined,
        {
          kind: 'twilio.acl.add',
          ipAccessControlListSid: target.sid,
          aclName: target.friendlyName,
          addresses: missing.map((m) => ({
            ip: m.ip,
            prefix: 32,
            friendlyName: m.name ?? `Genesys BYOC ${region.key}`,
          })),
        },
      );
      return unlessUnconfirmed(
        outcome,
        confirmed,
        `The BYOC addresses of region ${region.key}`,
        howToConfigureRegion(region.key, 'byocSipAddresses'),
      );
    });
  },
};

/** Guide, Twilio §1.2 and Trunk §1 Digest: the user name Genesys presents is a credential in a list on the trunk. */
export const twCredentials: DoctorRule = {
  id: 'TW-CREDENTIALS',
  title: 'A credential list on the trunk has the Genesys digest user',
  severity: 'fail',
  enforces: 'Guide, Twilio §1.2 Credential List: the Genesys digest user name is a credential of a list on the trunk',
  evaluate(snapshot, ctx) {
    return perTwilioTrunkWithGenesys(snapshot, ctx, ['credentialLists'], (tt, tw, g) => {
      const genesysTrunks = pairedGenesysTrunks(tt, g, tw, ctx).filter((t) => t.settings.digest.enabled);
      const lists = tw.credentialLists.filter((c) => tt.credentialListSids.includes(c.sid));
      const evidence = {
        trunk: tt.friendlyName,
        credentialLists: lists.map((c) => `${c.friendlyName}: ${c.usernames.join(', ') || '(empty)'}`),
        genesysDigestUsers: genesysTrunks.map((t) => `${t.name}: ${t.settings.digest.username ?? '(none)'}`),
        note: 'Passwords are write-only on Twilio: only user names can be compared.',
      };
      if (!genesysTrunks.length) {
        return pass(`No Genesys trunk sending to "${tt.friendlyName}" uses digest authentication.`, evidence);
      }
      const missing = genesysTrunks.filter(
        (t) => !t.settings.digest.username || !lists.some((c) => c.usernames.includes(t.settings.digest.username!)),
      );
      if (!missing.length) {
        return pass(`The credential lists of "${tt.friendlyName}" hold every Genesys digest user.`, evidence);
      }
      return fail(
        `${missing.map((t) => `"${t.settings.digest.username ?? '(no user)'}" (Genesys trunk "${t.name}")`).join(', ')} is in no credential list of "${tt.friendlyName}".`,
        evidence,
        lists.length
          ? `Add the credential to "${lists[0]!.friendlyName}" with the password set on the Genesys trunk (Twilio console > Elastic SIP Trunking > Authentication > Credential Lists).`
          : `Create a credential list with that user and the Genesys trunk's password and attach it to "${tt.friendlyName}" > Termination > Authentication.`,
      );
    });
  },
};

/**
 * Guide, Twilio §2.3: "Origination URI – This URI corresponds to your BYOC Termination URI", e.g.
 * sip:twilioABC.byoc.mypurecloud.ie. Origination URLs take sip: only (no sips:), priority 0-65535 lower first,
 * weight 1-65535 (docs/vendor-facts.md, "Twilio trunk resources").
 */
export const twOrigination: DoctorRule = {
  id: 'TW-ORIGINATION',
  title: "An enabled origination URL is the Genesys trunk's termination URI",
  severity: 'fail',
  enforces:
    'Guide, Twilio §2.3 Origination: sip:<identifier>.<BYOC SIP domain>; priorities, weights, sip: ' +
    '(docs/vendor-facts.md, "Twilio trunk resources")',
  evaluate(snapshot, ctx) {
    return perTwilioTrunkWithGenesys(snapshot, ctx, ['originationUrls'], (tt, tw, g) => {
      const urls = tt.originationUrls;
      const enabled = urls.filter((o) => o.enabled);
      const evidence: Record<string, string | string[] | null> = {
        trunk: tt.friendlyName,
        originationUrls: urls.map(
          (o) => `${o.sipUrl} (priority ${o.priority}, weight ${o.weight}${o.enabled ? '' : ', disabled'})`,
        ),
      };
      if (!enabled.length) {
        return fail(
          `"${tt.friendlyName}" has no enabled origination URL: calls to its numbers never reach Genesys.`,
          evidence,
          `Add the origination URI "sip:<identifier>.<BYOC SIP domain>" (Twilio console > ${tt.friendlyName} > Origination).`,
        );
      }
      const bad = enabled.filter(
        (o) => !/^sip:/i.test(o.sipUrl) || o.priority < 0 || o.priority > 65535 || o.weight < 1 || o.weight > 65535,
      );
      if (bad.length) {
        return fail(
          `Origination URL(s) ${bad.map((o) => o.sipUrl).join(', ')}: Twilio needs the sip: scheme (not sips:), priority 0–65535 and weight 1–65535.`,
          evidence,
          'Use "sip:" (add ";transport=tls" for TLS) and valid priority and weight.',
        );
      }
      if (!ctx.region) return unknownRegionSkip(ctx);
      const domain = ctx.region.byocSipDomain;
      if (!domain) {
        return skip(
          `The BYOC SIP domain of region ${ctx.region.key} is not known.`,
          howToConfigureRegion(ctx.region.key, 'byocSipDomain'),
          evidence,
        );
      }
      const genesysTrunks = pairedGenesysTrunks(tt, g, tw, ctx);
      const expected = genesysTrunks
        .map((t) => t.settings.terminationIdentifier)
        .filter((x): x is string => !!x)
        .map((id) => `${id}.${domain}`);
      evidence.expected = expected.map((h) => `sip:${h}`);
      const wantedHosts = expected.map((h) => h.toLowerCase());
      const good = enabled.filter((o) =>
        expected.length
          ? wantedHosts.includes(sipHost(o.sipUrl))
          : sipHost(o.sipUrl).endsWith(`.${domain.toLowerCase()}`),
      );
      if (!good.length) {
        const elsewhere = enabled
          .map((o) => ({ url: o.sipUrl, region: regionOfByocHost(ctx.regions, sipHost(o.sipUrl)) }))
          .filter((x) => x.region && x.region.key !== ctx.region!.key);
        return unlessUnconfirmed(
          fail(
            elsewhere.length
              ? `${elsewhere.map((x) => `${x.url} is the BYOC domain of ${x.region!.key}${byocSipDomainConfirmed(x.region!) ? '' : ' (by its unconfirmed pattern)'}`).join('; ')}, but the org is in ${ctx.region.key} (${domain}).`
              : `No enabled origination URL of "${tt.friendlyName}" is ${expected.length ? expected.map((h) => `sip:${h}`).join(' or ') : `under ${domain}`}.`,
            evidence,
            `Set the origination URI of "${tt.friendlyName}" to "${expected[0] ? `sip:${expected[0]}` : `sip:<identifier>.${domain}`}" ` +
              "(the Genesys trunk's Inbound SIP Termination Identifier + the BYOC SIP domain of the org's region).",
          ),
          byocSipDomainConfirmed(ctx.region),
          `The BYOC SIP domain ${domain} of region ${ctx.region.key}`,
          howToConfigureRegion(ctx.region.key, 'byocSipDomain'),
        );
      }
      const best = Math.min(...good.map((o) => o.priority));
      const ahead = enabled.filter((o) => !good.includes(o) && o.priority <= best);
      if (ahead.length) {
        return warn(
          `${ahead.map((o) => o.sipUrl).join(', ')} ${ahead.length > 1 ? 'are' : 'is'} tried before or with the Genesys URI (priority ${best}).`,
          evidence,
          `Give the Genesys origination URI the lowest priority value, or disable the others (Twilio tries lower priorities first).`,
        );
      }
      return pass(`"${tt.friendlyName}" originates to ${good.map((o) => o.sipUrl).join(', ')}.`, evidence);
    });
  },
};

/**
 * Guide, Twilio §2.4 Assign Numbers: a purchased number on the trunk; Twilio numbers are E.164 (docs/vendor-facts.md,
 * "E.164").
 */
export const twNumbers: DoctorRule = {
  id: 'TW-NUMBERS',
  title: 'The trunk has at least one number, in E.164',
  severity: 'fail',
  enforces: 'Guide, Twilio §2.4 Assign Numbers: at least one purchased number on the trunk',
  evaluate(snapshot, ctx) {
    return perTwilioTrunk(snapshot, ctx, ['phoneNumbers', 'incomingPhoneNumbers'], (tt, tw) => {
      const numbers = tt.phoneNumbers.map((n) => n.phoneNumber);
      const evidence = { trunk: tt.friendlyName, numbers, accountNumbers: tw.incomingPhoneNumbers.length };
      const notE164 = numbers.filter((n) => !isE164(n));
      if (notE164.length) {
        return fail(
          `${notE164.join(', ')} on "${tt.friendlyName}" is not E.164.`,
          evidence,
          'Twilio numbers are E.164; a number that is not was entered by hand somewhere: check it in the Twilio console.',
        );
      }
      if (numbers.length)
        return pass(`"${tt.friendlyName}" has ${count(numbers.length, 'number')}: ${numbers.join(', ')}.`, evidence);
      const free = tw.incomingPhoneNumbers.find((n) => !n.trunkSid);
      return fail(
        `"${tt.friendlyName}" has no phone number: no call can come in through it.`,
        evidence,
        free
          ? `Put ${free.phoneNumber} (or another number) on the trunk: Twilio console > ${tt.friendlyName} > Numbers.`
          : 'Buy a number (Twilio console > Phone Numbers) and put it on the trunk (Numbers tab).',
        undefined,
        free
          ? {
              kind: 'twilio.trunk.addNumber',
              trunkSid: tt.sid,
              trunkName: tt.friendlyName,
              phoneNumberSid: free.sid,
              phoneNumber: free.phoneNumber,
            }
          : undefined,
      );
    });
  },
};

/**
 * A Twilio trunk with secure=true uses TLS signalling and SRTP media; the Genesys trunk must match (GC-TRUNK-TRANSPORT;
 * docs/vendor-facts.md, "Twilio media and secure trunking").
 */
export const twSecure: DoctorRule = {
  id: 'TW-SECURE',
  title: 'Secure trunking agrees with the Genesys transport',
  severity: 'fail',
  enforces:
    'Guide, Twilio §2.1 General Settings; Secure Trunking is TLS + SRTP ' +
    '(docs/vendor-facts.md, "Twilio media and secure trunking")',
  evaluate(snapshot, ctx) {
    return perTwilioTrunkWithGenesys(snapshot, ctx, [], (tt, tw, g) => {
      const genesysTrunks = pairedGenesysTrunks(tt, g, tw, ctx);
      const evidence = {
        trunk: tt.friendlyName,
        secure: tt.secure,
        genesysTrunks: genesysTrunks.map(
          (t) => `${t.name}: ${t.settings.transport ?? '(no transport)'}${t.settings.srtp ? ' + SRTP' : ' + RTP'}`,
        ),
      };
      if (!genesysTrunks.length) {
        return skip(
          `No Genesys BYOC trunk sends to "${tt.friendlyName}" (see GC-TRUNK-PROXY), so there is nothing to compare.`,
          "Point the Genesys trunk's SIP proxy at this trunk's termination URI, then run the doctor again.",
          evidence,
        );
      }
      const disagree = genesysTrunks.filter(
        (t) => (t.settings.transport === 'tls') !== tt.secure || t.settings.srtp !== tt.secure,
      );
      if (!disagree.length) {
        return pass(
          tt.secure
            ? `"${tt.friendlyName}" is secure and Genesys uses TLS + SRTP.`
            : `"${tt.friendlyName}" is not secure and Genesys uses plain SIP + RTP.`,
          evidence,
        );
      }
      return fail(
        `Secure Trunking is ${tt.secure ? 'on' : 'off'} for "${tt.friendlyName}" but Genesys ${disagree
          .map(
            (t) =>
              `"${t.name}" uses ${(t.settings.transport ?? 'no transport').toUpperCase()}${t.settings.srtp ? ' + SRTP' : ' + RTP'}`,
          )
          .join(', ')}.`,
        evidence,
        tt.secure
          ? `Turn Secure Trunking off for "${tt.friendlyName}" (General settings), or set the Genesys trunk to TLS with SRTP.`
          : `Turn Secure Trunking on for "${tt.friendlyName}" (General settings), or set the Genesys trunk to UDP/TCP without SRTP.`,
      );
    });
  },
};

/** Guide, Twilio §2.1: "PureCloud does not trigger SIP REFER. It can only consume (receive) SIP REFER". */
export const twTransfer: DoctorRule = {
  id: 'TW-TRANSFER',
  title: 'Call transfer (SIP REFER): Genesys receives REFER, never sends it',
  severity: 'info',
  enforces: 'Guide, Twilio §2.1 Call Transfer (SIP REFER): Genesys consumes REFER but never sends it',
  evaluate(snapshot) {
    const names = snapshot.twilio.available ? snapshot.twilio.trunks.map((t) => t.friendlyName) : [];
    return [
      pass(
        "Informational: Genesys consumes SIP REFER but never sends it, so the Twilio trunk's Call Transfer setting " +
          'does not affect transfers made in Genesys.',
        { twilioTrunks: names },
      ),
    ];
  },
};

export const TWILIO_RULES: DoctorRule[] = [
  twTrunk,
  twAuth,
  twAcl,
  twCredentials,
  twOrigination,
  twNumbers,
  twSecure,
  twTransfer,
];
