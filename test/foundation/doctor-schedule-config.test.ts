/** DOCTOR_SCHEDULE and DOCTOR_CHANNEL, CHANGES_RECENT_MINUTES: checked once at start, with an example when wrong. */
import { describe, expect, it } from 'vitest';
import { configErrorOf, loadConfig } from '../../src/config.js';

const base = { SLACK_SIGNING_SECRET: 'sig-secret-123456', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

function problem(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    const invalid = configErrorOf(err);
    if (invalid) return invalid.message;
    throw err;
  }
  return '';
}

describe('the scheduled doctor and recent changes settings', () => {
  it('are off and 60 minutes by default', () => {
    const config = loadConfig(base);
    expect(config.doctorSchedule).toBeUndefined();
    expect(config.changesRecentMinutes).toBe(60);
  });

  it('take a cron pattern and the channel to post to', () => {
    const config = loadConfig({ ...base, DOCTOR_SCHEDULE: '30 6 * * 1-5', DOCTOR_CHANNEL: 'C0OPS' });
    expect(config.doctorSchedule).toEqual({ pattern: '30 6 * * 1-5', channel: 'C0OPS' });
  });

  it('refuse a pattern that is not cron, and a schedule with nowhere to post', () => {
    expect(problem({ DOCTOR_SCHEDULE: 'every morning', DOCTOR_CHANNEL: 'C0OPS' })).toContain(
      'DOCTOR_SCHEDULE: must be a cron expression',
    );
    expect(problem({ DOCTOR_SCHEDULE: '0 7 * * *' })).toContain('DOCTOR_CHANNEL: is needed with DOCTOR_SCHEDULE');
    expect(problem({ CHANGES_RECENT_MINUTES: '0' })).toContain('CHANGES_RECENT_MINUTES');
  });
});
