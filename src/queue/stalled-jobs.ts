/**
 * How soon a dead worker's job is taken over. BullMQ moves a job back to waiting when a stalled-job check finds its
 * lock gone, and a check only takes jobs it already saw active at the check before: so a job whose worker died is
 * taken over after at most `lockDuration + stalledInterval` (BullMQ guide, "Stalled Jobs",
 * https://docs.bullmq.io/guide/jobs/stalled). Each is half of WORKER_STALLED_SECONDS, so the takeover comes within
 * it. A live worker renews its lock every half `lockDuration` (BullMQ's `lockRenewTime` default), so a long job
 * keeps it.
 */
export function stalledJobOptions(stalledMs: number | undefined): { lockDuration?: number; stalledInterval?: number } {
  if (!stalledMs) return {};
  const half = Math.max(500, Math.round(stalledMs / 2));
  return { lockDuration: half, stalledInterval: half };
}
