/**
 * The chat page's fault switches: each one a named change to the vendor fakes' fault knobs (scenario.ts,
 * `faultsSchema`), on and off, so a person can make the sandbox misbehave the way production does and watch what
 * the bot says (and what the watch posts in the alerts channel).
 */
import type { Sandbox } from '../sandbox.js';
import type { Faults } from '../scenario.js';

export interface FaultToggle {
  id: string;
  label: string;
  on: boolean;
}

interface ToggleDefinition {
  id: string;
  label: (vendors: Sandbox) => string;
  isOn: (faults: Faults) => boolean;
  set: (vendors: Sandbox, on: boolean) => Partial<Faults>;
}

/** The first edge of the scenario: the one "an edge disconnected" takes offline. */
function firstEdge(vendors: Sandbox): string | undefined {
  return vendors.scenario.genesys.edges[0]?.name;
}

const TOGGLES: readonly ToggleDefinition[] = [
  {
    id: 'edge-offline',
    label: (v) => `An edge disconnected (${firstEdge(v) ?? 'no edge in this scenario'})`,
    isOn: (f) => f.edgesOffline.length > 0,
    set: (v, on) => {
      const edge = firstEdge(v);
      return { edgesOffline: on && edge ? [edge] : [] };
    },
  },
  {
    id: 'rate-limited',
    label: () => 'A 429 burst (the next 5 calls to each vendor)',
    isOn: (f) => f.genesys429Burst > 0 || f.twilio429Burst > 0,
    set: (_v, on) => ({ genesys429Burst: on ? 5 : 0, twilio429Burst: on ? 5 : 0 }),
  },
  {
    id: 'genesys-down',
    label: () => 'Genesys Cloud down (accepts, never answers)',
    isOn: (f) => f.genesysDown,
    set: (_v, on) => ({ genesysDown: on }),
  },
  {
    id: 'twilio-down',
    label: () => 'Twilio down (accepts, never answers)',
    isOn: (f) => f.twilioDown,
    set: (_v, on) => ({ twilioDown: on }),
  },
];

/** The vendor fakes' faults as they are now (Genesys and Twilio keep their own copies; a burst counts down). */
function currentFaults(vendors: Sandbox): Faults {
  const g = vendors.genesys.state.faults;
  const t = vendors.twilio.faults;
  return { ...g, twilio429Burst: t.twilio429Burst, twilioDown: t.twilioDown, twilio5xxRate: t.twilio5xxRate };
}

export function faultToggles(vendors: Sandbox): FaultToggle[] {
  const faults = currentFaults(vendors);
  return TOGGLES.map((t) => ({ id: t.id, label: t.label(vendors), on: t.isOn(faults) }));
}

/** Turns toggle `id` on or off; an unknown id is an error naming the ones there are. */
export function setFaultToggle(vendors: Sandbox, id: string, on: boolean): FaultToggle[] {
  const toggle = TOGGLES.find((t) => t.id === id);
  if (!toggle) throw new Error(`no fault "${id}"; there are: ${TOGGLES.map((t) => t.id).join(', ')}`);
  const patch = toggle.set(vendors, on);
  vendors.genesys.setFaults(patch);
  vendors.twilio.setFaults(patch);
  return faultToggles(vendors);
}
