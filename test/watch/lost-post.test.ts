/**
 * The one at-least-once window of the alerts: a run that dies after Slack accepted a new message but before its id
 * reached Redis. The next run finds the message by the key it carries as message metadata, so the incident's first
 * message and each thread reply are in the channel once; a platform that cannot be asked (Teams) posts again.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type Incident, moveIncident, openIncident } from '../../src/byoc/watch/incident.js';
import type { ChannelPoster } from '../../src/chat/channel-poster.js';
import type { ReplyTarget } from '../../src/chat/invocation.js';
import { SlackChannelPoster } from '../../src/chat/slack/slack-channel-poster.js';
import { silentLogger } from '../../src/log.js';
import { FakeSlack } from '../../src/sandbox/slack/fake-slack.js';
import { IncidentAnnouncer } from '../../src/watch/incident-announcer.js';
import { WatchStore } from '../../src/watch/watch-store.js';
import { slackClient } from '../auth/helpers.js';
import { deleteKeys } from '../foundation/harness.js';
import { REDIS_URL } from '../redis-url.js';
import { useStarted } from '../support/use-started.js';

const CHANNEL = 'C0ALERTS';
const prefix = `test-lost-post-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const slack = useStarted(
  () => FakeSlack.start({ token: 'xoxb-test-token' }),
  (s) => s.close(),
);

afterAll(async () => {
  await deleteKeys(REDIS_URL, prefix);
  await redis.quit();
});

/** The process "dies" right after the platform answered: the next save throws, once. */
class DiesAfterPosting extends WatchStore {
  dieOn: 'message' | 'reply' | undefined;

  override async saveMessage(id: string, target: ReplyTarget): Promise<void> {
    if (this.dieOn === 'message') {
      this.dieOn = undefined;
      throw new Error('killed after posting, before recording');
    }
    await super.saveMessage(id, target);
  }

  override async saveIncident(incident: Incident): Promise<void> {
    if (this.dieOn === 'reply' && incident.timeline.some((e) => e.posted && e.kind !== 'opened')) {
      this.dieOn = undefined;
      throw new Error('killed after replying, before recording');
    }
    await super.saveIncident(incident);
  }
}

const trunk = (severity: 'degraded' | 'down') => ({
  subject: `trunk:${randomUUID()}`,
  label: 'Trunk "Twilio"',
  trunkName: 'Twilio',
  severity,
  findings: [],
});

function setup(poster: ChannelPoster) {
  const store = new DiesAfterPosting(redis, `${prefix}:${randomUUID()}`);
  const announcer = new IncidentAnnouncer({ store, poster, channel: CHANNEL, now: Date.now, log: silentLogger() });
  return { store, announcer };
}

/** Messages the bot has in the channel for this incident: its first message, and the replies in its thread. */
function inChannel(label: string) {
  const all = [...slack.messages.values()].filter((m) => m.channel === CHANNEL);
  const roots = all.filter((m) => !m.threadTs && String(m.text).includes(label));
  return { roots, replies: all.filter((m) => roots.some((r) => m.threadTs === r.ts)) };
}

describe('an alert posted by a run that died before recording it', () => {
  it('is found by its key: one incident message and one reply, though the run was repeated', async () => {
    const { store, announcer } = setup(new SlackChannelPoster(slackClient(slack.apiUrl)));
    const health = { ...trunk('degraded'), label: `Trunk ${randomUUID().slice(0, 8)}` };
    const incident = openIncident(`inc-${randomUUID()}`, health, new Date().toISOString());
    await store.saveIncident(incident);

    store.dieOn = 'message';
    await expect(announcer.announce(incident.id)).rejects.toThrow('killed after posting');
    expect(inChannel(health.label).roots).toHaveLength(1);
    await announcer.announce(incident.id);
    const first = inChannel(health.label);
    expect(first.roots).toHaveLength(1);
    expect((await store.message(incident.id)) as { ts?: string }).toMatchObject({ ts: first.roots[0]!.ts });
    expect(first.replies).toHaveLength(1);

    // A worse state: its thread reply is posted, and the run dies before marking it posted.
    const worse = moveIncident(
      (await store.incident(incident.id))!,
      { ...health, severity: 'down' },
      new Date().toISOString(),
    );
    await store.saveIncident(worse);
    store.dieOn = 'reply';
    await expect(announcer.announce(incident.id)).rejects.toThrow('killed after replying');
    await announcer.announce(incident.id);
    expect(inChannel(health.label).replies).toHaveLength(2);
    expect((await store.incident(incident.id))?.timeline.every((e) => e.posted)).toBe(true);
    expect(await store.postingSince(`incident/${incident.id}`)).toBeUndefined();
  });

  it('is posted again where the platform cannot be asked for it (as on Teams): at least once', async () => {
    const slackPoster = new SlackChannelPoster(slackClient(slack.apiUrl));
    const cannotAsk: ChannelPoster = {
      post: (c, card, key) => slackPoster.post(c, card, key),
      update: (m, card) => slackPoster.update(m, card),
      reply: (m, card, key) => slackPoster.reply(m, card, key),
      target: (c) => slackPoster.target(c),
    };
    const { store, announcer } = setup(cannotAsk);
    const health = { ...trunk('down'), label: `Trunk ${randomUUID().slice(0, 8)}` };
    const incident = openIncident(`inc-${randomUUID()}`, health, new Date().toISOString());
    await store.saveIncident(incident);
    store.dieOn = 'message';
    await expect(announcer.announce(incident.id)).rejects.toThrow('killed after posting');
    await announcer.announce(incident.id);
    expect(inChannel(health.label).roots).toHaveLength(2);
  });
});
