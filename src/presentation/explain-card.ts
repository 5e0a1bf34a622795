/**
 * The `/byoc explain CODE` card: what a SIP response or a Twilio error code means on a BYOC trunk connected to a
 * Twilio Elastic SIP Trunk, the likely checklist rule and its fix. Needs no vendor.
 */

import type { Cause, ExplainedCode } from '../byoc/calls/causes.js';
import { ruleById } from '../byoc/doctor/registry.js';
import type { Card, CardSection } from '../cards/card.js';

function causeSections(cause: Cause, heading?: string): CardSection[] {
  const rules = cause.rules.map((r) => `${r}: ${ruleById(r)?.title ?? r}`);
  return [
    {
      title: heading ?? 'What it means',
      text: `*${cause.title}.* ${cause.explanation}`,
    },
    { title: 'Fix', text: cause.fix },
    ...(rules.length ? [{ title: 'Checklist rules to look at (`doctor` checks them)', items: rules }] : []),
  ];
}

export function explainCard(explained: ExplainedCode): Card {
  if (explained.kind === 'invalid') {
    return {
      title: `"${explained.input}" is not a SIP response or a Twilio error code`,
      status: 'fail',
      summary:
        'Give a SIP response (three digits, 400 to 699) or a Twilio error code (five digits), e.g. `explain 403` or `explain 32201`.',
    };
  }
  if (explained.kind === 'twilio') {
    const title = explained.title ? `Twilio ${explained.code}: ${explained.title}` : `Twilio ${explained.code}`;
    const sections: CardSection[] = explained.cause
      ? causeSections(explained.cause)
      : [
          {
            text: 'The bot knows no explanation for this code with a BYOC trunk. Twilio’s page for it says what it means.',
          },
        ];
    sections.push({ title: 'Twilio’s page', text: explained.moreInfo });
    return {
      title,
      status: explained.cause ? 'info' : 'skip',
      summary: explained.cause?.title ?? 'No known link to the BYOC setup.',
      sections,
    };
  }
  const label = `SIP ${explained.code}${explained.phrase ? ` ${explained.phrase}` : ''}`;
  if (explained.normalEnding) {
    return {
      title: label,
      status: 'ok',
      summary:
        explained.code === 200
          ? 'The call was answered.'
          : 'A normal ending: the far end was busy, did not answer, declined, or the caller hung up while it rang. Not a trunk problem.',
    };
  }
  const sections: CardSection[] = [];
  const { outbound, inbound } = explained;
  if (outbound && inbound && outbound.key !== inbound.key) {
    sections.push(...causeSections(outbound, 'On an outbound call (Genesys -> Twilio -> PSTN)'));
    sections.push(...causeSections(inbound, 'On an inbound call (PSTN -> Twilio -> Genesys)'));
  } else if (outbound ?? inbound) {
    sections.push(...causeSections((outbound ?? inbound) as Cause));
  } else {
    sections.push({
      text:
        explained.code < 400
          ? 'Not a failure: 1xx responses are provisional and 2xx/3xx are not errors.'
          : 'Usually passed through from the far end (the PSTN for outbound calls, Genesys for inbound ones); the bot knows no setting that causes it.',
    });
  }
  return {
    title: label,
    status: outbound || inbound ? 'info' : 'skip',
    summary: (outbound ?? inbound)?.title ?? 'No known link to the BYOC setup.',
    sections,
  };
}
