/**
 * `POST /api/v2/analytics/conversations/details/query`, the call records the bot reads for `/byoc calls`.
 *
 * Shapes follow the SDK's models (ConversationQuery in; AnalyticsConversationQueryResponse out, conversations of
 * AnalyticsParticipantWithoutAttributes with AnalyticsSession and AnalyticsConversationSegment). Rules the fake
 * enforces (docs/call-troubleshooting.md says which are documented and which are the fake's choice): an ISO 8601
 * `interval` is required; `paging` is pageSize (at most 100, default 25) and a 1-based pageNumber; conversations
 * are those that start inside the interval, ordered by `conversationStart` (`asc` unless `order` says `desc`); an
 * answer with no conversation carries only `totalHits`; phone addresses read `tel:+E164`.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { uuidFor } from '../scenario-snapshot.js';
import type { FakeConversation, GenesysFakeState } from './state.js';
import { fail, ok, type Reply } from './wire.js';

type Query = platformClient.Models.ConversationQuery;
type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;
/** The endpoint refuses intervals longer than this. */
const MAX_INTERVAL_DAYS = 31;

/** Segment dimensions the fake can filter on; others are refused rather than silently ignored. */
const DIMENSIONS: Record<string, (c: FakeConversation) => string[]> = {
  edgeId: (c) => [c.edgeId],
  direction: (c) => [c.direction],
  ani: (c) => [`tel:${c.ani}`],
  dnis: (c) => [`tel:${c.dnis}`],
  mediaType: () => ['voice'],
  disconnectType: (c) => [c.disconnectType],
  protocolCallId: (c) => [c.protocolCallId],
  sipResponseCode: (c) => c.sipResponseCodes.map(String),
  errorCode: (c) => (c.errorCode ? [c.errorCode] : []),
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const iso = (ms: number) => new Date(ms).toISOString();

function parseInterval(value: unknown): { start: number; end: number } | string {
  if (typeof value !== 'string')
    return 'interval is required: an ISO 8601 interval such as 2026-11-29T00:00:00Z/2026-11-30T00:00:00Z';
  const [a, b] = value.split('/');
  const start = Date.parse(a ?? '');
  const end = Date.parse(b ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return `Invalid interval: ${value}`;
  if (end - start > MAX_INTERVAL_DAYS * 86_400_000) return `The interval may not exceed ${MAX_INTERVAL_DAYS} days`;
  return { start, end };
}

type Predicate = platformClient.Models.SegmentDetailQueryPredicate;

function predicateMatches(p: Predicate, c: FakeConversation): boolean {
  const values = DIMENSIONS[p.dimension ?? '']?.(c) ?? [];
  return p.value === undefined ? values.length > 0 : values.includes(p.value);
}

function filterMatches(f: platformClient.Models.SegmentDetailQueryFilter, c: FakeConversation): boolean {
  const results = [
    ...(f.predicates ?? []).map((p) => predicateMatches(p, c)),
    ...(f.clauses ?? []).map((cl) =>
      cl.type === 'or'
        ? (cl.predicates ?? []).some((p) => predicateMatches(p, c))
        : (cl.predicates ?? []).every((p) => predicateMatches(p, c)),
    ),
  ];
  return f.type === 'or' ? results.some(Boolean) : results.every(Boolean);
}

function unknownDimension(filters: platformClient.Models.SegmentDetailQueryFilter[]): string | undefined {
  const predicates = filters.flatMap((f) => [
    ...(f.predicates ?? []),
    ...(f.clauses ?? []).flatMap((c) => c.predicates ?? []),
  ]);
  return predicates.map((p) => p.dimension ?? '').find((d) => !Object.hasOwn(DIMENSIONS, d));
}

function render(c: FakeConversation): Conversation {
  const tel = (n: string) => `tel:${n}`;
  const failed = c.sipResponseCodes.some((code) => code >= 400);
  const trunkSegment: platformClient.Models.AnalyticsConversationSegment = {
    segmentStart: iso(c.startMs),
    segmentEnd: iso(c.endMs),
    segmentType: c.endMs > c.startMs && !failed ? 'interact' : c.direction === 'outbound' ? 'dialing' : 'alert',
    disconnectType: c.disconnectType,
    ...(c.errorCode ? { errorCode: c.errorCode } : {}),
    ...(c.sipResponseCodes.length ? { sipResponseCodes: [...c.sipResponseCodes] } : {}),
    conference: false,
  };
  const trunkSession: platformClient.Models.AnalyticsSession = {
    mediaType: 'voice',
    sessionId: uuidFor(`session:${c.id}:trunk`),
    direction: c.direction,
    ani: tel(c.ani),
    dnis: tel(c.dnis),
    edgeId: c.edgeId,
    protocolCallId: c.protocolCallId,
    provider: 'Edge',
    remote: c.direction === 'inbound' ? c.ani : c.dnis,
    segments: [trunkSegment],
  };
  const internalSession: platformClient.Models.AnalyticsSession = {
    mediaType: 'voice',
    sessionId: uuidFor(`session:${c.id}:internal`),
    direction: c.direction,
    ani: tel(c.ani),
    dnis: tel(c.dnis),
    provider: 'Edge',
    segments: [{ ...trunkSegment, errorCode: undefined, sipResponseCodes: undefined }].map((s) =>
      Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
    ),
  };
  const trunkSide: platformClient.Models.AnalyticsParticipantWithoutAttributes = {
    participantId: uuidFor(`participant:${c.id}:trunk`),
    // The far party: a customer calling in, or the external number an agent dials.
    purpose: c.direction === 'inbound' ? 'customer' : 'external',
    sessions: [trunkSession],
  };
  const internal: platformClient.Models.AnalyticsParticipantWithoutAttributes = {
    participantId: uuidFor(`participant:${c.id}:internal`),
    purpose: c.direction === 'inbound' ? 'ivr' : 'agent',
    participantName: c.direction === 'inbound' ? 'Main IVR' : 'Agent',
    sessions: [internalSession],
  };
  return {
    conversationId: c.id,
    conversationStart: iso(c.startMs),
    conversationEnd: iso(c.endMs),
    originatingDirection: c.direction,
    divisionIds: [uuidFor('division:home')],
    participants: c.direction === 'inbound' ? [trunkSide, internal] : [internal, trunkSide],
  };
}

export function conversationDetailsQuery(ctx: { state: GenesysFakeState; body: unknown }): Reply {
  if (!isObject(ctx.body)) return fail(400, 'bad.request', 'A ConversationQuery JSON body is required');
  const body = ctx.body as unknown as Query;
  const interval = parseInterval(body.interval);
  if (typeof interval === 'string') return fail(400, 'bad.request', interval);
  const pageSize = body.paging?.pageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = body.paging?.pageNumber ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return fail(400, 'bad.request', `paging.pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(pageNumber) || pageNumber < 1)
    return fail(400, 'bad.request', 'paging.pageNumber must be 1 or more');
  const filters = body.segmentFilters ?? [];
  const unknown = unknownDimension(filters);
  if (unknown !== undefined) return fail(400, 'bad.request', `Unsupported segment dimension: ${unknown}`);

  const matching = ctx.state.conversations
    .filter((c) => c.startMs >= interval.start && c.startMs < interval.end)
    .filter((c) => filters.every((f) => filterMatches(f, c)))
    .sort((a, b) => (body.order === 'desc' ? b.startMs - a.startMs : a.startMs - b.startMs));
  const slice = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const answer: platformClient.Models.AnalyticsConversationQueryResponse = { totalHits: matching.length };
  if (slice.length > 0) answer.conversations = slice.map(render);
  return ok(answer);
}
