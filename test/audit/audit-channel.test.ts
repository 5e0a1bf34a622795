/** What the audit channel shows: how each change ended, not every knock on the door. */
import { describe, expect, it } from 'vitest';
import { belongsInAuditChannel } from '../../src/audit/audit-channel.js';
import type { AuditOutcome } from '../../src/audit/audit-log.js';

describe('the audit channel', () => {
  it('gets changes applied, failed, rejected and expired', () => {
    const posted: AuditOutcome[] = ['applied', 'unchanged', 'unverified', 'failed', 'rejected', 'expired'];
    for (const outcome of posted) expect(belongsInAuditChannel({ outcome }), outcome).toBe(true);
  });

  it('does not get requests and approvals (their card shows them) nor refused presses (logs and /byoc audit)', () => {
    const kept: AuditOutcome[] = ['pending', 'approved', 'refused'];
    for (const outcome of kept) expect(belongsInAuditChannel({ outcome }), outcome).toBe(false);
  });
});
