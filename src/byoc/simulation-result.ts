/**
 * What `simulateCall` answers: the Genesys routing steps, the Twilio checks and the reasons (each with its fix).
 * The result doubles as the CLI's `--json`; its top-level names are part of that contract.
 */
import type { DialInputErrorCode } from './dialplan.js';
import type { NumberPlanMatchType, Ref } from './snapshot.js';

export interface SimulationInput {
  number: string;
  site?: string;
  from?: string;
}

export interface SimulatedEdge {
  id: string;
  name: string;
  connected: boolean;
  inService: boolean;
  options: { proxy: string; ok: boolean; error?: string }[];
  error?: string;
}

export interface SimulatedTrunk {
  id: string;
  name: string;
  inService: boolean;
  edges: SimulatedEdge[];
  /** In service and connected (and in service) on at least one edge. */
  operational: boolean;
  /** Why the trunk cannot be used at all, beyond its edges (e.g. the route names a trunk base that does not exist). */
  problem?: string;
}

export type TwilioCheckId = 'called-number-e164' | 'caller-id' | 'proxy-is-termination-uri';

export interface TwilioCheck {
  id: TwilioCheckId;
  /** null: could not be checked (Twilio unavailable, nothing to check against): never a silent pass. */
  ok: boolean | null;
  label: string;
  detail: string;
}

export type ReasonCode =
  | 'GENESYS_UNAVAILABLE'
  | 'NO_SITE'
  | 'UNKNOWN_SITE'
  | 'NO_COUNTRY'
  | 'INPUT_EMPTY'
  | 'INPUT_LETTERS'
  | 'INPUT_INVALID'
  | 'NO_PLAN_MATCHED'
  | 'PLAN_ERROR'
  | 'NO_ROUTE'
  | 'ROUTE_HAS_NO_TRUNKS'
  | 'NO_OPERATIONAL_TRUNK'
  | 'EDGE_NOT_CONNECTED'
  | 'CALLED_NOT_E164'
  | 'CALLER_ID_REFUSED'
  | 'CALLER_ID_UNKNOWN'
  | 'CALLER_ID_NOT_ON_TRUNK'
  | 'PROXY_NOT_TWILIO'
  | 'TWILIO_UNAVAILABLE';

export interface SimulationReason {
  code: ReasonCode;
  message: string;
  fix: string;
  /** False for a warning that does not stop the call (one edge of two disconnected, Twilio could not be checked). */
  blocking: boolean;
}

/**
 * routable / not-routable: the answer. input-error: the number is not something the dial plan takes (see
 * `inputError`). unknown-site: `--site` names no site. genesys-unavailable: nothing could be simulated.
 */
export type SimulationOutcome = 'routable' | 'not-routable' | 'input-error' | 'unknown-site' | 'genesys-unavailable';

export interface SimulationResult {
  outcome: SimulationOutcome;
  input: SimulationInput;
  site: (Ref & { chosenBecause?: string }) | null;
  /** ISO country of the site's location. */
  country: string | null;
  normalizedNumber: string | null;
  numberPlan: { id: string; name: string; matchType: NumberPlanMatchType } | null;
  classification: string | null;
  outboundRoute: { id: string; name: string; distribution: 'SEQUENTIAL' | 'RANDOM' } | null;
  /** In the order they would be tried (RANDOM: a set, in the route's order). */
  trunks: SimulatedTrunk[];
  twilio: TwilioCheck[];
  routable: boolean;
  via: { trunk: Ref; edges: Ref[] } | null;
  reasons: SimulationReason[];
  /** Set when outcome is input-error: what was wrong and examples of valid input for the site's country. */
  inputError: { code: DialInputErrorCode; message: string; examples: string[] } | null;
  /** Set when outcome is unknown-site or the site was chosen: the sites one can pass to --site. */
  siteNames: string[];
  takenAt: string;
}
