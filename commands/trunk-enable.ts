/** `/byoc trunk enable TRUNK [--reason TEXT]`: asks to put a BYOC trunk in service; a second person approves. */
import { trunkInServiceCommand } from '../src/changes/trunk-command.js';

export default trunkInServiceCommand({
  enable: true,
  summary: 'Ask to put a BYOC trunk in service (an approver applies it)',
  example: 'trunk enable Twilio --reason "maintenance done"',
});
