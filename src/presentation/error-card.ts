/**
 * The card a person sees when their job failed for good: what went wrong in words they can act on, and a short
 * reference that is also in the logs, so whoever looks can find the details.
 */
import type { Card, CardButton } from '../cards/card.js';
import { OUT_OF_TIME_CODE } from '../vendors/call-budget.js';
import { isVendorError, type Vendor } from '../vendors/vendor-error.js';
import { COMMAND_RUN_ACTION, SLASH_COMMAND } from './chat-names.js';

/** Each vendor's name as people know it. */
export const VENDOR_LABEL: Record<Vendor, string> = {
  genesys: 'Genesys Cloud',
  twilio: 'Twilio',
  slack: 'Slack',
  teams: 'Microsoft Teams',
};

export function errorCard(input: { err: unknown; reference: string; commandText: string; attempts: number }): Card {
  const { err, reference, commandText, attempts } = input;
  let summary: string;
  if (isVendorError(err)) {
    const vendor = VENDOR_LABEL[err.vendor];
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (err.status === 429) {
      // Busy, not down: whoever is on call must not go looking for an outage or a credential problem.
      const wait = err.retryAfterSeconds !== undefined ? ` (it asked to wait ${err.retryAfterSeconds} s)` : '';
      summary = `Rate limited by ${vendor}${tries}${wait}. ${vendor} is up; try again in a moment.`;
    } else if (err.code === OUT_OF_TIME_CODE) {
      summary = `${vendor} did not answer in time${tries}: ${err.message}`;
    } else {
      summary = err.unreachable
        ? `${vendor} could not be reached${tries}: ${err.message}`
        : `${vendor} answered ${err.status} (${err.code})${tries}: ${err.message}`;
    }
  } else {
    // Not a vendor error: a fault of ours, whose message may say nothing useful (or too much) to a person.
    summary = 'Something went wrong inside byoc-bot. The reference below finds the details in its logs.';
  }
  const buttons: CardButton[] = commandText.trim()
    ? [{ actionId: COMMAND_RUN_ACTION, label: 'Try again', value: commandText }]
    : [];
  return {
    title: commandText.trim() ? `${SLASH_COMMAND} ${commandText.trim()} failed` : 'That failed',
    status: 'fail',
    summary,
    fields: [{ label: 'Reference', value: reference }],
    buttons,
    footer: `Reference ${reference}`,
  };
}
