/**
 * The incident message's buttons at parity: with ALERT_CHANNEL on each platform (a Slack channel, a Teams channel),
 * the same fault opens an incident on both; Acknowledge, Status and Doctor pressed through each platform's adapter
 * record the same acknowledgement and answer in the incident's thread with the same domain result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INCIDENT_ACK_ACTION,
  INCIDENT_DOCTOR_ACTION,
  INCIDENT_STATUS_ACTION,
} from '../../src/presentation/chat-names.js';
import { disconnectEdge2 } from '../watch/helpers.js';
import { type Driver, domainResult, type Platform, startDriver } from './harness.js';

const drivers = {} as Record<Platform, Driver>;
const incidents = {} as Record<Platform, { id: string; messageTs: string; channelId: string }>;

beforeAll(async () => {
  [drivers.slack, drivers.teams] = await Promise.all([
    startDriver('slack', { withAlerts: true }),
    startDriver('teams', { withAlerts: true }),
  ]);
  for (const platform of ['slack', 'teams'] as const) {
    const d = drivers[platform];
    disconnectEdge2(d.sandbox);
    const message = await d.incidentMessage();
    const [open] = await d.h.bot.services.watch.store.openIncidents();
    if (!open) throw new Error(`no open incident on ${platform}`);
    incidents[platform] = { id: open.id, ...message };
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(drivers).map((d) => d?.close()));
});

/** One press on one platform: the incident as it is after it, and the cards answered in its thread. */
async function pressOn(platform: Platform, actionId: string): Promise<Record<string, unknown>> {
  const d = drivers[platform];
  const incident = incidents[platform];
  const since = Date.now();
  await d.press(incident, actionId, incident.id, 'operator');
  const after = await d.h.bot.services.watch.store.incident(incident.id);
  return {
    status: after?.status,
    acknowledged: after?.acknowledged !== undefined,
    timeline: after?.timeline.map((e) => e.kind),
    answers: (await d.deliveredSince(since)).filter((c) => c.status !== 'pending').map(domainResult),
  };
}

describe('the incident buttons give the same domain result in Slack and in Teams', () => {
  it.each([INCIDENT_ACK_ACTION, INCIDENT_STATUS_ACTION, INCIDENT_DOCTOR_ACTION])(
    '%s',
    async (actionId) => {
      const [slack, teams] = await Promise.all([pressOn('slack', actionId), pressOn('teams', actionId)]);
      expect(teams).toEqual(slack);
      if (actionId === INCIDENT_ACK_ACTION) expect(slack.acknowledged).toBe(true);
      else expect((slack.answers as unknown[]).length).toBeGreaterThan(0);
    },
    60_000,
  );
});
