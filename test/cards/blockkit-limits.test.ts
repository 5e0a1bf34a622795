import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/card.js';
import { baseActionId, renderBlockKit } from '../../src/chat/slack/blockkit.js';
import { SLACK_LIMITS as L } from '../../src/chat/slack/limits.js';
import { checkRows, representativeCard } from './sample-cards.js';

type Json = Record<string, unknown>;

/** Every text object's characters, counted independently of the renderer's own bookkeeping. */
function aggregateText(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, c) => n + aggregateText(c), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Json;
  const own =
    (o['type'] === 'plain_text' || o['type'] === 'mrkdwn') && typeof o['text'] === 'string' ? o['text'].length : 0;
  return own + Object.values(o).reduce((n: number, c) => n + (typeof c === 'object' ? aggregateText(c) : 0), 0);
}

function text(node: unknown): string {
  return ((node as Json)['text'] as string) ?? '';
}

/** Asserts every limit in limits.ts on a rendered message. */
function expectWithinSlackLimits(message: { text: string; blocks: KnownBlock[] }): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(L.fallbackText);
  expect(message.blocks.length).toBeLessThanOrEqual(L.blocksPerMessage);
  expect(aggregateText(message.blocks)).toBeLessThanOrEqual(L.aggregateText);
  for (const block of message.blocks as unknown as Json[]) {
    if (typeof block['block_id'] === 'string') expect(block['block_id'].length).toBeLessThanOrEqual(L.blockId);
    switch (block['type']) {
      case 'header':
        expect(text(block['text']).length).toBeLessThanOrEqual(L.headerText);
        break;
      case 'section': {
        if (block['text']) expect(text(block['text']).length).toBeLessThanOrEqual(L.sectionText);
        const fields = (block['fields'] as Json[] | undefined) ?? [];
        expect(fields.length).toBeLessThanOrEqual(L.sectionFields);
        for (const f of fields) expect(text(f).length).toBeLessThanOrEqual(L.fieldText);
        expect(block['text'] || fields.length > 0).toBeTruthy();
        break;
      }
      case 'context': {
        const elements = block['elements'] as Json[];
        expect(elements.length).toBeLessThanOrEqual(L.contextElements);
        for (const e of elements) expect(text(e).length).toBeLessThanOrEqual(L.contextText);
        break;
      }
      case 'actions': {
        const elements = block['elements'] as Json[];
        expect(elements.length).toBeGreaterThan(0);
        expect(elements.length).toBeLessThanOrEqual(L.actionsElements);
        const ids = elements.map((e) => e['action_id']);
        expect(new Set(ids).size).toBe(ids.length);
        for (const e of elements) {
          expect(text(e['text']).length).toBeGreaterThan(0);
          expect(text(e['text']).length).toBeLessThanOrEqual(L.buttonText);
          expect(String(e['action_id']).length).toBeLessThanOrEqual(L.actionId);
          expect(String(e['value'] ?? '').length).toBeLessThanOrEqual(L.buttonValue);
          const confirm = e['confirm'] as Json | undefined;
          if (confirm) {
            expect(text(confirm['title']).length).toBeLessThanOrEqual(L.confirmTitle);
            expect(text(confirm['text']).length).toBeLessThanOrEqual(L.confirmText);
            expect(text(confirm['confirm']).length).toBeLessThanOrEqual(L.confirmButton);
            expect(text(confirm['deny']).length).toBeLessThanOrEqual(L.confirmButton);
          }
        }
        break;
      }
      default:
        throw new Error(`unexpected block type ${String(block['type'])}`);
    }
  }
}

function allText(message: { blocks: KnownBlock[] }): string {
  return JSON.stringify(message.blocks);
}

function sectionTexts(message: { blocks: KnownBlock[] }): string[] {
  return (message.blocks as unknown as Json[])
    .filter((b) => b['type'] === 'section' && b['text'])
    .map((b) => text(b['text']));
}

describe('Block Kit stays inside every Slack limit', () => {
  it('the representative card is within limits and cuts nothing', () => {
    const message = renderBlockKit(representativeCard());
    expectWithinSlackLimits(message);
    expect(allText(message)).not.toContain('more not shown');
    expect(allText(message)).not.toContain('…and');
  });

  it('a doctor run with 500 check rows shows the failures first and counts exactly the rows it left out', () => {
    const card: Card = { title: 'Doctor', status: 'fail', sections: [{ title: 'Checklist', checks: checkRows(500) }] };
    const message = renderBlockKit(card);
    expectWithinSlackLimits(message);

    const shownRows = sectionTexts(message)
      .flatMap((t) => t.split('\n'))
      .filter((line) => /^:[a-z_]+: \*R\d+ /.test(line));
    const note = allText(message).match(/…and (\d+) more checks/);
    expect(note).not.toBeNull();
    expect(shownRows.length + Number(note![1])).toBe(500);
    expect(shownRows.length).toBeGreaterThan(50);
    // Worst first: all 125 failures are shown before any passing rule.
    expect(shownRows.slice(0, 125).every((line) => line.startsWith(':x:'))).toBe(true);
  });

  it('a 20,000-character section on one line is cut mid-line and says how much is missing', () => {
    const card: Card = { title: 'Logs', status: 'info', sections: [{ text: 'x'.repeat(20_000) }] };
    const message = renderBlockKit(card);
    expectWithinSlackLimits(message);
    const [shown] = sectionTexts(message);
    const missing = Number(shown!.match(/…and (\d+) more characters$/)![1]);
    expect(shown!.length).toBeLessThanOrEqual(L.sectionText);
    expect(shown!.replace(/… …and \d+ more characters$/, '').length + missing).toBe(20_000);
  });

  it('a 20,000-character section of many lines keeps whole lines and counts the rest', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${String(i).padStart(3, '0')} `.padEnd(49, '.'));
    const card: Card = { title: 'Logs', status: 'info', sections: [{ text: lines.join('\n') }] };
    const message = renderBlockKit(card);
    expectWithinSlackLimits(message);
    const shown = sectionTexts(message)[0]!.split('\n');
    const missing = Number(shown.at(-1)!.match(/^…and (\d+) more lines$/)![1]);
    expect(shown.slice(0, -1)).toEqual(lines.slice(0, shown.length - 1));
    expect(shown.length - 1 + missing).toBe(400);
  });

  it('40 buttons: the first 25 are shown and the other 15 are counted', () => {
    const buttons = Array.from({ length: 40 }, (_, i) => ({
      actionId: `pick.${i}`,
      label: `Number ${i}`,
      value: `n${i}`,
    }));
    const message = renderBlockKit({ title: 'Pick a number', status: 'info', buttons });
    expectWithinSlackLimits(message);
    const actions = (message.blocks as unknown as Json[]).filter((b) => b['type'] === 'actions');
    expect(actions.flatMap((b) => b['elements'] as Json[]).map((e) => e['action_id'])).toEqual(
      buttons.slice(0, 25).map((b) => b.actionId),
    );
    expect(allText(message)).toContain('…and 15 more buttons');
  });

  it('a 300-character title is cut in the header and shown whole in the body', () => {
    const title = `Trunk ${'very-long-name-'.repeat(20)}`.slice(0, 300);
    const message = renderBlockKit({ title, status: 'warn', summary: 'Long names happen.' });
    expectWithinSlackLimits(message);
    const header = (message.blocks[0] as unknown as Json)['text'] as Json;
    expect(String(header['text'])).toMatch(/^:warning: Trunk very-long-name-.*…$/);
    expect(sectionTexts(message)[0]).toContain(title);
  });

  it('everything at once (500 rows, 20k text, 40 buttons, long title, long dialogs) still fits', () => {
    const long = 'y'.repeat(5000);
    const card: Card = {
      title: 't'.repeat(300),
      status: 'fail',
      summary: 's'.repeat(20_000),
      fields: Array.from({ length: 25 }, (_, i) => ({ label: `field ${i}`, value: 'v'.repeat(2500) })),
      sections: [
        { title: 'Checks', checks: checkRows(500) },
        { title: 'Text', text: 'z'.repeat(20_000), items: Array.from({ length: 300 }, (_, i) => `item ${i}`) },
      ],
      buttons: Array.from({ length: 40 }, (_, i) => ({
        actionId: `a${i}`,
        label: long,
        value: `v${i}`,
        style: 'danger' as const,
        confirm: { title: long, text: long, confirm: long, deny: long },
      })),
      footer: long,
    };
    const message = renderBlockKit(card);
    expectWithinSlackLimits(message);
    expect(allText(message)).toMatch(/…and \d+ more checks, \d+ more items, .*\d+ more buttons/);
  });

  it('buttons that run the same action share one row: the repeated id is made distinct, and reads back as the action', () => {
    const buttons = ['+33123456789', '+33123456790', '+33123456791'].map((n) => ({
      actionId: 'did.pick',
      label: n,
      value: n,
    }));
    const message = renderBlockKit({ title: 'Numbers', status: 'info', buttons });
    expectWithinSlackLimits(message);
    const rows = (message.blocks as unknown as Json[]).filter((b) => b['type'] === 'actions');
    expect(rows).toHaveLength(1);
    const ids = (rows[0]!['elements'] as Json[]).map((e) => String(e['action_id']));
    expect(ids).toEqual(['did.pick', 'did.pick~2', 'did.pick~3']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(baseActionId)).toEqual(['did.pick', 'did.pick', 'did.pick']);
  });

  it('a button whose value Slack would refuse is left out and counted, not shortened into another id', () => {
    const message = renderBlockKit({
      title: 'Odd',
      status: 'info',
      buttons: [
        { actionId: 'ok', label: 'Fine', value: 'id1' },
        { actionId: 'big', label: 'Too big', value: 'v'.repeat(L.buttonValue + 1) },
      ],
    });
    expectWithinSlackLimits(message);
    expect(allText(message)).not.toContain('"big"');
    expect(allText(message)).toContain('…and 1 more button ');
  });

  it('card text cannot mention a channel or forge a link', () => {
    const message = renderBlockKit({ title: 'x', status: 'ok', summary: '<!channel> see <http://evil|docs> & more' });
    expect(sectionTexts(message)[0]).toBe('&lt;!channel&gt; see &lt;http://evil|docs&gt; &amp; more');
    expect(message.text).toBe('OK: x. &lt;!channel&gt; see &lt;http://evil|docs&gt; &amp; more');
  });

  it('a cut never splits an escaped character', () => {
    const message = renderBlockKit({ title: 'x', status: 'ok', sections: [{ text: '<>'.repeat(3000) }] });
    expectWithinSlackLimits(message);
    const [shown] = sectionTexts(message);
    expect(shown!.replace(/… …and \d+ more characters$/, '')).toMatch(/^(&lt;&gt;)+(&lt;)?$/);
  });
});
