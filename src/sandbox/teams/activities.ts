/**
 * What Teams (through the Bot Framework's channel service) sends a bot: activities, and the bearer token that
 * signs each request. The fake Bot Framework, the sandbox's try-it endpoint, tests and benchmarks build them here.
 *
 * Shapes follow the Bot Framework activity schema and Teams' conversation payloads
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference,
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages) and the
 * token claims the Bot Connector service puts in its JWT
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type KeyObject, SignJWT } from 'jose';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const TEAMS_CHANNEL_ID = 'msteams';

/** The sandbox tenant and people (Azure AD object ids); their roles are in src/sandbox/access.yml. */
export const SANDBOX_TENANT_ID = '0d5c0d5c-0000-4000-8000-00000000b10c';
export const SANDBOX_TEAMS_OPERATOR = '00000000-0000-4000-8000-00000000a001';
export const SANDBOX_TEAMS_APPROVER = '00000000-0000-4000-8000-00000000a002';
export const SANDBOX_TEAMS_VIEWER = '00000000-0000-4000-8000-00000000a003';
export const SANDBOX_TEAMS_PEOPLE: Record<string, string> = {
  [SANDBOX_TEAMS_OPERATOR]: 'Sam Sandbox',
  [SANDBOX_TEAMS_APPROVER]: 'Lea Lead',
  [SANDBOX_TEAMS_VIEWER]: 'Alice Martin',
};

/** A conversation member as the connector's `GET /v3/conversations/{id}/members` lists it (`TeamsChannelAccount`). */
export interface FakeTeamsMember {
  /** The Teams user id (`29:…`), what a mention entity's `mentioned.id` is. */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
}

/** The sandbox's Teams people as members: Alice's email is a Genesys user's in the default scenario. */
export const SANDBOX_TEAMS_MEMBERS: FakeTeamsMember[] = [
  { aad: SANDBOX_TEAMS_OPERATOR, email: 'sam@example.com', given: 'Sam' },
  { aad: SANDBOX_TEAMS_APPROVER, email: 'lea@example.com', given: 'Lea' },
  { aad: SANDBOX_TEAMS_VIEWER, email: 'alice@example.com', given: 'Alice' },
].map(({ aad, email, given }) => ({
  id: `29:${aad}`,
  name: SANDBOX_TEAMS_PEOPLE[aad]!,
  aadObjectId: aad,
  email,
  userPrincipalName: email,
  givenName: given,
}));
/** A team channel's conversation id, as Teams writes them. */
export const SANDBOX_TEAMS_CHANNEL = '19:byoc-oncall@thread.tacv2';

export type SigningKey = CryptoKey | KeyObject | Uint8Array;

export interface ChannelTokenClaims {
  /** The bot's app id (the audience). */
  appId: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  kid: string;
}

/** A token as the Bot Connector service signs it for each request to the bot. */
export async function signChannelToken(key: SigningKey, claims: ChannelTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = claims.expiresIn ?? 3600;
  return new SignJWT({ serviceurl: claims.serviceUrl })
    .setProtectedHeader({ alg: 'RS256', kid: claims.kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? BOT_FRAMEWORK_ISSUER)
    .setAudience(claims.appId)
    .setIssuedAt(now - 60 + Math.min(0, expiresIn))
    .setNotBefore(now - 60 + Math.min(0, expiresIn))
    .setExpirationTime(now + expiresIn)
    .sign(key);
}

export interface ConversationInit {
  /** `personal`, `groupChat` or `channel`. */
  kind?: 'personal' | 'groupChat' | 'channel';
  conversationId?: string;
  serviceUrl: string;
  botId: string;
  botName?: string;
  userAadId: string;
  userName?: string;
  tenantId?: string;
}

function conversationOf(init: ConversationInit): Record<string, unknown> {
  const kind = init.kind ?? 'personal';
  const id =
    init.conversationId ??
    (kind === 'channel' ? `${SANDBOX_TEAMS_CHANNEL};messageid=${Date.now()}` : `a:personal-${init.userAadId}`);
  return {
    id,
    conversationType: kind,
    tenantId: init.tenantId ?? SANDBOX_TENANT_ID,
    ...(kind === 'personal' ? {} : { isGroup: true }),
  };
}

function common(init: ConversationInit): Record<string, unknown> {
  const kind = init.kind ?? 'personal';
  return {
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: init.serviceUrl,
    channelId: TEAMS_CHANNEL_ID,
    from: { id: `29:${init.userAadId}`, name: init.userName ?? 'Sandbox user', aadObjectId: init.userAadId },
    conversation: conversationOf(init),
    recipient: { id: `28:${init.botId}`, name: init.botName ?? 'byoc' },
    locale: 'en-US',
    channelData: {
      tenant: { id: init.tenantId ?? SANDBOX_TENANT_ID },
      ...(kind === 'channel'
        ? { channel: { id: SANDBOX_TEAMS_CHANNEL }, team: { id: '19:byoc-team@thread.tacv2' } }
        : {}),
    },
  };
}

/** A message to the bot; in a channel or group chat it @mentions the bot, as Teams requires. */
export function messageActivity(
  init: ConversationInit & {
    text: string;
    /** People @mentioned in `text` (as `<at>name</at>`): each gets its `mention` entity, as Teams sends them. */
    mentions?: { id: string; name: string }[];
  },
): Record<string, unknown> {
  const kind = init.kind ?? 'personal';
  const botName = init.botName ?? 'byoc';
  const mention = `<at>${botName}</at>`;
  const text = kind === 'personal' ? init.text : `${mention} ${init.text}`;
  const people = (init.mentions ?? []).map((m) => ({
    type: 'mention',
    text: `<at>${m.name}</at>`,
    mentioned: { id: m.id, name: m.name },
  }));
  return {
    ...common(init),
    type: 'message',
    text,
    textFormat: 'plain',
    entities: [
      ...(kind === 'personal'
        ? []
        : [{ type: 'mention', text: mention, mentioned: { id: `28:${init.botId}`, name: botName } }]),
      ...people,
    ],
  };
}

/** The press of an `Action.Execute` button on the card in activity `replyToId`. */
export function actionInvokeActivity(
  init: ConversationInit & { replyToId: string; verb: string; data: Record<string, unknown> },
): Record<string, unknown> {
  return {
    ...common(init),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: init.replyToId,
    value: {
      action: { type: 'Action.Execute', id: randomUUID(), verb: init.verb, data: init.data },
      trigger: 'manual',
    },
  };
}

export interface BotAnswer {
  status: number;
  body: unknown;
}

/** POSTs an activity to the bot's messaging endpoint with `Authorization: Bearer <token>` (none when undefined). */
export async function sendToBot(
  endpoint: string,
  activity: Record<string, unknown>,
  token: string | undefined,
): Promise<BotAnswer> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}
