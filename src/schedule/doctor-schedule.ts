/**
 * DOCTOR_SCHEDULE -> a BullMQ job scheduler that enqueues the `doctor-daily` job on that cron pattern (UTC), its
 * card addressed to DOCTOR_CHANNEL. Every replica calls this at start: upserting the same scheduler id is one
 * scheduler in Redis, which makes one job per tick (docs.bullmq.io, "Job Schedulers"). Unset, the scheduler is
 * removed, so turning the variable off turns the posts off.
 */
import type { ChannelPoster } from '../chat/channel-poster.js';
import type { Invocation } from '../chat/invocation.js';
import type { Config } from '../config.js';
import type { CommandQueue } from '../queue/command-queue.js';
import { BACKOFF_TYPE } from '../queue/retry-policy.js';

export const DOCTOR_SCHEDULER_ID = 'doctor-daily';

/**
 * Who "asks" for the scheduled doctor, and where its card goes: a new message in DOCTOR_CHANNEL, made by the
 * channel's poster (a Slack channel id, or `teams:<conversation id>`). Without a poster, a Slack channel.
 */
export function scheduledInvocation(channel: string, poster?: Pick<ChannelPoster, 'target'>): Invocation {
  const reply = poster ? poster.target(channel) : { platform: 'slack' as const, channel, userId: '' };
  return {
    platform: reply.platform,
    userId: 'system',
    userName: 'byoc-bot schedule',
    channelId: channel,
    text: 'doctor (scheduled)',
    requestId: DOCTOR_SCHEDULER_ID,
    // No message to replace: the card is posted as a new message in the channel.
    reply,
  };
}

export async function applyDoctorSchedule(
  queue: CommandQueue,
  config: Pick<Config, 'doctorSchedule' | 'jobAttempts'>,
  poster?: Pick<ChannelPoster, 'target'>,
) {
  const schedule = config.doctorSchedule;
  if (!schedule) {
    await queue.queue.removeJobScheduler(DOCTOR_SCHEDULER_ID);
    return;
  }
  await queue.queue.upsertJobScheduler(
    DOCTOR_SCHEDULER_ID,
    { pattern: schedule.pattern, tz: 'UTC' },
    {
      name: 'doctor-daily',
      data: { invocation: scheduledInvocation(schedule.channel, poster), payload: {} },
      opts: {
        attempts: config.jobAttempts,
        backoff: { type: BACKOFF_TYPE, delay: 1000 },
        removeOnComplete: { age: 7 * 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    },
  );
}
