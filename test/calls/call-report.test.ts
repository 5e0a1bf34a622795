/**
 * Merging what both vendors saw of the same calls, and grouping the failures by cause: pure, on hand-made
 * evidence, so each rule of the merge is one story.
 */
import { describe, expect, it } from 'vitest';
import {
  type CallEvidence,
  type GenesysConversationEvidence,
  type TwilioCallEvidence,
  troubleshootCalls,
} from '../../src/byoc/calls/call-report.js';
import { doctorContext, runDoctor } from '../../src/byoc/doctor/index.js';
import { callsCard } from '../../src/presentation/calls-card.js';
import { snapshotOf } from '../doctor/helpers.js';

const UNTIL = '2026-11-29T15:00:00.000Z';
const at = (minutesAgo: number) => new Date(Date.parse(UNTIL) - minutesAgo * 60_000).toISOString();

function evidence(parts: {
  calls?: TwilioCallEvidence[];
  alerts?: CallEvidence['twilio'] extends infer T ? (T extends { alerts: infer A } ? A : never) : never;
  conversations?: GenesysConversationEvidence[];
}): CallEvidence {
  return {
    since: at(60),
    until: UNTIL,
    twilioTrunk: { sid: 'TK0123456789abcdef0123456789abc001', name: 'PureCloudDev' },
    genesysTrunks: ['Twilio'],
    twilio: { available: true, calls: parts.calls ?? [], alerts: parts.alerts ?? [] },
    genesys: { available: true, conversations: parts.conversations ?? [] },
  };
}

const outbound = (over: Partial<TwilioCallEvidence>): TwilioCallEvidence => ({
  sid: 'CA00000000000000000000000000000001',
  from: '+33123456789',
  to: '+447700900000',
  status: 'completed',
  direction: 'outbound',
  startedAt: at(30),
  durationSeconds: 60,
  ...over,
});

const conversation = (over: Partial<GenesysConversationEvidence>): GenesysConversationEvidence => ({
  id: 'conv-1',
  startedAt: at(30),
  direction: 'outbound',
  ani: '+33123456789',
  dnis: '+447700900000',
  sipCodes: [200],
  ...over,
});

/** Twilio refused an outbound INVITE from an address outside its ACL: an alert about the trunk, a 403 in Genesys. */
function refusedBySourceIp(): CallEvidence {
  return evidence({
    alerts: [
      {
        sid: 'NO1',
        errorCode: '32201',
        alertText: 'Source IP address not in ACL',
        at: at(10),
        resourceSid: 'TK0123456789abcdef0123456789abc001',
      },
    ],
    conversations: [conversation({ startedAt: at(10), sipCodes: [403], disconnectType: 'error' })],
  });
}

const ALL = { failedOnly: false };

describe('one call seen by both vendors is listed once', () => {
  it('tied by the SIP Call-ID even when the clocks disagree', () => {
    const report = troubleshootCalls(
      evidence({
        calls: [outbound({ sipCallId: 'abc@10.0.0.1', status: 'failed', sipCode: 488 })],
        conversations: [
          conversation({ protocolCallId: 'abc@10.0.0.1', startedAt: at(31), sipCodes: [488], edgeName: 'edge-1' }),
        ],
      }),
      ALL,
    );
    expect(report.calls).toHaveLength(1);
    expect(report.calls[0]).toMatchObject({
      seenBy: ['twilio', 'genesys'],
      sipCode: 488,
      edgeName: 'edge-1',
      cause: 'codecs',
    });
  });

  it('without a Call-ID, by the same numbers within half a minute', () => {
    const near = troubleshootCalls(
      evidence({ calls: [outbound({})], conversations: [conversation({ startedAt: at(30) })] }),
      ALL,
    );
    expect(near.calls).toHaveLength(1);
    const far = troubleshootCalls(
      evidence({ calls: [outbound({})], conversations: [conversation({ startedAt: at(20) })] }),
      ALL,
    );
    expect(far.calls).toHaveLength(2);
  });
});

describe('failures grouped by cause', () => {
  it('an alert about the trunk explains the Genesys call Twilio refused before a Call existed', () => {
    const report = troubleshootCalls(refusedBySourceIp(), ALL);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ cause: { key: 'twilio-acl' }, calls: 1, alertsWithoutCall: 0 });
    expect(report.groups[0]!.codes).toEqual(['Twilio 32201', 'SIP 403']);
  });

  it('busy, no answer and cancelled are not failures', () => {
    const report = troubleshootCalls(
      evidence({
        calls: [
          outbound({ sid: 'CA1', status: 'busy', sipCode: 486 }),
          outbound({ sid: 'CA2', status: 'no-answer', sipCode: 480, startedAt: at(20) }),
          outbound({ sid: 'CA3', status: 'canceled', sipCode: 487, startedAt: at(10) }),
        ],
      }),
      ALL,
    );
    expect(report.counts).toMatchObject({ calls: 3, failed: 0, notAnswered: 3 });
    expect(report.groups).toEqual([]);
    expect(callsCard(report).status).toBe('ok');
  });

  it('most frequent first, unknown codes shown plainly', () => {
    const report = troubleshootCalls(
      evidence({
        calls: [
          outbound({ sid: 'CA1', status: 'failed', sipCode: 404, startedAt: at(40) }),
          outbound({ sid: 'CA2', status: 'failed', sipCode: 484, startedAt: at(39) }),
          outbound({ sid: 'CA3', status: 'failed', sipCode: 599, startedAt: at(38) }),
        ],
      }),
      ALL,
    );
    expect(report.groups.map((g) => [g.cause?.key ?? g.codes.join(), g.calls])).toEqual([
      ['number-format', 2],
      ['SIP 599', 1],
    ]);
    // The newest failure of a group is its example.
    expect(report.groups[0]!.example?.twilioCallSid).toBe('CA2');
    const card = callsCard(report);
    expect(JSON.stringify(card)).toContain('Cause not known: SIP 599');
  });

  it('--number and --direction narrow the calls and the groups', () => {
    const e = evidence({
      calls: [
        outbound({ sid: 'CA1', status: 'failed', sipCode: 488 }),
        outbound({ sid: 'CA2', status: 'failed', sipCode: 404, to: '+447700900999', startedAt: at(20) }),
        {
          ...outbound({ sid: 'CA3', status: 'failed', sipCode: 503, startedAt: at(10) }),
          direction: 'inbound',
          from: '+14155550100',
          to: '+33123456789',
        },
      ],
    });
    expect(troubleshootCalls(e, { failedOnly: true, number: '+447700900999' }).groups.map((g) => g.cause?.key)).toEqual(
      ['number-format'],
    );
    expect(troubleshootCalls(e, { failedOnly: true, direction: 'inbound' }).groups.map((g) => g.cause?.key)).toEqual([
      'origination',
    ]);
  });

  it('says when a half could not be read, and still groups what the other half saw', () => {
    const e: CallEvidence = {
      ...evidence({ calls: [outbound({ status: 'failed', sipCode: 488 })] }),
      genesys: { available: false, reason: 'Genesys Cloud could not be read (HTTP 503)' },
    };
    const report = troubleshootCalls(e, ALL);
    expect(report.unavailable).toEqual({ genesys: 'Genesys Cloud could not be read (HTTP 503)' });
    expect(report.groups[0]?.cause?.key).toBe('codecs');
    expect(JSON.stringify(callsCard(report))).toContain('Not reachable');
  });
});

describe('the doctor, right now', () => {
  it('a cause whose rule fails now says so and carries the doctor’s fix', () => {
    const doctor = runDoctor(snapshotOf('broken/twilio-acl-missing-region'), doctorContext());
    const report = troubleshootCalls(refusedBySourceIp(), ALL, doctor);
    const link = report.groups[0]!.doctor[0]!;
    expect(link).toMatchObject({ rule: 'TW-ACL', status: 'fail' });
    expect(link.remediationValue).toMatch(/^TW-ACL\|\d+$/);
    const card = callsCard(report);
    expect(card.summary).toContain('The doctor finds TW-ACL failing now');
    expect(card.buttons?.[0]).toMatchObject({ actionId: 'doctor.remediate', value: link.remediationValue });
  });
});
