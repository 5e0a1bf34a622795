/**
 * A fake Genesys org for each test, and the bot's client on it, with the test's clock: declared once per file
 * (`const onFakeOrg = fakeOrgPerTest()`), each org closed after its test.
 */
import { GenesysClient, type GenesysClientOptions } from '../../src/genesys/index.js';
import { startGenesysFake } from '../../src/sandbox/genesys/index.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { closedAfterEach } from '../support/use-started.js';
import type { FakeClock } from './fake-clock.js';

export function fakeOrgPerTest() {
  const closing = closedAfterEach((fake: Awaited<ReturnType<typeof startGenesysFake>>) => fake.close());
  return async (s: Scenario, clock: FakeClock, extra: Partial<GenesysClientOptions> = {}) => {
    const fake = closing(await startGenesysFake(s, { now: clock.now }));
    const client = new GenesysClient({
      region: s.genesys.region,
      clientId: s.genesys.credentials.clientId,
      clientSecret: s.genesys.credentials.clientSecret,
      apiUrl: fake.url,
      clock,
      ...extra,
    });
    return { fake, client };
  };
}
