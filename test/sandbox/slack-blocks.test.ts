/**
 * The chat page's Block Kit renderer (the same file the browser loads): mrkdwn's basics, the blocks the bot sends,
 * and nothing of a message's text ever becoming markup of its own.
 */
import { describe, expect, it } from 'vitest';
import { cardTime } from '../../src/cards/card.js';
import { renderBlockKit } from '../../src/chat/slack/blockkit.js';
import { mrkdwn, renderMessage } from '../../src/sandbox/chat-page/assets/slack-blocks.js';

const names = (id: string) => ({ U0SANDBOX: 'Sam Sandbox' })[id];

describe('mrkdwn', () => {
  it('draws bold, italic, strike, code, links, mentions and emoji', () => {
    expect(mrkdwn('*Twilio* is _down_ ~now~')).toBe('<b>Twilio</b> is <i>down</i> <s>now</s>');
    expect(mrkdwn('run `/byoc status` now')).toBe('run <code>/byoc status</code> now');
    expect(mrkdwn('```a *b*\nc```')).toBe('<pre>a *b*\nc</pre>');
    expect(mrkdwn('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(mrkdwn('asked by <@U0SANDBOX>', names)).toBe('asked by <span class="mention">@Sam Sandbox</span>');
    expect(mrkdwn(':white_check_mark: OK :no_such_emoji:')).toBe('✅ OK :no_such_emoji:');
    expect(mrkdwn('> quoted\nplain')).toBe('<blockquote>quoted</blockquote><br>plain');
  });

  it('shows Slack-escaped text as characters and never lets it become markup', () => {
    expect(mrkdwn('a &lt;b&gt; &amp; c')).toBe('a &lt;b&gt; &amp; c');
    expect(mrkdwn('<script>alert(1)</script>')).not.toContain('<script>');
    expect(mrkdwn('<javascript:alert(1)|click>')).not.toContain('href');
    expect(mrkdwn('"><img src=x onerror=alert(1)>')).not.toMatch(/<img/);
  });

  it('does not read snake_case or 2*3*4 as formatting', () => {
    expect(mrkdwn('trunk_enabled is set_by_bot')).toBe('trunk_enabled is set_by_bot');
    expect(mrkdwn('2*3*4')).toBe('2*3*4');
  });
});

describe('renderMessage', () => {
  it('draws a card as the bot renders it: header, fields, context with a date, buttons with their confirmation', () => {
    const message = renderBlockKit({
      title: 'BYOC: Healthy',
      status: 'ok',
      summary: '"Twilio" is in service',
      fields: [
        { label: 'Edges online', value: '2/2' },
        { label: 'Twilio', value: 'reachable' },
      ],
      footer: ['Snapshot taken ', cardTime('2026-11-29T17:00:00Z')],
      buttons: [
        { label: 'Refresh', actionId: 'command.run', value: 'status --fresh', style: 'primary' },
        {
          label: 'Disable',
          actionId: 'command.run',
          value: 'trunk disable Twilio',
          style: 'danger',
          confirm: { title: 'Sure?', text: 'Calls fail', confirm: 'Disable', deny: 'Cancel' },
        },
      ],
    });
    const html = renderMessage(message as { blocks: unknown[] });
    expect(html).toContain('<div class="sk-header">✅ BYOC: Healthy</div>');
    expect(html).toContain('<div class="sk-field"><b>Edges online</b><br>2/2</div>');
    expect(html).toMatch(/<div class="sk-context"><span>Snapshot taken <time>[^<]+<\/time><\/span>/);
    expect(html).toContain('class="sk-button primary" data-action="command.run" data-value="status --fresh"');
    expect(html).toMatch(
      /class="sk-button danger" data-action="command\.run~2" data-value="trunk disable Twilio" data-confirm="\{&quot;title&quot;/,
    );
  });

  it('shows the text of a message without blocks, and says so for a block it does not know', () => {
    expect(renderMessage({ text: ':hourglass_flowing_sand: Working on *status*' })).toBe(
      '<div class="sk-text">⏳ Working on <b>status</b></div>',
    );
    expect(renderMessage({ blocks: [{ type: 'video' }] })).toBe('<div class="sk-unknown">[a video block]</div>');
  });
});
