/**
 * The sandbox: both vendor fakes started from one scenario, and the environment lines that point the bot (or any
 * script using the official SDKs) at them. What `byoc sandbox` runs, and what tests and benchmarks start.
 */
import { type GenesysFake, startGenesysFake } from './genesys/index.js';
import { loadScenario, type Scenario } from './scenario.js';
import { startTwilioFake, type TwilioFake } from './twilio/index.js';

export interface SandboxOptions {
  /** A bundled scenario name (`default`, `broken/omit-plus`), a YAML file path, or a scenario already loaded. */
  scenario?: string | Scenario;
  /** Genesys listens on `port`, Twilio on `port + 1`; 0 (default) picks free ports. */
  port?: number;
  /** Separate ports for each fake (what `switchScenario` reuses); wins over `port`. */
  ports?: { genesys: number; twilio: number };
  host?: string;
}

export interface Sandbox {
  scenario: Scenario;
  genesys: GenesysFake;
  twilio: TwilioFake;
  /** GENESYS_REGION, GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_API_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_URL. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Throws a scenario error (`scenarioErrorOf`: file, path, expectation) for a scenario with a mistake, before anything listens. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const scenario = typeof opts.scenario === 'object' ? opts.scenario : loadScenario(opts.scenario ?? 'default');
  const port = opts.port ?? 0;
  const genesys = await startGenesysFake(scenario, { port: opts.ports?.genesys ?? port, host: opts.host });
  let twilio: TwilioFake;
  try {
    const twilioPort = opts.ports?.twilio ?? (port === 0 ? 0 : port + 1);
    twilio = await startTwilioFake(scenario, { port: twilioPort, host: opts.host });
  } catch (err) {
    await genesys.close();
    throw err;
  }
  const env: Record<string, string> = {
    GENESYS_REGION: scenario.genesys.region,
    GENESYS_CLIENT_ID: scenario.genesys.credentials.clientId,
    GENESYS_CLIENT_SECRET: scenario.genesys.credentials.clientSecret,
    GENESYS_API_URL: genesys.url,
    TWILIO_ACCOUNT_SID: scenario.twilio.accountSid,
    TWILIO_AUTH_TOKEN: scenario.twilio.authToken,
    TWILIO_API_URL: twilio.url,
  };
  return {
    scenario,
    genesys,
    twilio,
    env,
    async close() {
      await Promise.all([genesys.close(), twilio.close()]);
    },
  };
}

/**
 * Stops `current` and starts the fakes again with another scenario on the same ports, so a bot already pointed at
 * them goes on working (the sandbox chat page's scenario picker). The credentials must be the same, or the bot's
 * would stop working: refused before anything stops.
 */
export async function switchScenario(current: Sandbox, scenario: string, host?: string): Promise<Sandbox> {
  const next = loadScenario(scenario);
  const same =
    JSON.stringify(next.genesys.credentials) === JSON.stringify(current.scenario.genesys.credentials) &&
    next.twilio.accountSid === current.scenario.twilio.accountSid &&
    next.twilio.authToken === current.scenario.twilio.authToken;
  if (!same) {
    throw new Error(
      `scenario "${scenario}" has other credentials than "${current.scenario.name}": restart with SANDBOX_SCENARIO=${scenario}`,
    );
  }
  const ports = { genesys: current.genesys.port, twilio: current.twilio.port };
  await current.close();
  return startSandbox({ scenario: next, ports, host });
}

/** `KEY=value` lines, in the order a person reads them. */
export function envLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}
