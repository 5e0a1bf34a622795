/**
 * Reads an org and its Twilio account through the bot's own clients (one snapshot, plus the raw trunk properties,
 * users and IVRs a scenario needs) and returns a scenario of it with secrets and people scrubbed.
 */

import type { ByocSnapshot, GenesysPart, TwilioPart } from '../byoc/snapshot.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import type { GenesysClient } from '../genesys/client.js';
import { gatherSnapshot, type SnapshotVendors } from '../snapshot/gather-snapshot.js';
import { live } from '../snapshot/genesys-part.js';
import { instanceValues, type OrgExtras, scenarioFromOrg } from './org-to-scenario.js';
import { type ScrubOptions, type ScrubResult, scrubScenario } from './scrub.js';

function captureError(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.captureIncomplete, message, retryable: false });
}

export async function captureOrg(
  vendors: SnapshotVendors,
  options: ScrubOptions & { name?: string } = {},
): Promise<ScrubResult & { snapshot: ByocSnapshot }> {
  if (!('client' in vendors.genesys) || !('client' in vendors.twilio)) {
    const missing = 'notConfigured' in vendors.genesys ? vendors.genesys : vendors.twilio;
    throw captureError(
      `Capture reads both vendors: ${'notConfigured' in missing ? missing.notConfigured : 'configure them'}.`,
    );
  }
  const g = vendors.genesys.client;
  const snapshot = await gatherSnapshot(vendors, 'capture');
  if (!snapshot.genesys.available) throw captureError(snapshot.genesys.reason);
  if (!snapshot.twilio.available) throw captureError(snapshot.twilio.reason);
  const partial = [...snapshot.genesys.partialErrors, ...snapshot.twilio.partialErrors];
  if (partial.length) {
    throw captureError(
      `Some reads were refused, so the capture would be incomplete: ${partial.map((p) => `${p.what} (${p.reason})`).join('; ')}`,
    );
  }
  const extras = await readExtras(g, snapshot.genesys);
  const doc = scenarioFromOrg(
    snapshot as ByocSnapshot & {
      genesys: { available: true } & GenesysPart;
      twilio: { available: true } & TwilioPart;
    },
    extras,
    options.name ?? 'captured',
  );
  return { ...scrubScenario(doc, options), snapshot };
}

async function readExtras(g: GenesysClient, part: GenesysPart): Promise<OrgExtras> {
  const [trunkBases, users, ivrs] = await Promise.all([g.trunkBases(), g.users(), g.ivrs()]);
  const wanted = new Set(part.trunkBases.map((t) => t.id));
  return {
    trunkProperties: new Map(
      trunkBases
        .filter((t) => live(t) && t.id && wanted.has(t.id))
        .map((t) => [t.id!, instanceValues(t.properties as Record<string, unknown> | undefined)]),
    ),
    users: users.filter(live).map((u) => ({
      id: u.id ?? '',
      name: u.name ?? '',
      email: u.email ?? '',
      phones: (u.addresses ?? []).filter((a) => a.mediaType === 'PHONE' && a.address).map((a) => a.address!),
    })),
    ivrs: ivrs.filter(live).map((i) => ({ id: i.id ?? '', name: i.name, dnis: [...(i.dnis ?? [])] })),
  };
}
