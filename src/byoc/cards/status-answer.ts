/**
 * What `/byoc status` answers for a snapshot, in chat and in the CLI alike: the `trunkStatus` result and its card.
 * When Genesys cannot be read the report has no BYOC trunk to hang the Twilio side on, yet Twilio still answered:
 * the card then lists the Twilio trunks as Twilio sees them, so half an answer is not thrown away.
 */
import type { Card, CardSection } from '../../cards/card.js';
import type { ByocSnapshot, TwilioPart } from '../snapshot.js';
import { type StatusResult, trunkStatus } from '../status.js';
import { statusCard } from './status-card.js';

export interface StatusAnswer {
  result: StatusResult;
  card: Card;
}

export function statusAnswer(snapshot: ByocSnapshot, opts: { trunk?: string } = {}): StatusAnswer {
  const result = trunkStatus(snapshot, opts);
  const card = statusCard(result);
  if (!snapshot.genesys.available && snapshot.twilio.available) {
    card.sections = [...(card.sections ?? []), ...twilioOnlySections(snapshot.twilio)];
  }
  return { result, card };
}

/** Each Twilio trunk with its termination URI, origination URLs and numbers: what Twilio alone can tell. */
export function twilioOnlySections(twilio: TwilioPart): CardSection[] {
  if (twilio.trunks.length === 0) {
    return [
      { title: 'Twilio (Genesys Cloud not read)', text: `Account ${twilio.accountSid} has no Elastic SIP trunk.` },
    ];
  }
  return twilio.trunks.map((t) => ({
    title: `Twilio trunk "${t.friendlyName}" (Genesys Cloud not read)`,
    fields: [
      { label: 'Termination URI', value: t.domainName ?? 'none' },
      { label: 'Numbers', value: String(t.phoneNumbers.length) },
    ],
    items:
      t.originationUrls.length > 0
        ? [...t.originationUrls]
            .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
            .map(
              (o) =>
                `Origination ${o.sipUrl}: ${o.enabled ? 'enabled' : 'DISABLED'}, priority ${o.priority}, weight ${o.weight}`,
            )
        : ['No origination URL'],
  }));
}
