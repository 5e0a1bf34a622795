/** The sandbox mark joins a card's footer without turning a moment in it into "[object Object]". */
import { describe, expect, it } from 'vitest';
import { type Card, cardTime } from '../../src/cards/card.js';
import { renderBlockKit } from '../../src/chat/slack/blockkit.js';
import { SANDBOX_MARK, withSandboxMark } from '../../src/presentation/sandbox-mark.js';

const base: Card = { title: 'BYOC: Healthy', status: 'ok' };

function contextText(card: Card): string {
  const blocks = renderBlockKit(card).blocks as { type: string; elements?: { text?: string }[] }[];
  return blocks
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.text ?? '')
    .join('\n');
}

describe('withSandboxMark', () => {
  it('keeps a moment in the footer as a date Slack shows in the reader’s zone', () => {
    const marked = withSandboxMark({ ...base, footer: ['Snapshot taken ', cardTime('2026-11-29T17:00:00Z')] });
    const text = contextText(marked);
    expect(text).not.toContain('[object Object]');
    expect(text).toMatch(/Snapshot taken <!date\^\d+\^/);
    expect(text).toContain(SANDBOX_MARK);
  });

  it('adds the mark to a plain footer, or makes it the footer, once', () => {
    expect(withSandboxMark({ ...base, footer: 'Done' }).footer).toBe(`Done · ${SANDBOX_MARK}`);
    const once = withSandboxMark(base);
    expect(once.footer).toBe(SANDBOX_MARK);
    expect(withSandboxMark(once)).toBe(once);
    const parts = withSandboxMark({ ...base, footer: ['At ', cardTime('2026-11-29T17:00:00Z')] });
    expect(withSandboxMark(parts)).toBe(parts);
  });
});
