/**
 * How soon a dead worker's job is taken over. BullMQ's stalled-job check (BullMQ guide, "Stalled Jobs",
 * https://docs.bullmq.io/guide/jobs/stalled) moves a job back to waiting when it finds the job's lock gone and the
 * job was already marked at a check since its worker last renewed the lock. All workers of a queue share the check:
 * a worker skips its turn while another's check of the last `stalledInterval` stands, so after a worker dies the
 * first check by a living one may come up to two intervals after the dead one's last. The job is marked at that check
 * at the latest and moved at the next check after its lock lapsed (`lockDuration` after its last renewal), so it is
 * taken over within `max(3 x stalledInterval, lockDuration + stalledInterval)` of the death. With the lock half of
 * WORKER_STALLED_SECONDS and the interval a quarter, that is three quarters of it: within it, checks' own time
 * included. A live worker renews its lock every half `lockDuration` (BullMQ's `lockRenewTime` default), so a long job
 * keeps it, and a pause of its event loop shorter than a quarter of WORKER_STALLED_SECONDS loses nothing.
 */
export function stalledJobOptions(stalledMs: number | undefined): { lockDuration?: number; stalledInterval?: number } {
  if (!stalledMs) return {};
  return {
    lockDuration: Math.max(500, Math.round(stalledMs / 2)),
    stalledInterval: Math.max(250, Math.round(stalledMs / 4)),
  };
}
