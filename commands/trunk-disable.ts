/** `/byoc trunk disable TRUNK [--reason TEXT]`: asks to take a BYOC trunk out of service; a second person approves. */
import { trunkInServiceCommand } from '../src/changes/trunk-command.js';

export default trunkInServiceCommand({
  enable: false,
  summary: 'Ask to take a BYOC trunk out of service (an approver applies it)',
  example: 'trunk disable Twilio --reason "carrier maintenance 22:00-23:00"',
});
