/** What people type after the number of `/byoc did assign`, as Slack delivers it. */
import { describe, expect, it } from 'vitest';
import { parseTypedTarget } from '../../src/changes/did-target.js';

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

  it('anything else is not a person', () => {
    expect(parseTypedTarget('@alice')).toBeUndefined();
    expect(parseTypedTarget('alice')).toBeUndefined();
    expect(parseTypedTarget('<#C0123|general>')).toBeUndefined();
  });
});
