/**
 * Reads what `/byoc calls` needs from both vendors, in parallel, for one time window:
 *
 * - Twilio: the Calls of the BYOC Twilio trunk (`GET /2010-04-01/Accounts/{sid}/Calls.json?StartTime>=`, filtered
 *   to the trunk here: the Calls API has no trunk filter), the Voice Insights summaries of trunking calls in one
 *   listing (`GET /v1/Voice/Summaries?CallType=trunking`), and Monitor alerts (`GET /v1/Alerts?StartDate=`).
 * - Genesys Cloud: conversation details on the edges that carry the BYOC trunks
 *   (`POST /api/v2/analytics/conversations/details/query` filtered on `edgeId`).
 *
 * Which trunks those are comes from the snapshot (one shared snapshot per command). A vendor that is not
 * configured or does not answer leaves its half unavailable with the reason; the other half still answers.
 */
import type {
  CallEvidence,
  GenesysConversationEvidence,
  TwilioAlertEvidence,
  TwilioCallEvidence,
} from '../byoc/calls/call-report.js';
import type { CallDirection } from '../byoc/calls/causes.js';
import { type ByocSnapshot, byocTrunkBases, type TwilioTrunk } from '../byoc/snapshot.js';
import { sendsTo } from '../byoc/topology.js';
import type { AnalyticsConversation, GenesysClient } from '../genesys/client.js';
import { type SnapshotVendors, unavailableReason } from '../snapshot/gather-snapshot.js';
import type { TwilioClient } from '../twilio/twilio-client.js';
import type { TwilioCallSummary } from '../twilio/types.js';

export interface CallWindow {
  since: Date;
  until: Date;
}

type Half<T> = ({ available: true } & T) | { available: false; reason: string };

/** The Twilio trunk(s) the BYOC trunks send to, and the Genesys trunks with their edges. */
function trunksOf(snapshot: ByocSnapshot): {
  twilioTrunk?: TwilioTrunk;
  genesysTrunks: string[];
  edges: Map<string, string>;
} {
  if (!snapshot.genesys.available) {
    // Without Genesys, the account's only trunk is the best guess; with several, none is.
    const only =
      snapshot.twilio.available && snapshot.twilio.trunks.length === 1 ? snapshot.twilio.trunks[0] : undefined;
    return { ...(only ? { twilioTrunk: only } : {}), genesysTrunks: [], edges: new Map() };
  }
  const bases = byocTrunkBases(snapshot.genesys);
  const edges = new Map<string, string>();
  for (const instance of snapshot.genesys.trunks) {
    if (bases.some((b) => b.id === instance.trunkBaseId)) edges.set(instance.edge.id, instance.edge.name);
  }
  let twilioTrunk: TwilioTrunk | undefined;
  if (snapshot.twilio.available) {
    for (const base of bases) {
      const match = sendsTo(base, snapshot.twilio, { genesys: snapshot.genesys });
      if (match) {
        twilioTrunk = match.trunk;
        break;
      }
    }
  }
  return { ...(twilioTrunk ? { twilioTrunk } : {}), genesysTrunks: bases.map((b) => b.name), edges };
}

const twilioDirection = (direction: string): CallDirection =>
  // `trunking-originating`: PSTN -> Twilio -> your SIP infrastructure (Genesys); `trunking-terminating`: the
  // other way (https://www.twilio.com/docs/sip-trunking/api/call-resource). Genesys' own words are the same.
  direction.includes('originating') || direction === 'inbound' ? 'inbound' : 'outbound';

async function twilioHalf(
  client: TwilioClient,
  trunk: TwilioTrunk | undefined,
  window: CallWindow,
): Promise<Half<{ calls: TwilioCallEvidence[]; alerts: TwilioAlertEvidence[] }>> {
  const [calls, summaries, alerts] = await Promise.all([
    trunk
      ? client.listCalls({ trunkSid: trunk.sid, startedAfter: window.since, startedBefore: window.until })
      : Promise.resolve([]),
    trunk ? client.listCallSummaries({ startTime: window.since, endTime: window.until }) : Promise.resolve([]),
    client.listAlerts({ startDate: window.since, endDate: window.until }),
  ]);
  const summaryOf = new Map<string, TwilioCallSummary>(summaries.map((s) => [s.callSid, s]));
  return {
    available: true,
    calls: calls.map((c) => {
      const s = summaryOf.get(c.sid);
      const sipCallId = s?.sipEdge?.sip_call_id;
      return {
        sid: c.sid,
        from: c.from,
        to: c.to,
        status: c.status,
        direction: twilioDirection(c.direction),
        startedAt: (c.startTime ?? window.since).toISOString(),
        durationSeconds: c.durationSeconds,
        ...(s?.lastSipResponseNum !== undefined ? { sipCode: s.lastSipResponseNum } : {}),
        ...(s?.disconnectedBy ? { disconnectedBy: s.disconnectedBy } : {}),
        ...(typeof sipCallId === 'string' ? { sipCallId } : {}),
      };
    }),
    alerts: alerts.map((a) => ({
      sid: a.sid,
      errorCode: a.errorCode,
      alertText: a.alertText,
      at: (a.dateGenerated ?? window.since).toISOString(),
      ...(a.resourceSid ? { resourceSid: a.resourceSid } : {}),
    })),
  };
}

const withoutTel = (address: string | undefined) => address?.replace(/^tel:/i, '');

/** The conversation's session on one of the trunk's edges: the leg that crossed the BYOC trunk. */
function conversationEvidence(
  c: AnalyticsConversation,
  edges: Map<string, string>,
): GenesysConversationEvidence | undefined {
  for (const participant of c.participants ?? []) {
    for (const session of participant.sessions ?? []) {
      if (!session.edgeId || !edges.has(session.edgeId)) continue;
      const segments = session.segments ?? [];
      const withError = segments.filter((s) => s.errorCode).at(-1);
      const last = segments.at(-1);
      const direction: CallDirection =
        (session.direction ?? c.originatingDirection) === 'inbound' ? 'inbound' : 'outbound';
      const ani = withoutTel(session.ani);
      const dnis = withoutTel(session.dnis);
      return {
        id: c.conversationId ?? '',
        startedAt: c.conversationStart ?? segments[0]?.segmentStart ?? new Date(0).toISOString(),
        direction,
        ...(ani ? { ani } : {}),
        ...(dnis ? { dnis } : {}),
        edgeName: edges.get(session.edgeId),
        sipCodes: segments.flatMap((s) => s.sipResponseCodes ?? []),
        ...(withError?.errorCode ? { errorCode: withError.errorCode } : {}),
        ...(last?.disconnectType ? { disconnectType: last.disconnectType } : {}),
        ...(session.protocolCallId ? { protocolCallId: session.protocolCallId } : {}),
      };
    }
  }
  return undefined;
}

async function genesysHalf(
  client: GenesysClient,
  edges: Map<string, string>,
  window: CallWindow,
): Promise<Half<{ conversations: GenesysConversationEvidence[] }>> {
  const { conversations } = await client.conversationDetails({
    since: window.since,
    until: window.until,
    edgeIds: [...edges.keys()],
  });
  return {
    available: true,
    conversations: conversations
      .map((c) => conversationEvidence(c, edges))
      .filter((c): c is GenesysConversationEvidence => c !== undefined),
  };
}

async function guarded<T>(name: string, read: () => Promise<Half<T>>): Promise<Half<T>> {
  try {
    return await read();
  } catch (err) {
    return { available: false, reason: unavailableReason(name, err) };
  }
}

export async function gatherCalls(
  vendors: SnapshotVendors,
  snapshot: ByocSnapshot,
  window: CallWindow,
): Promise<CallEvidence> {
  const { twilioTrunk, genesysTrunks, edges } = trunksOf(snapshot);
  const twilioSlot = vendors.twilio;
  const genesysSlot = vendors.genesys;
  const [twilio, genesys] = await Promise.all([
    'client' in twilioSlot
      ? guarded('Twilio', () => twilioHalf(twilioSlot.client, twilioTrunk, window))
      : Promise.resolve({ available: false as const, reason: `Twilio is not configured: ${twilioSlot.notConfigured}` }),
    'client' in genesysSlot
      ? snapshot.genesys.available
        ? guarded('Genesys Cloud', () => genesysHalf(genesysSlot.client, edges, window))
        : Promise.resolve({ available: false as const, reason: snapshot.genesys.reason })
      : Promise.resolve({
          available: false as const,
          reason: `Genesys Cloud is not configured: ${genesysSlot.notConfigured}`,
        }),
  ]);
  return {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    ...(twilioTrunk ? { twilioTrunk: { sid: twilioTrunk.sid, name: twilioTrunk.friendlyName } } : {}),
    genesysTrunks,
    twilio,
    genesys,
  };
}
