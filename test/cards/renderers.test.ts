import { formatText } from 'adaptivecards/lib/text-formatters.js';
import { describe, expect, it } from 'vitest';
import { type Card, cardTime } from '../../src/cards/card.js';
import { renderJson } from '../../src/chat/json.js';
import { renderBlockKit } from '../../src/chat/slack/blockkit.js';
import { renderAdaptiveCard, renderTextCard, TEAMS_LIMITS } from '../../src/chat/teams/adaptive-card.js';
import { renderText } from '../../src/chat/text.js';
import { adaptiveCardProblems } from './adaptive-card-parser.js';
import { checkRows, deepFreeze, representativeCard } from './sample-cards.js';

const renderers = {
  blockKit: (card: Card) => renderBlockKit(card),
  adaptiveCard: (card: Card) => renderAdaptiveCard(card),
  // A fixed zone: the snapshot must not depend on the machine that runs it.
  text: (card: Card) => renderText(card, { timeZone: 'Europe/Paris' }),
  coloredText: (card: Card) => renderText(card, { color: true, timeZone: 'Europe/Paris' }),
  json: (card: Card) => renderJson(card),
};

describe('the representative card, drawn by every renderer', () => {
  for (const [name, render] of Object.entries(renderers)) {
    it(`${name} matches its committed snapshot`, () => {
      expect(render(representativeCard())).toMatchSnapshot();
    });

    it(`${name} is pure: same card, same output, and the card is never written to`, () => {
      const frozen = deepFreeze(representativeCard());
      const first = render(frozen);
      expect(render(frozen)).toEqual(first);
      expect(render(representativeCard())).toEqual(first);
      expect(frozen).toEqual(representativeCard());
    });
  }
});

describe('Slack Block Kit', () => {
  it('puts the status emoji in the header and the verdict in the fallback text', () => {
    const { text, blocks } = renderBlockKit(representativeCard());
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':x: Doctor: twilioABC', emoji: true },
    });
    expect(text).toMatch(/^Failed: Doctor: twilioABC\. The trunk is/);
  });

  it('groups the checks worst first, keeping the card order inside a group', () => {
    const { blocks } = renderBlockKit(representativeCard());
    const texts = blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    const checklist = texts.find((t) => t.startsWith('*Checklist*'))!;
    const groups = [...checklist.matchAll(/\*:([a-z_]+): (\w+) \((\d+)\)\*/g)].map((m) => `${m[2]} ${m[3]}`);
    expect(groups).toEqual(['Failed 1', 'Warning 1', 'Pending 1', 'Info 1', 'OK 2', 'Skipped 1']);
    expect(checklist.indexOf('G1 Trunk in service')).toBeLessThan(checklist.indexOf('G2 Connected'));
  });

  it('turns buttons into one actions block with ids, values, styles and the confirm dialog', () => {
    const { blocks } = renderBlockKit(representativeCard());
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      elements: [
        {
          action_id: 'approval.approve',
          value: 'apv_01HZX',
          style: 'primary',
          confirm: { title: { text: 'Disable twilioABC?' }, confirm: { text: 'Disable' }, deny: { text: 'Cancel' } },
        },
        { action_id: 'approval.reject', value: 'apv_01HZX', style: 'danger' },
        { action_id: 'doctor.rerun', value: 'twilioABC' },
      ],
    });
    expect(JSON.stringify(actions[0])).not.toContain('"default"');
  });
});

describe('Teams Adaptive Card', () => {
  it("is read completely by Microsoft's own Adaptive Cards parser (no unknown element, property or action)", () => {
    const cards: Card[] = [
      representativeCard(),
      { title: 'Doctor', status: 'fail', sections: [{ checks: checkRows(500) }, { text: 'x'.repeat(20_000) }] },
      { title: 'Minimal', status: 'ok' },
    ];
    for (const card of cards) expect(adaptiveCardProblems(renderAdaptiveCard(card))).toEqual([]);
    expect(adaptiveCardProblems(renderTextCard('⏳ Working on `/byoc status`…'))).toEqual([]);
    // The check itself sees what the parser drops.
    expect(
      adaptiveCardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'a', size2: 1 }],
      }),
    ).toEqual(['$.body[0].size2: unknown to the parser']);
  });

  it('is an Adaptive Card 1.5 whose buttons are Universal Actions carrying the action id and value', () => {
    const card = renderAdaptiveCard(representativeCard()) as { version: string; actions: Record<string, unknown>[] };
    expect(card.version).toBe('1.5');
    expect(card.actions.map((a) => a['type'])).toEqual(['Action.ShowCard', 'Action.Execute', 'Action.Execute']);
    expect(card.actions[1]).toEqual({
      type: 'Action.Execute',
      title: 'Reject',
      verb: 'approval.reject',
      style: 'destructive',
      data: { actionId: 'approval.reject', value: 'apv_01HZX' },
    });
    // A confirmation becomes an inline card whose Execute carries the same data.
    expect(card.actions[0]).toMatchObject({
      title: 'Approve',
      card: {
        actions: [
          {
            type: 'Action.Execute',
            title: 'Disable',
            verb: 'approval.approve',
            data: { actionId: 'approval.approve', value: 'apv_01HZX' },
          },
        ],
      },
    });
  });

  it('a card with 500 check rows and a 20k-character text stays under the Teams payload budget and says what it left out', () => {
    const card: Card = {
      title: 'Doctor',
      status: 'fail',
      sections: [{ title: 'Checks', checks: checkRows(500) }, { text: 'x'.repeat(20_000) }],
      buttons: [{ actionId: 'doctor.rerun', label: 'Run again', value: 't' }],
      footer: 'ref 1',
    };
    const json = JSON.stringify(renderAdaptiveCard(card));
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
    const shown = (json.match(/\*\*R\d+ Rule/g) ?? []).length;
    const missing = Number(json.match(/…and (\d+) more checks/)![1]);
    expect(shown + missing).toBe(500);
    expect(json).toContain('doctor.rerun');
    expect(json).toContain('ref 1');
  });
});

describe('CLI text', () => {
  it('has no escape codes unless colour is asked for', () => {
    expect(renderText(representativeCard())).not.toContain('\u001b[');
    expect(renderText(representativeCard(), { color: true })).toContain('\u001b[31m✖ FAILED\u001b[0m');
  });

  it('aligns field values under each other', () => {
    const text = renderText({
      title: 'Trunk',
      status: 'ok',
      fields: [
        { label: 'Name', value: 'twilioABC' },
        { label: 'In service', value: 'yes' },
      ],
    });
    expect(text).toContain('  Name:        twilioABC\n  In service:  yes\n');
  });
});

describe('JSON', () => {
  it('round-trips the card unchanged', () => {
    expect(JSON.parse(renderJson(representativeCard()))).toEqual(representativeCard());
  });
});

describe('one time format: a moment on a card is a typed value each renderer writes for its reader', () => {
  const card: Card = {
    title: 'When',
    status: 'info',
    footer: ['Snapshot taken ', cardTime('2026-11-29T14:07:43.780Z')],
  };

  it("Slack: its date token, shown in each reader's own zone, with a UTC fallback", () => {
    expect(JSON.stringify(renderBlockKit(card).blocks)).toContain(
      'Snapshot taken <!date^1795961263^{date_short_pretty} {time}|2026-11-29 14:07 UTC>',
    );
  });

  it('Teams: the Adaptive Card DATE and TIME functions, in strict RFC 3339', () => {
    expect(JSON.stringify(renderAdaptiveCard(card))).toContain(
      'Snapshot taken {{DATE(2026-11-29T14:07:43Z, SHORT)}} {{TIME(2026-11-29T14:07:43Z)}}',
    );
  });

  it("Teams fact values too: the official renderer's own formatter turns them into the reader's time", () => {
    const withFact: Card = { ...card, fields: [{ label: 'Opened', value: [cardTime('2026-11-29T14:07:43.780Z')] }] };
    const facts = (renderAdaptiveCard(withFact).body as { type: string; facts?: { value: string }[] }[]).find(
      (e) => e.type === 'FactSet',
    )?.facts;
    const value = facts?.[0]?.value ?? '';
    expect(value).toBe('{{DATE(2026-11-29T14:07:43Z, SHORT)}} {{TIME(2026-11-29T14:07:43Z)}}');
    // What a FactSet value goes through in adaptivecards' renderer (a TextBlock's text formatting).
    const shown = formatText('en-US', value) ?? '';
    expect(shown).not.toContain('{{');
    expect(shown).toMatch(/2026/);
  });

  it('the terminal: local time with the zone; JSON: ISO 8601', () => {
    expect(renderText(card, { timeZone: 'Europe/Paris' })).toContain('Snapshot taken 2026-11-29 15:07 CET');
    expect(renderText(card, { timeZone: 'UTC' })).toContain('Snapshot taken 2026-11-29 14:07 UTC');
    expect(renderText(card, { timeZone: 'America/New_York' })).toContain('Snapshot taken 2026-11-29 09:07 EST');
    expect(JSON.parse(renderJson(card)).footer[1]).toEqual({ kind: 'time', iso: '2026-11-29T14:07:43.780Z' });
  });

  it('no renderer mixes in another format', () => {
    for (const out of [
      JSON.stringify(renderBlockKit(card)),
      JSON.stringify(renderAdaptiveCard(card)),
      renderText(card),
    ]) {
      expect(out).not.toContain('2026-11-29T14:07:43.780Z');
    }
  });
});
