/** A sandbox started from a scenario, with the bot's own vendor clients pointed at it. */
import { GenesysClient } from '../../src/genesys/client.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { gatherSnapshot, type SnapshotVendors } from '../../src/snapshot/gather-snapshot.js';
import { TwilioClient } from '../../src/twilio/twilio-client.js';

export interface VendorBench {
  sandbox: Sandbox;
  genesys: GenesysClient;
  twilio: TwilioClient;
  vendors: SnapshotVendors;
  gather(): ReturnType<typeof gatherSnapshot>;
  close(): Promise<void>;
}

export async function startVendorBench(scenario: string | Scenario = 'default'): Promise<VendorBench> {
  const sandbox = await startSandbox({ scenario });
  const env = sandbox.env;
  const genesys = new GenesysClient({
    region: env.GENESYS_REGION,
    clientId: env.GENESYS_CLIENT_ID!,
    clientSecret: env.GENESYS_CLIENT_SECRET!,
    apiUrl: env.GENESYS_API_URL,
  });
  const twilio = new TwilioClient({
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN,
    apiUrl: env.TWILIO_API_URL,
  });
  const vendors: SnapshotVendors = {
    region: env.GENESYS_REGION,
    genesys: { client: genesys },
    twilio: { client: twilio },
  };
  return {
    sandbox,
    genesys,
    twilio,
    vendors,
    gather: () => gatherSnapshot(vendors, env.GENESYS_CLIENT_ID!),
    close: () => sandbox.close(),
  };
}
