/**
 * Who a DID goes to, from what was typed after the number: a Slack mention (`<@U123|alice>` in command text),
 * an email (Slack may escape it as `<mailto:alice@example.com|alice@example.com>`), or `--ivr NAME`. A person is
 * matched to the Genesys Cloud user with the same email, resolved now so the plan knows the user id.
 */

import type { PlanError } from '../byoc/changes/change-plan.js';
import type { DidTarget } from '../byoc/changes/did-assign.js';
import type { ChatPlatform } from '../chat/invocation.js';
import type { PeopleDirectory } from '../chat/people.js';
import type { GenesysClient } from '../genesys/client.js';
import { genesysUserByEmail } from './genesys-users.js';

export type TypedTarget = { kind: 'mention'; userId: string; label?: string } | { kind: 'email'; email: string };

const MENTION = /^<@([A-Z0-9]+)(?:\|([^>]*))?>$/i;
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function parseTypedTarget(token: string): TypedTarget | undefined {
  const t = token.trim();
  const mention = MENTION.exec(t);
  if (mention) return { kind: 'mention', userId: mention[1]!, ...(mention[2] ? { label: mention[2] } : {}) };
  const email = MAILTO.exec(t)?.[1] ?? t;
  return EMAIL.test(email) ? { kind: 'email', email } : undefined;
}

export type TargetResult = { ok: true; target: DidTarget } | { ok: false; error: PlanError };

const invalid = (message: string): TargetResult => ({ ok: false, error: { code: 'target.invalid', message } });
const unknown = (message: string): TargetResult => ({ ok: false, error: { code: 'target.unknown', message } });

export async function resolveDidTarget(
  typed: { user?: string; ivr?: string },
  deps: { platform: ChatPlatform; people: PeopleDirectory; genesys: GenesysClient },
): Promise<TargetResult> {
  if (typed.ivr !== undefined) {
    if (typed.user !== undefined) return invalid('Give a person or --ivr NAME, not both.');
    return { ok: true, target: { kind: 'ivr', name: typed.ivr } };
  }
  if (typed.user === undefined) return invalid('Say whose number it is: @user, user@example.com or --ivr NAME.');
  const parsed = parseTypedTarget(typed.user);
  if (!parsed) {
    return invalid(
      `"${typed.user}" is neither a @mention nor an email. Say whose number it is: @user, user@example.com or --ivr NAME.`,
    );
  }
  let email: string;
  if (parsed.kind === 'mention') {
    const person = await deps.people.lookup(deps.platform, parsed.userId);
    if (!person?.email) {
      return unknown(
        `I could not read an email for <@${parsed.userId}> from the chat platform; give their email instead (user@example.com).`,
      );
    }
    email = person.email;
  } else {
    email = parsed.email;
  }
  const user = await genesysUserByEmail(deps.genesys, email);
  if (!user?.id) return unknown(`No Genesys Cloud user has the email ${email}.`);
  return { ok: true, target: { kind: 'user', userId: user.id, email, ...(user.name ? { name: user.name } : {}) } };
}
