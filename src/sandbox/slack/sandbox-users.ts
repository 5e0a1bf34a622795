/**
 * The people of the sandbox's fake Slack (`npm start` with no credentials), as `users.info` answers for them. Their
 * roles are in the bundled access file, src/sandbox/access.yml. Alice and Bob have the emails of the fake Genesys
 * Cloud org's users (scenarios/default.yml), so `did assign +33123456790 <@U0ALICE>` finds Alice Martin.
 */
import type { FakeSlackUser } from './fake-slack.js';
import { TEST_USER_ID } from './signed-requests.js';

/** The operator: the user `/__sandbox/slash` and `/__sandbox/click` act as unless told otherwise. */
export const SANDBOX_OPERATOR_ID = TEST_USER_ID;
/** The approver: `curl … /__sandbox/click -d action=approval.approve -d user=U0SANDBOXLEAD`. */
export const SANDBOX_APPROVER_ID = 'U0SANDBOXLEAD';

export const SANDBOX_USERS: Record<string, FakeSlackUser> = {
  [SANDBOX_OPERATOR_ID]: { name: 'sam.sandbox', realName: 'Sam Sandbox', email: 'sam@example.com' },
  [SANDBOX_APPROVER_ID]: { name: 'lea.lead', realName: 'Lea Lead', email: 'lea@example.com' },
  U0ALICE: { name: 'alice', realName: 'Alice Martin', email: 'alice@example.com' },
  U0BOB: { name: 'bob', realName: 'Bob Durand', email: 'bob@example.com' },
};
