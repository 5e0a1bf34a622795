/**
 * The Twilio half of a simulated call, which Genesys' "Simulate Call" cannot see: does the called number leave in
 * E.164 with its +, is the caller ID a number of the Twilio account (and on the trunk), and do the trunk's proxies
 * point at a Twilio trunk's termination URI. Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { commandLine } from './command-line.js';
import { supportedCountry } from './dialplan.js';
import { isE164 } from './phone-number.js';
import type { SimulationReason, TwilioCheck } from './simulation-result.js';
import type { ByocSnapshot, TrunkBase, TwilioPart, TwilioTrunk } from './snapshot.js';
import { sendsTo } from './topology.js';
import { callerIdPolicy } from './trunk-settings.js';

function toE164(n: string, country: string | undefined): string {
  const cleaned = n.replace(/[\s\-.()]/g, '');
  const phone = parsePhoneNumberFromString(cleaned, country ? { defaultCountry: supportedCountry(country) } : {});
  return phone?.number ?? cleaned;
}

export function twilioChecks(
  snapshot: ByocSnapshot,
  trunkBase: TrunkBase,
  normalizedNumber: string,
  from: string | undefined,
  country: string | undefined,
  reasons: SimulationReason[],
): TwilioCheck[] {
  const s = trunkBase.settings;
  const checks: TwilioCheck[] = [];

  // Twilio requires E.164 with the + (guide: "Address Omit + Prefix" disabled; checklist GC-TRUNK-OMIT-PLUS).
  const leaves = s.omitPlusCalled ? normalizedNumber.replace(/^\+/, '') : normalizedNumber;
  const calledOk = !s.omitPlusCalled && isE164(normalizedNumber);
  checks.push({
    id: 'called-number-e164',
    ok: calledOk,
    label: 'Called number leaves in E.164 with +',
    detail: s.omitPlusCalled
      ? `"${trunkBase.name}" omits the + on the called address: Twilio would receive ${leaves}.`
      : isE164(normalizedNumber)
        ? `Twilio receives ${leaves}.`
        : `${leaves} is not an E.164 number; the number plan does not normalize it.`,
  });
  if (!calledOk) {
    reasons.push(
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
  // Whichever caller ID setting the trunk uses (trunk_calling_id_priority, or the legacy override method).
  const policy = callerIdPolicy(s);
  const alwaysOverride = policy.trunkAddressFirst;
  const callerIdRaw = alwaysOverride && s.callingAddress ? s.callingAddress : from;
  const callerSource = alwaysOverride && s.callingAddress ? `the trunk's calling address (${policy.says})` : '--from';
  if (!tw.available) {
    const why = `Twilio could not be reached: ${tw.reason}`;
    checks.push(
      { id: 'caller-id', ok: null, label: 'Caller ID is a Twilio number', detail: why },
      { id: 'proxy-is-termination-uri', ok: null, label: 'Proxy is the Twilio termination URI', detail: why },
    );
    reasons.push({
      code: 'TWILIO_UNAVAILABLE',
      message: `${why}; the Twilio side of the call was not checked.`,
      fix: 'Check the Twilio account SID and auth token (or API key), then simulate again.',
      blocking: false,
    });
    return checks;
  }

  const match = sendsTo(trunkBase, tw, { genesys: snapshot.genesys.available ? snapshot.genesys : undefined });
  const linked = match?.trunk ?? null;
  checks.push(callerIdCheck(tw, linked, callerIdRaw, callerSource, s.omitPlusCalling, country, reasons));

  const proxies = s.proxies.join(', ') || '(none)';
  const domains = tw.trunks.map((t) => t.domainName ?? `${t.friendlyName} (no termination URI)`).join(', ') || '(none)';
  const proxyOk = match?.how === 'termination';
  checks.push({
    id: 'proxy-is-termination-uri',
    ok: proxyOk,
    label: 'Proxy is the Twilio termination URI',
    detail: proxyOk
      ? `${proxies} is the termination URI of the Twilio trunk "${linked!.friendlyName}".`
      : `Genesys sends to ${proxies}; the Twilio trunks' termination URIs are ${domains}.`,
  });
  if (!proxyOk) {
    reasons.push({
      code: 'PROXY_NOT_TWILIO',
      message: `"${trunkBase.name}" sends calls to ${proxies}, which is no Twilio trunk's termination URI.`,
      fix: linked?.domainName
        ? `Set the trunk's SIP servers/proxies to ${linked.domainName}.`
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
  reasons: SimulationReason[],
): TwilioCheck {
  const label = 'Caller ID is a Twilio number';
  if (!callerIdRaw) {
    reasons.push({
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
    reasons.push({
      code: 'CALLER_ID_NOT_ON_TRUNK',
      message: `The caller ID ${callerId} is on the Twilio account but not on ${trunk ? `the trunk "${trunk.friendlyName}"` : 'the trunk'}: Twilio accepts it, but calls back to it will not reach Genesys.`,
      fix: `Put ${callerId} on the Twilio trunk (${commandLine(`did assign ${callerId} …`)} does it with an approval), or use a number that is on it.`,
      blocking: false,
    });
  }
  if (!ok) {
    reasons.push({
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
