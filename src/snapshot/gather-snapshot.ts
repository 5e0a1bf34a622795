/**
 * One ByocSnapshot from both vendors, their halves gathered side by side. A vendor that is not configured, or
 * cannot be reached, leaves its half unavailable with the reason; the other half still answers. A vendor that is
 * rate limiting or too slow for the job's time budget fails the whole snapshot instead, so the job is retried.
 */
import type { Availability, ByocSnapshot, GenesysPart, TwilioPart } from '../byoc/snapshot.js';
import type { GenesysClient } from '../genesys/client.js';
import { gatherTwilioPart } from '../twilio/gather.js';
import type { TwilioClient } from '../twilio/twilio-client.js';
import { OUT_OF_TIME_CODE } from '../vendors/call-budget.js';
import { isVendorError } from '../vendors/vendor-error.js';
import { gatherGenesysPart } from './genesys-part.js';

/** A vendor client, or why there is none (the variables to set). */
export type VendorSlot<C> = { client: C } | { notConfigured: string };

export interface SnapshotVendors {
  genesys: VendorSlot<GenesysClient>;
  twilio: VendorSlot<TwilioClient>;
  /** The configured Genesys region (key or domain), for the doctor's region rules. */
  region?: string;
}

export async function gatherSnapshot(
  vendors: SnapshotVendors,
  orgKey: string,
  now: () => Date = () => new Date(),
): Promise<ByocSnapshot> {
  const takenAt = now().toISOString();
  const genesysCallsBefore = 'client' in vendors.genesys ? vendors.genesys.client.callCount : 0;
  const twilioCallsBefore = 'client' in vendors.twilio ? vendors.twilio.client.callCount : 0;
  const [genesys, twilio] = await Promise.all([
    half<GenesysPart, GenesysClient>('Genesys Cloud', vendors.genesys, (c) => gatherGenesysPart(c, vendors.region)),
    half<TwilioPart, TwilioClient>('Twilio', vendors.twilio, gatherTwilioPart),
  ]);
  return {
    takenAt,
    orgKey,
    genesys,
    twilio,
    vendorCalls: {
      genesys: 'client' in vendors.genesys ? vendors.genesys.client.callCount - genesysCallsBefore : 0,
      twilio: 'client' in vendors.twilio ? vendors.twilio.client.callCount - twilioCallsBefore : 0,
    },
  };
}

async function half<P, C>(
  vendorName: string,
  slot: VendorSlot<C>,
  read: (client: C) => Promise<P>,
): Promise<Availability<P>> {
  if ('notConfigured' in slot) {
    return { available: false, reason: `${vendorName} is not configured: ${slot.notConfigured}` };
  }
  try {
    return { available: true, ...(await read(slot.client)) };
  } catch (err) {
    // Rate limited or slow is not down: the job is tried again (after the vendor's Retry-After) and the person is
    // told so, instead of getting a card that says the vendor could not be reached.
    if (isLaterError(err)) throw err;
    return { available: false, reason: unavailableReason(vendorName, err) };
  }
}

/** A 429, or the job's time running out while the vendor had not answered: the vendor is there, only busy. */
export function isLaterError(err: unknown): boolean {
  return isVendorError(err) && (err.status === 429 || err.code === OUT_OF_TIME_CODE);
}

/** Safe to show in chat: VendorError messages are built without secrets; anything else is summarized. */
export function unavailableReason(vendorName: string, err: unknown): string {
  if (isVendorError(err)) {
    const status = err.status ? `HTTP ${err.status}` : 'no answer';
    const ref = err.correlationId ? `, correlation id ${err.correlationId}` : '';
    return `${vendorName} could not be read (${status}, ${err.code}): ${err.message}${ref}`;
  }
  return `${vendorName} could not be read: ${err instanceof Error ? err.name : 'unexpected error'}`;
}
