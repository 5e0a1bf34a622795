/**
 * The troubleshooting reads (docs/vendor-facts.md, "Twilio calls and Voice Insights"): Voice Insights call summaries
 * and Monitor (Debugger) alerts, both v1 (meta envelope, ISO dates). Summaries follow the real timing: a partial
 * summary about 10 minutes after the call ends, the complete one after about 30; until then the summary is not found.
 */
import { pageV1 } from './paging.js';
import { renderAlert } from './render.js';
import { ok, type Route, type RouteRequest, route } from './router.js';
import type { FakeAlert, FakeCall } from './state.js';
import { invalidParameter, isoDate, notFound } from './wire.js';

const PARTIAL_AFTER_MS = 10 * 60_000;
const COMPLETE_AFTER_MS = 30 * 60_000;

const CALL_STATE: Record<FakeCall['status'], string> = {
  completed: 'completed',
  busy: 'busy',
  failed: 'fail',
  'no-answer': 'noanswer',
  canceled: 'canceled',
  'in-progress': 'answered',
  ringing: 'ringing',
  queued: 'ringing',
};

/** The final SIP response the summary reports for each outcome. */
const LAST_SIP_RESPONSE: Record<FakeCall['status'], number> = {
  completed: 200,
  busy: 486,
  failed: 503,
  'no-answer': 480,
  canceled: 487,
  'in-progress': 200,
  ringing: 180,
  queued: 100,
};

const lastSipResponse = (call: FakeCall) => call.sipResponseCode ?? LAST_SIP_RESPONSE[call.status];

type ProcessingState = 'partial' | 'complete';

function processingState(call: FakeCall, nowMs: number): ProcessingState | undefined {
  if (!call.endTime) return undefined;
  const since = nowMs - call.endTime.getTime();
  if (since >= COMPLETE_AFTER_MS) return 'complete';
  return since >= PARTIAL_AFTER_MS ? 'partial' : undefined;
}

function renderSummary(req: RouteRequest, call: FakeCall, state: ProcessingState) {
  const trunking = call.trunkSid !== null;
  // Voice Insights spells the trunk directions with underscores, unlike the Call resource
  // (docs/vendor-facts.md, "Twilio calls and Voice Insights").
  const direction = call.direction.replace(/-/g, '_');
  const lastSip = lastSipResponse(call);
  const answered = call.status === 'completed';
  const acl = req.state.trunks
    .find((t) => t.sid === call.trunkSid)
    ?.ipAccessControlLists.map((a) => req.state.ipAccessControlLists.find((l) => l.sid === a.sid))
    .find((l) => l && l.ipAddresses.length > 0);
  const stream = (packets: number) => ({
    codec: 0,
    codec_name: 'pcmu',
    packets_sent: packets,
    packets_received: packets,
    packets_lost: 0,
    packets_loss_percentage: 0,
    jitter: { max: 1.76, avg: 0.23 },
    latency: { max: 40, avg: 22 },
  });
  const edgeProperties = {
    direction: call.direction === 'trunking-terminating' ? 'inbound' : 'outbound',
    edge_location: 'dublin',
    media_region: 'ie1',
    signaling_region: 'ie1',
  };
  return {
    account_sid: req.state.accountSid,
    call_sid: call.sid,
    call_type: trunking ? 'trunking' : 'carrier',
    call_state: CALL_STATE[call.status],
    answered_by: 'unknown',
    processing_state: state,
    created_time: isoDate(call.dateCreated),
    start_time: isoDate(call.startTime),
    end_time: call.endTime ? isoDate(call.endTime) : null,
    duration: call.duration,
    connect_duration: answered ? call.duration : 0,
    from: { caller: call.from, connection: 'landline' },
    to: { callee: call.to, connection: 'landline' },
    // A trunking call has both a SIP edge and a carrier edge (docs/vendor-facts.md, "Twilio calls and Voice Insights").
    carrier_edge: { properties: { ...edgeProperties } },
    client_edge: null,
    sdk_edge: null,
    sip_edge: trunking
      ? {
          properties: {
            ...edgeProperties,
            twilio_media_ip: '168.86.128.10',
            twilio_signaling_ip: '54.171.127.193',
            external_media_ip: acl?.ipAddresses[0]?.ipAddress ?? null,
            external_signaling_ip: acl?.ipAddresses[0]?.ipAddress ?? null,
            sip_call_id: call.sipCallId ?? `${call.sid.slice(2, 18)}@sip.twilio.com`,
            user_agent: 'Twilio Gateway',
            trunk_sid: call.trunkSid,
          },
          metrics: answered ? { inbound: stream(call.duration * 50), outbound: stream(call.duration * 50) } : {},
        }
      : null,
    tags: [],
    url: `${req.render.origin}/v1/Voice/${call.sid}/Summary`,
    attributes: {},
    properties: {
      direction,
      disconnected_by: call.disconnectedBy ?? (answered ? 'caller' : 'callee'),
      last_sip_response_num: lastSip,
      pdd_ms: 1200,
      queue_time: 0,
    },
    trust: null,
    annotation: null,
  };
}

/** Insights times are ISO or relative to now (`30m`, `4h`, `3d`, `1w`). */
function insightsTime(value: string, name: string, nowMs: number): number {
  const rel = /^(\d+)([mhdw])$/.exec(value);
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 'm' | 'h' | 'd' | 'w'];
    return nowMs - Number(rel[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`Invalid parameter ${name}: ${value}`);
  return t;
}

/** `complete` asks for finished summaries only; `partial`/`started`/`all` also take partial ones. */
function wants(requested: string | null, state: ProcessingState): boolean {
  if (requested === null || requested === 'complete' || requested === 'completed') return state === 'complete';
  if (['partial', 'started', 'all'].includes(requested)) return true;
  throw invalidParameter(`Invalid parameter ProcessingState: ${requested}`);
}

function alertDate(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`Invalid parameter ${name}: ${value}`);
  return t;
}

export const insightsMonitorRoutes: Route[] = [
  route('GET', '/v1/Voice/{CallSid}/Summary', (req) => {
    const call = req.state.calls.find((c) => c.sid === req.params[0]);
    const state = call && processingState(call, req.nowMs);
    if (!call || !state || !wants(req.query.get('ProcessingState'), state)) throw notFound(req.path);
    return ok(renderSummary(req, call, state));
  }),
  route('GET', '/v1/Voice/Summaries', (req) => {
    const q = req.query;
    const from = insightsTime(q.get('StartTime') ?? '4h', 'StartTime', req.nowMs);
    const to = insightsTime(q.get('EndTime') ?? '0m', 'EndTime', req.nowMs);
    const rows = req.state.calls
      .map((call) => ({ call, state: processingState(call, req.nowMs) }))
      .filter((r): r is { call: FakeCall; state: ProcessingState } => r.state !== undefined)
      .filter(({ call, state }) => {
        const start = call.startTime.getTime();
        return (
          start >= from &&
          start <= to &&
          wants(q.get('ProcessingState'), state) &&
          (q.get('CallType') === null || q.get('CallType') === (call.trunkSid ? 'trunking' : 'carrier')) &&
          (q.get('Direction') === null || q.get('Direction') === call.direction.replace(/-/g, '_')) &&
          (q.get('CallState') === null || q.get('CallState') === CALL_STATE[call.status]) &&
          (q.get('From') === null || q.get('From') === call.from) &&
          (q.get('To') === null || q.get('To') === call.to) &&
          (q.get('AbnormalSession') !== 'true' || lastSipResponse(call) !== 200)
        );
      })
      .sort((a, b) =>
        q.get('SortBy') === 'end_time'
          ? (b.call.endTime?.getTime() ?? 0) - (a.call.endTime?.getTime() ?? 0)
          : b.call.startTime.getTime() - a.call.startTime.getTime(),
      );
    return ok(
      pageV1(req.render.origin, req.path, q, 'call_summaries', rows, (r) => renderSummary(req, r.call, r.state)),
    );
  }),

  route('GET', '/v1/Alerts', (req) => {
    const level = req.query.get('LogLevel');
    const start = alertDate(req.query.get('StartDate'), 'StartDate');
    const end = alertDate(req.query.get('EndDate'), 'EndDate');
    const alerts = req.state.alerts
      .filter(
        (a: FakeAlert) =>
          (level === null || a.logLevel === level) &&
          (start === undefined || a.dateGenerated.getTime() >= start) &&
          (end === undefined || a.dateGenerated.getTime() <= end),
      )
      .sort((a, b) => b.dateGenerated.getTime() - a.dateGenerated.getTime());
    return ok(pageV1(req.render.origin, req.path, req.query, 'alerts', alerts, (a) => renderAlert(req.render, a)));
  }),
  route('GET', '/v1/Alerts/{Sid}', (req) => {
    const alert = req.state.alerts.find((a) => a.sid === req.params[0]);
    if (!alert) throw notFound(req.path);
    return ok(renderAlert(req.render, alert, true));
  }),
];
