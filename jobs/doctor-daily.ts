/**
 * The scheduled doctor (DOCTOR_SCHEDULE): runs every rule on a fresh snapshot, compares with the previous run kept
 * in Redis, and answers DOCTOR_CHANNEL with only the difference (and the changes since the previous run that touch
 * each new problem), or one quiet line.
 *
 * Runs once per tick however many replicas there are: BullMQ's job scheduler makes one job per tick, and its card
 * is delivered once (the outbox is keyed by the job id). A retried job reuses the card its first attempt made, so
 * it does not compare against the record that attempt already moved forward.
 */
import { z } from 'zod';
import { doctorContext, runDoctor } from '../src/byoc/doctor/index.js';
import { type DoctorRunRecord, diffDoctorRuns, recordOf } from '../src/byoc/doctor-diff.js';
import { buildTimeline } from '../src/byoc/timeline/index.js';
import type { Card } from '../src/cards/card.js';
import { doctorDiffCard } from '../src/presentation/doctor-diff-card.js';
import { defineJob } from '../src/queue/job-definition.js';
import { botIdentity, gatherChanges } from '../src/timeline/gather-changes.js';

const RUN_KEEP_SECONDS = 2 * 86_400;
const DAY_MS = 86_400_000;
const MARGIN_MS = 60_000;

export default defineJob({
  name: 'doctor-daily',
  payload: z.object({}).passthrough(),
  uses: ['snapshots', 'vendors', 'orgConfig', 'audit', 'redis', 'config', 'now'],
  async process({ services, jobId }) {
    const { redis, config } = services;
    const runKey = `${config.queuePrefix}:doctor-daily:run:${jobId}`;
    const done = await redis.get(runKey);
    if (done) return JSON.parse(done) as Card;

    const snapshot = await services.snapshots.get({ fresh: true });
    const lastKey = `${config.queuePrefix}:doctor-daily:last:${snapshot.orgKey}`;
    const report = runDoctor(snapshot, doctorContext(services.orgConfig));
    const current = recordOf(report.takenAt, report.findings);
    const previousJson = await redis.get(lastKey);
    const previous = previousJson ? (JSON.parse(previousJson) as DoctorRunRecord) : undefined;

    const until = services.now();
    // Changes since the previous run (a day, on a first run), read only when something got worse. A minute more:
    // vendors date records to the second, and a change just before the previous snapshot may not have shown yet.
    const since = previous ? Date.parse(previous.takenAt) - MARGIN_MS : until - DAY_MS;
    let diff = diffDoctorRuns(previous, current, []);
    if (diff.worse.length > 0) {
      const records = await gatherChanges(services.vendors, { since, until, botAudit: services.audit });
      const timeline = buildTimeline({ snapshot, ...records, self: botIdentity(config), since, until });
      diff = diffDoctorRuns(previous, current, timeline.entries);
    }
    const card = doctorDiffCard(diff);
    await redis
      .multi()
      .set(runKey, JSON.stringify(card), 'EX', RUN_KEEP_SECONDS)
      .set(lastKey, JSON.stringify(current))
      .exec();
    return card;
  },
});
