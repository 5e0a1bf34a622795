import { describe, expect, it } from 'vitest';
import { type Authorizer, everyoneIsAViewer } from '../../src/auth/roles.js';
import type { Invocation } from '../../src/chat/invocation.js';
import { ERROR_CODES } from '../../src/coded-error.js';
import { loadConfig } from '../../src/config.js';
import { editDistance, suggest } from '../../src/router/did-you-mean.js';
import { Router } from '../../src/router/router.js';
import { tokenize } from '../../src/router/tokenize.js';
import { echoCommand, testCommands } from './fixtures.js';

const config = loadConfig({ SLACK_SIGNING_SECRET: 'x', SLACK_BOT_TOKEN: 'xoxb-x' });

function invocation(text: string): Invocation {
  return {
    platform: 'cli',
    userId: 'U1',
    channelId: 'C1',
    text,
    requestId: 'r1',
    reply: { platform: 'cli' },
  };
}

function router(authorizer: Authorizer = everyoneIsAViewer) {
  return new Router({ commands: testCommands().commands, authorizer, config });
}

describe('command text becomes tokens', () => {
  it('quotes group words, including the typographic quotes Slack clients type', () => {
    expect(tokenize('simulate 0123456789 --site "Paris Office"')).toEqual([
      'simulate',
      '0123456789',
      '--site',
      'Paris Office',
    ]);
    expect(tokenize('simulate 01 --site \u201cParis Office\u201d')).toEqual([
      'simulate',
      '01',
      '--site',
      'Paris Office',
    ]);
    expect(tokenize("did assign +331 --site='Lyon Nord'")).toEqual(['did', 'assign', '+331', '--site=Lyon Nord']);
  });

  it('an apostrophe inside a word is text, and an em dash counts as --', () => {
    expect(tokenize("note O'Brien \u2014site Paris")).toEqual(['note', "O'Brien", '--site', 'Paris']);
  });

  it('an unclosed quote is an error', () => {
    let thrown: unknown;
    try {
      tokenize('echo "oops');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: ERROR_CODES.unclosedQuote });
  });
});

describe('arguments are parsed into typed values', () => {
  const plan = (text: string) => echoCommand.plan(tokenize(text), invocation(text));

  it('positionals, --flag value, --flag=value and boolean flags', () => {
    expect(plan('"hi there" --times 2 --loud')).toEqual({
      ok: true,
      job: { name: 'echo', payload: { word: 'hi there', times: 2, loud: true } },
    });
    expect(plan('hi --times=3')).toMatchObject({ ok: true, job: { payload: { word: 'hi', times: 3, loud: false } } });
  });

  it('says what is wrong, in the words of the usage line', () => {
    expect(plan('')).toEqual({ ok: false, problems: [expect.stringContaining('<word>')] });
    expect(plan('hi --times 9')).toEqual({ ok: false, problems: [expect.stringMatching(/^--times: /)] });
    expect(plan('hi --colour red')).toEqual({ ok: false, problems: ['unknown option --colour'] });
    // Names of Object.prototype's members are unknown options too, not a crash before the ack.
    expect(plan('hi --constructor')).toEqual({ ok: false, problems: ['unknown option --constructor'] });
    expect(plan('hi --to-string x --__proto__')).toEqual({
      ok: false,
      problems: ['unknown option --to-string', 'unknown option --__proto__'],
    });
    expect(plan('hi --times')).toEqual({ ok: false, problems: ['--times needs a value'] });
    expect(plan('hi there')).toEqual({ ok: false, problems: ['unexpected "there"'] });
  });
});

describe('did you mean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('stauts', 'status')).toBe(1);
    expect(editDistance('docter', 'doctor')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests close names, two-word names, and names the typing starts', () => {
    const names = ['status', 'simulate', 'doctor', 'trunk enable', 'trunk disable', 'help'];
    expect(suggest('stauts', names)).toEqual(['status']);
    expect(suggest('trunk disble', names)).toEqual(['trunk disable', 'trunk enable']);
    expect(suggest('trunk', names)).toEqual(['trunk disable', 'trunk enable']);
    expect(suggest('sim', names)).toEqual(['simulate']);
    expect(suggest('weather', names)).toEqual([]);
  });
});

describe('the router decides', () => {
  it('a known command is enqueued with its typed payload', async () => {
    const d = await router().route(invocation('echo hi'));
    expect(d).toMatchObject({ kind: 'enqueue', outcome: 'enqueued', job: { name: 'echo' } });
  });

  it('two-word commands match before one-word ones', async () => {
    const d = await router().route(invocation('vendor call 503'));
    expect(d).toMatchObject({ kind: 'enqueue', command: { name: 'vendor call' } });
  });

  it('nothing typed is help; unknown text is help with suggestions the person may run', async () => {
    expect(await router().route(invocation(''))).toMatchObject({
      kind: 'enqueue',
      outcome: 'enqueued',
      job: { name: 'help', payload: {} },
    });
    expect(await router().route(invocation('ecoh hi'))).toMatchObject({
      kind: 'enqueue',
      outcome: 'unknown',
      job: { name: 'help', payload: { unknown: 'ecoh', suggestions: ['echo'] } },
    });
    // `trunk enable` needs an operator: a viewer is not pointed at it.
    expect(await router().route(invocation('trunk enabel x'))).toMatchObject({
      job: { payload: { unknown: 'trunk enabel', suggestions: [] } },
    });
  });

  it('refuses a command above the role, and in a channel the access file excludes', async () => {
    expect(await router().route(invocation('trunk enable Twilio'))).toMatchObject({ kind: 'reply', outcome: 'denied' });
    const elsewhere: Authorizer = { ...everyoneIsAViewer, channelAllowed: async () => false };
    expect(await router(elsewhere).route(invocation('echo hi'))).toMatchObject({ kind: 'reply', outcome: 'denied' });
    const operator: Authorizer = { ...everyoneIsAViewer, roleFor: async () => 'operator' };
    expect(await router(operator).route(invocation('trunk enable Twilio'))).toMatchObject({ kind: 'enqueue' });
  });

  it('an unclosed quote gets a usage card instead of a crash', async () => {
    expect(await router().route(invocation('echo "hi'))).toMatchObject({ kind: 'reply', outcome: 'usage' });
  });
});
