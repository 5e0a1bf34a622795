/**
 * Who a DID goes to, from what was typed after the number: a mention (`<@U123|alice>` or `<@U123>` in command
 * text, as Slack escapes it; a Teams `<at>Alice</at>` arrives the same way, with the Teams user id, from the Teams
 * adapter, or as `<at>Alice</at>` when Teams sent no entity saying who it is), a plain `@alice` (a workspace that sends mentions unescaped, or a name typed without
 * picking it: looked up in the chat directory, used when exactly one person has that handle), an email (Slack may
 * escape it as `<mailto:alice@example.com|alice@example.com>`), or `--ivr NAME`. A person is matched to the Genesys
 * Cloud user with the same email, resolved now so the plan knows the user id.
 * Slack's escaping: https://api.slack.com/interactivity/slash-commands#creating_commands (should_escape).
 */

import type { PlanError } from '../byoc/changes/change-plan.js';
import type { DidTarget } from '../byoc/changes/did-assign.js';
import type { ChatPlatform, ReplyTarget } from '../chat/invocation.js';
import type { ChatPerson, PeopleDirectory } from '../chat/people.js';
import type { GenesysClient } from '../genesys/client.js';
import { genesysUserByEmail } from './genesys-users.js';

export type TypedTarget =
  | { kind: 'mention'; userId: string; label?: string }
  /** A Teams `<at>Name</at>` that came without its mention entity: nobody to look up. */
  | { kind: 'unresolved'; name: string }
  | { kind: 'handle'; handle: string }
  | { kind: 'email'; email: string };

/** Slack's `<@U123|alice>`; the Teams adapter writes a mention the same way with the Teams user id (`29:…`). */
const MENTION = /^<@([A-Z0-9][^|>\s]*)(?:\|([^>]*))?>$/i;
const TEAMS_AT = /^<at>([^<]*)<\/at>$/i;
/** Slack usernames and display names: letters, digits, `.`, `-`, `_` (no spaces once typed after an @). */
const HANDLE = /^@([\p{L}\p{N}._-]+)$/u;
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function parseTypedTarget(token: string): TypedTarget | undefined {
  const t = token.trim();
  const mention = MENTION.exec(t);
  if (mention) return { kind: 'mention', userId: mention[1]!, ...(mention[2] ? { label: mention[2] } : {}) };
  const at = TEAMS_AT.exec(t);
  if (at) return { kind: 'unresolved', name: at[1]!.trim() };
  const handle = HANDLE.exec(t);
  if (handle) return { kind: 'handle', handle: handle[1]! };
  const email = MAILTO.exec(t)?.[1] ?? t;
  return EMAIL.test(email) ? { kind: 'email', email } : undefined;
}

export type TargetResult = { ok: true; target: DidTarget } | { ok: false; error: PlanError };

const invalid = (message: string): TargetResult => ({ ok: false, error: { code: 'target.invalid', message } });
const unknown = (message: string): { ok: false; error: PlanError } => ({
  ok: false,
  error: { code: 'target.unknown', message },
});

export async function resolveDidTarget(
  typed: { user?: string; ivr?: string },
  deps: { platform: ChatPlatform; people: PeopleDirectory; genesys: GenesysClient; where?: ReplyTarget },
): Promise<TargetResult> {
  if (typed.ivr !== undefined) {
    if (typed.user !== undefined) return invalid('Give a person or --ivr NAME, not both.');
    return { ok: true, target: { kind: 'ivr', name: typed.ivr } };
  }
  if (typed.user === undefined) return invalid('Say whose number it is: @user, user@example.com or --ivr NAME.');
  const parsed = parseTypedTarget(typed.user);
  if (!parsed) {
    return invalid(
      `"${typed.user}" is not a person I can look up. Say whose number it is: mention them (type @ and pick them from the list), give their email (user@example.com), or --ivr "<IVR name>".`,
    );
  }
  if (parsed.kind === 'unresolved') {
    // Mentioning again would fail the same way: ask for the email only.
    return unknown(
      `Teams did not say who ${parsed.name ? `"${parsed.name}"` : 'that mention'} is. Give their email instead (user@example.com).`,
    );
  }
  let email: string;
  if (parsed.kind === 'email') {
    email = parsed.email;
  } else {
    const person = await personOf(parsed, deps);
    if (!person.ok) return person;
    if (!person.found.email) {
      return unknown(
        `I could not read an email for ${person.said} from the chat directory; give their email instead (user@example.com).`,
      );
    }
    email = person.found.email;
  }
  const user = await genesysUserByEmail(deps.genesys, email);
  if (!user?.id) return unknown(`No Genesys Cloud user has the email ${email}.`);
  return { ok: true, target: { kind: 'user', userId: user.id, email, ...(user.name ? { name: user.name } : {}) } };
}

type PersonResult = { ok: true; found: ChatPerson; said: string } | { ok: false; error: PlanError };

/** The chat user a mention or a plain @handle names. */
async function personOf(
  parsed: Extract<TypedTarget, { kind: 'mention' | 'handle' }>,
  deps: { platform: ChatPlatform; people: PeopleDirectory; where?: ReplyTarget },
): Promise<PersonResult> {
  if (parsed.kind === 'mention') {
    const found = await deps.people.lookup(deps.platform, parsed.userId, deps.where);
    // Named as a person reads it: card text cannot render a `<@U…>` mention.
    const said = parsed.label ? `@${parsed.label}` : (found?.name ?? parsed.userId);
    return { ok: true, found: found ?? { userId: parsed.userId }, said };
  }
  const said = `@${parsed.handle}`;
  const matches = await deps.people.findByHandle(deps.platform, parsed.handle, deps.where);
  if (matches.length === 1) return { ok: true, found: matches[0]!, said };
  // Never offer the plain @handle again: it is what could not be resolved.
  if (matches.length === 0) {
    return unknown(
      `Nobody in the chat directory goes by ${said}. Type @ and pick them from the list, or give their email (user@example.com).`,
    );
  }
  // Card text cannot mention (renderers escape `<@…>`): name each with what tells them apart, their email.
  const shown = matches.slice(0, 5).map((p) => `${p.name ?? p.userId} (${p.email ?? p.userId})`);
  const more = matches.length > shown.length ? ` and ${matches.length - shown.length} more` : '';
  return unknown(
    `${matches.length} people go by ${said}: ${shown.join(', ')}${more}. Give the email of the one you mean, or type @ and pick them from the list.`,
  );
}
