import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { renderBlockKit } from '../../src/chat/slack/blockkit.js';
import { renderText } from '../../src/chat/text.js';
import { auditCard } from '../../src/presentation/audit-card.js';

const entries: AuditEntry[] = [
  {
    id: '1714557780000-0',
    at: '2024-05-01T10:03:00.000Z',
    action: 'apply',
    actor: 'system',
    approvalId: 'apv_1',
    trunk: 'twilioABC',
    summary: 'Disable trunk twilioABC',
    outcome: 'applied',
    details: { verified: true },
  },
  {
    id: '1714557720000-0',
    at: '2024-05-01T10:02:00.000Z',
    action: 'approve',
    actor: 'U0LEAD1',
    approvalId: 'apv_1',
    trunk: 'twilioABC',
    summary: 'Disable trunk twilioABC',
    outcome: 'approved',
    details: {},
  },
  {
    id: '1714557600000-0',
    at: '2024-05-01T10:00:00.000Z',
    action: 'request',
    actor: 'U0OPS1',
    number: '+33123456789',
    summary: 'Assign +33123456789 to alice@example.com',
    outcome: 'failed',
    details: { ref: 'e7f1' },
  },
];

describe('the audit card', () => {
  it('shows one compact row per entry (when, who, what, outcome) in the order given', () => {
    const card = auditCard(entries, {});
    expect(card).toEqual({
      title: 'Audit log',
      status: 'info',
      summary: 'The last 3 entries, newest first.',
      sections: [
        {
          items: [
            '`2024-05-01 10:03` system · Disable trunk twilioABC (apv_1) · *applied*',
            '`2024-05-01 10:02` U0LEAD1 · Disable trunk twilioABC (apv_1) · *approved*',
            '`2024-05-01 10:00` U0OPS1 · Assign +33123456789 to alice@example.com · *failed*',
          ],
        },
      ],
      footer: 'Times in UTC.',
    });
  });

  it('names the filter in the title, and says so when nothing matches', () => {
    expect(auditCard([], { trunk: 'twilioABC', number: '+33123456789' })).toEqual({
      title: 'Audit log: trunk twilioABC, number +33123456789',
      status: 'info',
      summary: 'No changes recorded for trunk twilioABC, number +33123456789.',
    });
    expect(auditCard([]).summary).toBe('No changes recorded yet.');
    expect(auditCard(entries.slice(0, 1), { last: 1 }).summary).toBe('The last entry, newest first.');
  });

  it('renders in Slack and in the terminal', () => {
    const slack = JSON.stringify(renderBlockKit(auditCard(entries)).blocks);
    expect(slack).toContain('• `2024-05-01 10:03` system · Disable trunk twilioABC (apv_1) · *applied*');
    expect(renderText(auditCard(entries))).toContain('  • `2024-05-01 10:00` U0OPS1 · Assign +33123456789');
  });

  it('500 entries still make a Slack message, cut with "…and N more"', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...entries[0]!, id: `${i}-0`, summary: `change ${i}` }));
    const { blocks } = renderBlockKit(auditCard(many));
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toMatch(/…and \d+ more items/);
  });
});
