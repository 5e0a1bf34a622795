import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { cardTime } from '../../src/cards/card.js';
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
            [cardTime(entries[0]!.at), ' system · Disable trunk twilioABC (apv_1) · *applied*'],
            [cardTime(entries[1]!.at), ' U0LEAD1 · Disable trunk twilioABC (apv_1) · *approved*'],
            [cardTime(entries[2]!.at), ' U0OPS1 · Assign +33123456789 to alice@example.com · *failed*'],
          ],
        },
      ],
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
    // Slack shows each reader the moment in their own zone, UTC where the client cannot.
    const slack = JSON.stringify(renderBlockKit(auditCard(entries)).blocks);
    expect(slack).toContain(
      '• <!date^1714557780^{date_short_pretty} {time}|2024-05-01 10:03 UTC> system · Disable trunk twilioABC (apv_1) · *applied*',
    );
    // The terminal: local time with the zone, no chat markup.
    expect(renderText(auditCard(entries), { timeZone: 'Europe/Paris' })).toContain(
      '  • 2024-05-01 12:00 CEST U0OPS1 · Assign +33123456789 to alice@example.com · failed',
    );
  });

  it('500 entries still make a Slack message, cut with "…and N more"', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...entries[0]!, id: `${i}-0`, summary: `change ${i}` }));
    const { blocks } = renderBlockKit(auditCard(many));
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toMatch(/…and \d+ more items/);
  });
});
