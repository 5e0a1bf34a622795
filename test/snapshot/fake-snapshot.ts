/** A snapshot with nothing in it, for tests about how snapshots are shared rather than what they hold. */
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';

export function fakeSnapshot(orgKey: string): ByocSnapshot {
  return {
    takenAt: new Date().toISOString(),
    orgKey,
    genesys: { available: false, reason: 'not needed here' },
    twilio: { available: false, reason: 'not needed here' },
    vendorCalls: { genesys: 0, twilio: 0 },
  };
}
