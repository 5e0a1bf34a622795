/**
 * `buildTimeline`: Genesys audits, Twilio Monitor Events and the bot's audit stream -> one timeline, newest first.
 *
 * - Only changes to objects the setup uses are kept (see `relate.ts`); a Twilio change to a child that is gone
 *   (a removed ACL address) is placed by the parents its URL names.
 * - A vendor record made with the bot's own credentials next to a change the bot applied is that change: it is
 *   folded into the bot's entry (who asked, who approved) instead of appearing a second time.
 * - Secret properties show that they changed, never their values.
 * Pure: a function of its inputs.
 */
import type { ByocSnapshot } from '../snapshot.js';
import { indexSetup, type Related, type SetupIndex } from './relate.js';
import { isSecretProperty } from './secrets.js';
import type {
  BotAuditInput,
  BotIdentity,
  ChangeActor,
  ChangeEntry,
  GenesysAuditInput,
  PropertyChangeView,
  Timeline,
  TimelineFilter,
  TwilioEventInput,
} from './types.js';

export interface TimelineInput {
  snapshot: ByocSnapshot;
  genesysAudits: readonly GenesysAuditInput[];
  twilioEvents: readonly TwilioEventInput[];
  botEntries: readonly BotAuditInput[];
  self: BotIdentity;
  since: number;
  until: number;
  filter?: TimelineFilter;
  unavailable?: Timeline['unavailable'];
}

/** Genesys entity types that are part of a BYOC setup; users and IVRs only when their numbers change. */
const GENESYS_TYPES = new Set([
  'TrunkBase',
  'Trunk',
  'DIDPool',
  'DID',
  'Site',
  'NumberPlan',
  'OutboundRoute',
  'Edge',
  'EdgeGroup',
  'IVR',
  'User',
]);
const NUMBER_PROPERTIES = new Set(['addresses', 'dnis', 'phoneNumber', 'phone_number']);

/** A bot change and the vendor records it made: within this long before the bot recorded it applied, or just after. */
const BOT_WINDOW_BEFORE_MS = 15 * 60_000;
const BOT_WINDOW_AFTER_MS = 60_000;

const E164 = /^\+[1-9]\d{6,14}$/;
const digits = (s: string) => s.replace(/\D/g, '');
const uniq = (xs: string[]) => [...new Set(xs)];

function view(property: string, before: unknown, after: unknown): PropertyChangeView {
  if (isSecretProperty(property)) return { property, before: '(hidden)', after: '(hidden)', secret: true };
  return { property, before: show(before), after: show(after) };
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map((x) => show(x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function numbersIn(values: unknown[]): string[] {
  return values
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v): v is string => typeof v === 'string' && E164.test(v));
}

function fromGenesys(a: GenesysAuditInput, index: SetupIndex, self: BotIdentity): ChangeEntry | undefined {
  const type = a.entityType ?? '';
  if (!GENESYS_TYPES.has(type) || !a.eventDate) return undefined;
  const props = a.propertyChanges ?? [];
  const id = a.entity?.id ?? '';
  const related: Related | undefined = index.genesys.get(id);
  if ((type === 'User' || type === 'IVR') && !props.some((p) => NUMBER_PROPERTIES.has(p.property ?? '')) && !related) {
    return undefined;
  }
  // An edit to an object the setup does not hold (a trunk base that is not BYOC) is not a change to the setup; a
  // creation or deletion is kept, as the object may be joining the setup or have left it since the snapshot.
  if (!related && index.genesysKnown && a.action === 'Update' && type !== 'User' && type !== 'IVR') return undefined;
  const changes = props.map((p) => view(p.property ?? '?', p.oldValues ?? [], p.newValues ?? []));
  const numbers = uniq([
    ...(related?.numbers ?? []),
    ...numbersIn(
      props.flatMap((p) => (isSecretProperty(p.property ?? '') ? [] : [p.oldValues ?? [], p.newValues ?? []])),
    ),
  ]);
  const trunks = related?.trunks ?? (type === 'TrunkBase' && a.entity?.name ? [a.entity.name] : []);
  const isBot = !a.user?.name && !!a.client?.id && a.client.id === self.genesysClientId;
  const who: ChangeActor = a.user?.name
    ? { kind: 'person', name: a.user.name, ...(a.user.id ? { id: a.user.id } : {}) }
    : {
        kind: 'oauth-client',
        name: `OAuth client ${a.client?.id ?? 'unknown'}`,
        ...(a.client?.id ? { id: a.client.id } : {}),
        ...(isBot ? { isBot } : {}),
      };
  return {
    id: `genesys:${a.id ?? `${id}:${a.eventDate}`}`,
    at: new Date(a.eventDate).toISOString(),
    vendor: 'genesys',
    who,
    where: a.user?.name || a.application === 'Genesys Cloud' ? 'console' : 'api',
    action: a.action ?? 'Update',
    object: { type: genesysTypeName(type), name: a.entity?.name ?? related?.name ?? id, ...(id ? { id } : {}) },
    changes,
    trunks,
    numbers,
  };
}

function genesysTypeName(type: string): string {
  const names: Record<string, string> = {
    TrunkBase: 'Genesys trunk',
    Trunk: 'Genesys trunk instance',
    DIDPool: 'DID pool',
    DID: 'DID',
    Site: 'site',
    NumberPlan: 'number plan',
    OutboundRoute: 'outbound route',
    Edge: 'edge',
    EdgeGroup: 'edge group',
    IVR: 'IVR',
    User: 'user',
  };
  return names[type] ?? type;
}

const SID_IN_URL = /\b[A-Z]{2}[0-9a-f]{32}\b/g;

function fromTwilio(e: TwilioEventInput, index: SetupIndex, self: BotIdentity): ChangeEntry | undefined {
  if (!e.eventDate) return undefined;
  const own = e.resourceSid ? index.twilio.get(e.resourceSid) : undefined;
  // A child that is gone (a removed address) is not in the snapshot; the parents in its URL are.
  const parents = [...(e.resourceUrl ?? '').matchAll(SID_IN_URL)]
    .map((m) => index.twilio.get(m[0]))
    .filter((r): r is Related => !!r);
  if (!own && parents.length === 0) return undefined;
  const values = Object.entries(e.changes).flatMap(([k, c]) => (isSecretProperty(k) ? [] : [c.previous, c.updated]));
  const trunks = uniq([...(own?.trunks ?? []), ...parents.flatMap((p) => p.trunks)]);
  const numbers = uniq([...(own?.numbers ?? []), ...numbersIn(values)]);
  const isBot = !!e.actorSid && self.twilioActorSids.includes(e.actorSid) && e.actorType !== 'user';
  const who: ChangeActor =
    e.actorType === 'user'
      ? {
          kind: 'twilio-user',
          name: `Twilio user ${e.actorSid ?? 'unknown'}`,
          ...(e.actorSid ? { id: e.actorSid } : {}),
        }
      : e.actorType === 'account'
        ? {
            kind: 'twilio-account',
            // The row adds where ("API"): the name says only whose request it was.
            name: `Twilio account ${e.actorSid ?? 'unknown'}`,
            ...(e.actorSid ? { id: e.actorSid } : {}),
            ...(isBot ? { isBot } : {}),
          }
        : e.actorSid?.startsWith('SK')
          ? { kind: 'twilio-api-key', name: `API key ${e.actorSid}`, id: e.actorSid, ...(isBot ? { isBot } : {}) }
          : { kind: 'vendor', name: e.actorType === 'twilio-admin' ? 'Twilio' : (e.actorType ?? 'unknown') };
  const [resourceType, action] = e.eventType.includes('.')
    ? [e.eventType.slice(0, e.eventType.lastIndexOf('.')), e.eventType.slice(e.eventType.lastIndexOf('.') + 1)]
    : [e.eventType, ''];
  const name =
    own?.name ??
    (typeof e.changes.ip_address?.previous === 'string' ? `IP ${e.changes.ip_address.previous}` : undefined) ??
    e.resourceSid ??
    resourceType;
  return {
    id: `twilio:${e.sid}`,
    at: e.eventDate.toISOString(),
    vendor: 'twilio',
    who,
    where: e.source === 'web' ? 'console' : e.source === 'twilio' ? 'vendor' : 'api',
    action: action || 'updated',
    object: {
      type: `Twilio ${(e.resourceType ?? resourceType).replace(/-/g, ' ')}`,
      name,
      ...(e.resourceSid ? { id: e.resourceSid } : {}),
    },
    changes: Object.entries(e.changes).map(([k, c]) => view(k, c.previous, c.updated)),
    trunks,
    numbers,
  };
}

/** The bot's applied (or failed, possibly half-applied) changes, with who asked and who approved. */
function fromBot(entries: readonly BotAuditInput[], index: SetupIndex): ChangeEntry[] {
  const requestedBy = new Map<string, string>();
  for (const e of entries) if (e.action === 'request' && e.approvalId) requestedBy.set(e.approvalId, e.actor);
  const pairs = (trunk: string) =>
    uniq([trunk, ...[...index.genesys.values()].filter((r) => r.trunks.includes(trunk)).flatMap((r) => r.trunks)]);
  return entries
    .filter(
      (e) => (e.action === 'apply' && (e.outcome === 'applied' || e.outcome === 'unverified')) || e.action === 'fail',
    )
    .map((e) => ({
      id: `byoc-bot:${e.approvalId ?? e.id}`,
      at: new Date(e.at).toISOString(),
      vendor: 'byoc-bot' as const,
      who: { kind: 'byoc-bot' as const, name: 'byoc-bot' },
      where: 'byoc-bot' as const,
      action: e.outcome,
      object: { type: 'change', name: e.summary },
      changes: [],
      trunks: e.trunk ? pairs(e.trunk) : [],
      numbers: e.number ? [e.number] : [],
      approval: {
        id: e.approvalId ?? e.id,
        summary: e.summary,
        ...(e.approvalId && requestedBy.has(e.approvalId) ? { requestedBy: requestedBy.get(e.approvalId)! } : {}),
        ...(e.action === 'apply' ? { approvedBy: e.actor } : {}),
        outcome: e.outcome,
        objects: Array.isArray(e.details?.objects)
          ? e.details.objects.filter((o): o is string => typeof o === 'string')
          : [],
        vendorRecords: [],
      },
    }));
}

/**
 * Whether a vendor record is one of the bot change's writes: the object it names (or, for a child object such as
 * a new ACL address, one of its parents) is one the change's steps touched; for a new DID pool, whose id is not
 * known in advance, the change's number. Older audit entries without objects fall back to the trunk or number.
 */
function isWriteOf(v: ChangeEntry, b: ChangeEntry, parents: Map<string, string[]>): boolean {
  const objects = b.approval?.objects ?? [];
  if (objects.length === 0) return overlaps(v, b);
  const ids = [v.object.id ?? '', ...(parents.get(v.id) ?? [])];
  if (ids.some((id) => objects.includes(id))) return true;
  return v.object.type === 'DID pool' && v.action === 'Create' && overlapsNumber(v, b);
}

function overlapsNumber(a: ChangeEntry, b: ChangeEntry): boolean {
  const nums = b.numbers.map(digits);
  return a.numbers.some((n) => nums.includes(digits(n)));
}

function overlaps(a: ChangeEntry, b: ChangeEntry): boolean {
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
  const trunks = lower(b.trunks);
  if (lower(a.trunks).some((t) => trunks.includes(t))) return true;
  const nums = b.numbers.map(digits);
  return a.numbers.some((n) => nums.includes(digits(n)));
}

/** Folds vendor records made with the bot's credentials into the bot change they belong to. */
function foldBotRecords(vendor: ChangeEntry[], bot: ChangeEntry[], parents: Map<string, string[]>): ChangeEntry[] {
  const kept: ChangeEntry[] = [];
  for (const v of vendor) {
    const t = Date.parse(v.at);
    const owner = v.who.isBot
      ? bot
          .filter((b) => {
            const bt = Date.parse(b.at);
            return t >= bt - BOT_WINDOW_BEFORE_MS && t <= bt + BOT_WINDOW_AFTER_MS && isWriteOf(v, b, parents);
          })
          .sort((x, y) => Math.abs(Date.parse(x.at) - t) - Math.abs(Date.parse(y.at) - t))[0]
      : undefined;
    if (!owner?.approval) {
      kept.push(v);
      continue;
    }
    owner.approval.vendorRecords.push({
      vendor: v.vendor as 'genesys' | 'twilio',
      object: `${v.object.type} ${v.object.name}`,
      changes: v.changes,
    });
    owner.changes.push(...v.changes);
    owner.trunks = uniq([...owner.trunks, ...v.trunks]);
    owner.numbers = uniq([...owner.numbers, ...v.numbers]);
  }
  return kept;
}

function matches(e: ChangeEntry, filter: TimelineFilter): boolean {
  if (filter.trunk && !e.trunks.some((t) => t.toLowerCase() === filter.trunk!.toLowerCase())) return false;
  if (filter.number && !e.numbers.some((n) => digits(n) === digits(filter.number!))) return false;
  return true;
}

export function buildTimeline(input: TimelineInput): Timeline {
  const index = indexSetup(input.snapshot);
  const filter = input.filter ?? {};
  const vendor = [
    ...input.genesysAudits.map((a) => fromGenesys(a, index, input.self)),
    ...input.twilioEvents.map((e) => fromTwilio(e, index, input.self)),
  ].filter((e): e is ChangeEntry => !!e);
  const bot = fromBot(input.botEntries, index);
  const inWindow = (e: ChangeEntry) => {
    const t = Date.parse(e.at);
    return t >= input.since && t <= input.until;
  };
  const parents = new Map(
    input.twilioEvents.map((e) => [
      `twilio:${e.sid}`,
      [...(e.resourceUrl ?? '').matchAll(SID_IN_URL)].map((m) => m[0]),
    ]),
  );
  const entries = [...foldBotRecords(vendor, bot, parents), ...bot]
    .filter((e) => inWindow(e) && matches(e, filter))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1));
  return {
    kind: 'changes',
    since: new Date(input.since).toISOString(),
    until: new Date(input.until).toISOString(),
    filter,
    entries,
    unavailable: input.unavailable ?? [],
  };
}

/** The newest change touching a trunk (by Genesys or Twilio name), if any. */
export function lastChangeTo(timeline: Timeline, trunk: string): ChangeEntry | undefined {
  return timeline.entries.find((e) => e.trunks.some((t) => t.toLowerCase() === trunk.toLowerCase()));
}
