/**
 * Where commands get their snapshot. In the bot: shared through Redis (cached briefly, one gathering per org across
 * replicas). In the CLI: gathered directly, since a one-shot process has nobody to share with.
 */
import type { ByocSnapshot } from '../byoc/snapshot.js';
import { gatherSnapshot, type SnapshotVendors } from './gather-snapshot.js';
import type { GetOptions, SharedSnapshot } from './shared-snapshot.js';

export interface SnapshotSource {
  readonly orgKey: string;
  get(options?: GetOptions): Promise<ByocSnapshot>;
  /** Forget the cached snapshot (after a change was applied). */
  invalidate(): Promise<void>;
}

export function sharedSnapshotSource(
  vendors: SnapshotVendors,
  orgKey: string,
  shared: SharedSnapshot,
  onGathered?: (snapshot: ByocSnapshot) => void,
): SnapshotSource {
  return {
    orgKey,
    get: (options) =>
      shared.get(
        orgKey,
        async () => {
          const snapshot = await gatherSnapshot(vendors, orgKey);
          onGathered?.(snapshot);
          return snapshot;
        },
        options,
      ),
    invalidate: () => shared.invalidate(orgKey),
  };
}

export function directSnapshotSource(vendors: SnapshotVendors, orgKey: string): SnapshotSource {
  return {
    orgKey,
    get: () => gatherSnapshot(vendors, orgKey),
    invalidate: async () => {},
  };
}
