/**
 * What the read commands of the CLI (status, simulate, doctor) share: configuration from the environment, the
 * vendor clients, and with no vendor credentials at all, the built-in sandbox started in-process, so a new user
 * gets an answer before they have any credentials. No Slack and no Redis: a one-shot process needs neither.
 */
import { readFileSync } from 'node:fs';
import { loadOrgConfig, type OrgConfig } from '../byoc/org-config.js';
import { ERROR_CODES, isCodedError } from '../coded-error.js';
import { type Config, loadConfig, wantsVendorSandbox } from '../config.js';
import { type Sandbox, startSandbox } from '../sandbox/sandbox.js';
import type { SnapshotVendors } from '../snapshot/gather-snapshot.js';
import { directSnapshotSource, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { createVendorClients, orgKeyOf } from '../vendors/vendor-clients.js';

export interface VendorSession {
  config: Config;
  orgConfig: OrgConfig;
  vendors: SnapshotVendors;
  snapshots: SnapshotSource;
  /** Said on stderr when the sandbox stands in for real vendors. */
  note?: string;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** Exit codes shared by the read commands (issue: 0 ok, 1 bad news, 2 usage/config, 3 vendor unreachable). */
export const EXIT = { ok: 0, badNews: 1, usage: 2, unreachable: 3 } as const;

export async function openVendorSession(env: Env = process.env, scenario?: string): Promise<VendorSession> {
  let sandbox: Sandbox | undefined;
  let effectiveEnv: Env = env;
  if (wantsVendorSandbox(env)) {
    // The same variable as `npm start`'s sandbox mode (README, .env.example), so both answer from one scenario.
    sandbox = await startSandbox({ scenario: scenario ?? (env.SANDBOX_SCENARIO || 'default') });
    effectiveEnv = { ...env, ...sandbox.env };
  }
  let config: Config;
  let orgConfig: OrgConfig;
  let vendors: SnapshotVendors;
  try {
    // The CLI talks to no chat platform.
    config = loadConfig(effectiveEnv, { requireSlack: false });
    orgConfig = loadOrgConfig(effectiveEnv, (path) => readFileSync(path, 'utf8'));
    vendors = createVendorClients(config);
  } catch (err) {
    // A configuration mistake must not leave the sandbox's servers listening (and the process alive).
    await sandbox?.close();
    throw err;
  }
  return {
    config,
    orgConfig,
    vendors,
    snapshots: directSnapshotSource(vendors, orgKeyOf(config)),
    note: sandbox
      ? `No Genesys or Twilio credentials are set: answering from the built-in sandbox (scenario "${sandbox.scenario.name}"). Set GENESYS_* and TWILIO_* (see .env.example) to read your org.`
      : undefined,
    close: async () => {
      await sandbox?.close();
    },
  };
}

/** A half that could not be reached (configured, but no answer or an error), as opposed to not configured. */
export function unreachable(
  slot: SnapshotVendors['genesys'] | SnapshotVendors['twilio'],
  half: { available: boolean },
) {
  return !half.available && 'client' in slot;
}

/** The codes of a configuration problem: a variable, the org file or the scenario to fix, each message says which. */
const CONFIGURATION_CODES: readonly string[] = [
  ERROR_CODES.invalidConfig,
  ERROR_CODES.orgConfig,
  ERROR_CODES.scenario,
  ERROR_CODES.unknownScenario,
  ERROR_CODES.genesysConfig,
  ERROR_CODES.twilioConfig,
];

/** Prints a configuration problem the way the bot does, and returns the exit code for it, or rethrows. */
export function configProblem(err: unknown, write: (line: string) => void): number {
  if (isCodedError(err) && CONFIGURATION_CODES.includes(err.code)) {
    write(err.message);
    return EXIT.usage;
  }
  throw err;
}
