/**
 * DOCTOR_SCHEDULE -> a BullMQ job scheduler that enqueues the `doctor-daily` job on that cron pattern (UTC), its
 * card addressed to DOCTOR_CHANNEL. Every replica calls this at start: upserting the same scheduler id is one
 * scheduler in Redis, which makes one job per tick (docs.bullmq.io, "Job Schedulers"). Unset, the scheduler is
 * removed, so turning the variable off turns the posts off.
 */
import type { Invocation } from '../chat/invocation.js';
import type { Config } from '../config.js';
import type { CommandQueue } from '../queue/command-queue.js';
import { BACKOFF_TYPE } from '../queue/retry-policy.js';

export const DOCTOR_SCHEDULER_ID = 'doctor-daily';

export function scheduledInvocation(channel: string): Invocation {
  return {
    platform: 'slack',
    userId: 'system',
    userName: 'byoc-bot schedule',
    channelId: channel,
    text: 'doctor (scheduled)',
    requestId: DOCTOR_SCHEDULER_ID,
    // No message to replace: the card is posted as a new message in the channel.
    reply: { platform: 'slack', channel, userId: '' },
  };
}

export async function applyDoctorSchedule(queue: CommandQueue, config: Pick<Config, 'doctorSchedule' | 'jobAttempts'>) {
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
      data: { invocation: scheduledInvocation(schedule.channel), payload: {} },
      opts: {
        attempts: config.jobAttempts,
        backoff: { type: BACKOFF_TYPE, delay: 1000 },
        removeOnComplete: { age: 7 * 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    },
  );
}
