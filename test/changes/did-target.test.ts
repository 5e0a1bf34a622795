/** What people type after the number of `/byoc did assign`, as Slack delivers it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseTypedTarget } from '../../src/changes/did-target.js';
import { commandTextFromSlack } from '../../src/chat/slack/command-text.js';

describe('reading the person a DID goes to', () => {
  it('a Slack mention arrives as <@U…|name> (or <@U…>)', () => {
    expect(parseTypedTarget('<@U0ALICE|alice>')).toEqual({ kind: 'mention', userId: 'U0ALICE', label: 'alice' });
    expect(parseTypedTarget('<@U0ALICE>')).toEqual({ kind: 'mention', userId: 'U0ALICE' });
  });

  it('an email, plain or escaped by Slack as <mailto:…|…>', () => {
    expect(parseTypedTarget('alice@example.com')).toEqual({ kind: 'email', email: 'alice@example.com' });
    expect(parseTypedTarget('<mailto:alice@example.com|alice@example.com>')).toEqual({
      kind: 'email',
      email: 'alice@example.com',
    });
  });

  it('a plain @alice (a mention Slack did not escape, or typed without picking) is a handle to look up', () => {
    expect(parseTypedTarget('@alice')).toEqual({ kind: 'handle', handle: 'alice' });
    expect(parseTypedTarget('@jean-luc.picard_2')).toEqual({ kind: 'handle', handle: 'jean-luc.picard_2' });
  });

  it('anything else is not a person', () => {
    expect(parseTypedTarget('alice')).toBeUndefined();
    expect(parseTypedTarget('@')).toBeUndefined();
    expect(parseTypedTarget('<#C0123|general>')).toBeUndefined();
  });
});

describe('command text as Slack escapes it (should_escape: true)', () => {
  it('keeps mentions and emails, turns links and channels back into what was typed, decodes &amp; &lt; &gt;', () => {
    expect(commandTextFromSlack('did assign +33123456790 <@U0ALICE|alice> --reason "R&amp;D &lt;3"')).toBe(
      'did assign +33123456790 <@U0ALICE|alice> --reason "R&D <3"',
    );
    expect(commandTextFromSlack('did assign +33123456790 <mailto:a@example.com|a@example.com>')).toBe(
      'did assign +33123456790 <mailto:a@example.com|a@example.com>',
    );
    expect(
      commandTextFromSlack('trunk disable Twilio --reason "see <https://x.example/1?a=1&amp;b=2|x> in <#C01|ops>"'),
    ).toBe('trunk disable Twilio --reason "see https://x.example/1?a=1&b=2 in #ops"');
  });
});

describe('the Slack app manifest', () => {
  it('asks Slack to escape /byoc text, so a picked @mention arrives as <@U…|name>', () => {
    const manifest = parseYaml(readFileSync(new URL('../../manifest/slack.yml', import.meta.url), 'utf8')) as {
      features: { slash_commands: { command: string; should_escape: boolean }[] };
    };
    const byoc = manifest.features.slash_commands.find((c) => c.command === '/byoc');
    expect(byoc?.should_escape).toBe(true);
  });
});
