/**
 * DIDs end to end: +33123456790 is on the Twilio account but on no trunk and in no DID pool; assigning it to
 * @alice puts it in a pool, on the trunk and in her addresses; asking again changes nothing; unassigning takes
 * it back; `did list` shows where each number stands.
 */
import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/presentation/chat-names.js';
import type { TwilioFake } from '../../src/sandbox/twilio/index.js';
import { ALICE_ID, APPROVER, approvalIdOn, ask, OPERATOR, press, useBench, VIEWER, waitForCard } from './helpers.js';

const NUMBER = '+33123456790';
const TWILIO_TRUNK = 'TK0123456789abcdef0123456789abc001';

const bench = useBench();

function where(number: string) {
  const g = bench.sandbox.genesys.state;
  const t = (bench.sandbox.twilio as TwilioFake).state;
  const digits = (x: string) => BigInt(x.slice(1));
  return {
    inPool: g.didPools.some(
      (p) => digits(p.startPhoneNumber) <= digits(number) && digits(number) <= digits(p.endPhoneNumber),
    ),
    onTrunk: t.incomingPhoneNumbers.find((n) => n.phoneNumber === number)?.trunkSid === TWILIO_TRUNK,
    owner: g.users.find((u) => u.addresses?.some((a) => a.mediaType === 'PHONE' && a.address === number))?.id,
  };
}

describe('assigning a DID to a person', () => {
  it('a number on the account, off the trunk and in no pool ends up on the trunk, in a pool and owned by @alice', async () => {
    const { h, sandbox } = bench;
    expect(where(NUMBER)).toEqual({ inPool: false, onTrunk: false, owner: undefined });

    // Slack sends a mention as <@U…|name> in the command text.
    const card = await ask(h, `did assign ${NUMBER} <@U0ALICE|alice> --reason "new hire"`, OPERATOR);
    expect(card.text).toContain('Approval needed');
    expect(card.text).toContain(`Assign ${NUMBER} to Alice Martin`);
    expect(card.text).toContain('in no DID pool');
    expect(card.text).toContain('on the account, not on the trunk');
    expect(h.slack.callsTo('users.info').some((c) => c.params.user === 'U0ALICE')).toBe(true);

    sandbox.genesys.resetRequests();
    await press(h, APPROVE_ACTION_ID, approvalIdOn(card.message), card.ts, APPROVER);
    const result = await waitForCard(h, card.ts, 'Applied and verified');
    expect(result).toContain(`${NUMBER} is in a DID pool`);
    expect(result).toContain(`Twilio reports ${NUMBER} on the trunk`);
    expect(result).toContain(`${NUMBER} is owned by Alice Martin`);
    expect(where(NUMBER)).toEqual({ inPool: true, onTrunk: true, owner: ALICE_ID });

    // The user was PATCHed once, with the version it was read with.
    const patches = sandbox.genesys.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(ALICE_ID));
    expect(patches).toHaveLength(1);
    const audit = await h.bot.services.audit.query({ number: NUMBER });
    expect(audit.map((e) => e.action)).toEqual(['apply', 'approve', 'request']);
  });

  it('asking again changes nothing and needs no approval', async () => {
    const { h, sandbox } = bench;
    sandbox.genesys.resetRequests();
    const card = await ask(h, `did assign ${NUMBER} alice@example.com`, OPERATOR);
    expect(card.text).toContain('Already in place');
    expect(card.text).not.toContain(APPROVE_ACTION_ID);
    expect(sandbox.genesys.requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'))).toEqual([]);
  });

  it('a number owned by someone else is refused and the owner named', async () => {
    const { h } = bench;
    const card = await ask(h, `did assign ${NUMBER} bob@example.com`, OPERATOR);
    expect(card.text).toContain('already belongs to the user Alice Martin');
    expect(card.text).toContain(`/byoc did unassign ${NUMBER}`);
  });

  it('a plain @name, as the help card shows and an unescaping Slack sends, finds the one person with that name', async () => {
    const { h } = bench;
    // The help card's own example. A deactivated account also named alice does not make it ambiguous.
    const card = await ask(h, `did assign ${NUMBER} @alice --reason "new hire"`, OPERATOR);
    expect(card.text).toContain('Already in place'); // assigned to Alice by the test above
    expect(h.slack.callsTo('users.list').length).toBeGreaterThan(0);

    const ambiguous = await ask(h, `did assign ${NUMBER} @jo`, OPERATOR);
    expect(ambiguous.text).toContain('2 people go by @jo');
    expect(ambiguous.text).toContain('Jo Martin (jo.martin@example.com)');
    expect(ambiguous.text).toContain('Jo Bernard (jo.bernard@example.com)');

    const nobody = await ask(h, `did assign ${NUMBER} @nobody`, OPERATOR);
    expect(nobody.text).toContain('Nobody in the chat directory goes by @nobody');
    expect(nobody.text).toContain('give their email');
    // The refused form is not offered back as the way to do it.
    expect(nobody.text).not.toMatch(/@user\b/);
  });

  it('bad input says what was wrong and gives an example', async () => {
    const { h } = bench;
    const notOnAccount = await ask(h, 'did assign +33999999999 alice@example.com', OPERATOR);
    expect(notOnAccount.text).toContain('is not a number of the Twilio account');
    expect(notOnAccount.text).toContain('/byoc did assign +33123456790 @alice');

    const noEmail = await ask(h, `did assign ${NUMBER} <@U0NOMAIL|ghost>`, OPERATOR);
    expect(noEmail.text).toContain('could not read an email');

    const noTarget = await h.slash(`did assign ${NUMBER}`, { userId: OPERATOR });
    expect(noTarget.body).toContain('say whose number it is');
    expect(noTarget.body).toContain('ephemeral');
  });

  it('did list shows the number, its owner and the trunk; unassigning takes it back', async () => {
    const { h } = bench;
    const list = await ask(h, 'did list', VIEWER);
    expect(list.text).toContain(NUMBER);
    expect(list.text).toContain('Alice Martin (user)');
    expect(list.text).toContain('on the Twilio trunk');

    const card = await ask(h, `did unassign ${NUMBER} --reason "left"`, OPERATOR);
    expect(card.text).toContain('Approval needed');
    await press(h, APPROVE_ACTION_ID, approvalIdOn(card.message), card.ts, APPROVER);
    await waitForCard(h, card.ts, 'Applied and verified');
    expect(where(NUMBER)).toEqual({ inPool: true, onTrunk: true, owner: undefined });

    const unassigned = await ask(h, 'did list --unassigned', VIEWER);
    expect(unassigned.text).toContain(NUMBER);
    expect(unassigned.text).not.toContain('+33123456789'); // the IVR's number has an owner
  });
});
