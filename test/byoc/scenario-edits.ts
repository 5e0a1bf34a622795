/**
 * Snapshots of the default scenario (the guide's Paris Office, all green), changed first by small named edits,
 * so each domain test states only the one thing it changes.
 */
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';

const DEFAULT = loadScenario('default');

export const EDGE1 = 'virtual-edge-i-0a1b2c3d4e5f60001';
export const EDGE2 = 'virtual-edge-i-0a1b2c3d4e5f60002';

export type Edit = (s: Scenario) => void;

/** The default scenario's snapshot after `edit`, taken at a fixed time. */
export function snapshot(edit: Edit = () => {}): ByocSnapshot {
  const s = structuredClone(DEFAULT);
  edit(s);
  return snapshotFromScenario(s, '2025-01-01T12:00:00.000Z');
}

export const twilioTrunkBase = (s: Scenario) => s.genesys.trunkBases.find((x) => x.name === 'Twilio')!;

/** The "Twilio" trunk disconnected on one edge, with the edge's error text. */
export const disconnect =
  (edge: string, text: string): Edit =>
  (s) => {
    s.faults.disconnected.push({ trunkBase: 'Twilio', edge, errorInfo: { text } });
  };

/** A second BYOC trunk base with the same settings as "Twilio", in or out of service. */
export const addTrunkLikeTwilio =
  (name: string, inService: boolean): Edit =>
  (s) => {
    const base = twilioTrunkBase(s);
    s.genesys.trunkBases.push({
      ...structuredClone(base),
      id: 'backup-0000-trunk',
      name,
      properties: { ...base.properties, trunk_enabled: inService },
    });
  };
