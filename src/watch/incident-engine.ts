/**
 * From observations to incidents, with the hold time that keeps flapping quiet:
 *
 * 1. `observe` records each subject's state; when it differs from the last one it notes the time and asks for a
 *    check once the hold has passed (a delayed job, so it survives restarts and runs on whichever replica is up).
 * 2. `check` runs then: if the subject is still in the state it was in, the incident opens, moves (degraded ->
 *    down, other findings) or recovers; if the state moved on meanwhile the check is stale and does nothing.
 * 3. Every change of an incident asks for its message to be updated (`announce`), named by incident and revision
 *    so a repeated job changes nothing twice; an open incident nobody acknowledged asks for reminders.
 *
 * Every read-modify-write of a subject or an incident holds its lock (`WatchStore.withLock`).
 */
import { createHash } from 'node:crypto';
import { type SubjectHealth, signatureOf } from '../byoc/watch/health.js';
import {
  acknowledgeIncident,
  type Incident,
  moveIncident,
  openIncident,
  remindIncident,
} from '../byoc/watch/incident.js';
import type { Logger } from '../log.js';
import type { Track, WatchStore } from './watch-store.js';

export interface WatchScheduler {
  /** Run `check(subject, since)` in `delayMs`. */
  check(subject: string, since: string, delayMs: number): Promise<void>;
  /** Update the incident's message (and thread) to this revision. */
  announce(incidentId: string, revision: number): Promise<void>;
  /** Remind about the incident (the `n`th time) in `delayMs`. */
  remind(incidentId: string, n: number, delayMs: number): Promise<void>;
}

export interface IncidentEngineOptions {
  store: WatchStore;
  scheduler: WatchScheduler;
  holdMs: number;
  remindMs: number;
  now: () => number;
  log: Logger;
}

export type AcknowledgeResult =
  | { outcome: 'acknowledged'; incident: Incident }
  | { outcome: 'already'; incident: Incident }
  | { outcome: 'recovered'; incident: Incident }
  | { outcome: 'unknown' };

export class IncidentEngine {
  constructor(private readonly options: IncidentEngineOptions) {}

  /**
   * Records what was seen. `complete`: the observation covers every trunk, so a tracked trunk missing from it
   * (deleted) counts as healthy; Twilio's subject is only ever part of a Twilio observation.
   */
  async observe(healths: SubjectHealth[], opts: { complete?: boolean } = {}): Promise<void> {
    const { store } = this.options;
    const seen = new Set(healths.map((h) => h.subject));
    const gone: SubjectHealth[] = opts.complete
      ? (await store.tracks())
          .filter((t) => t.subject.startsWith('trunk:') && !seen.has(t.subject) && t.severity !== 'healthy')
          .map((t) => ({
            subject: t.subject,
            label: t.label,
            trunkName: t.trunkName,
            severity: 'healthy',
            findings: [],
          }))
      : [];
    for (const health of [...healths, ...gone]) await this.observeOne(health);
  }

  private async observeOne(health: SubjectHealth): Promise<void> {
    const { store, scheduler, holdMs, now } = this.options;
    const signature = signatureOf(health);
    const changed = await store.withLock(`subject:${health.subject}`, async () => {
      const prev = await store.track(health.subject);
      if (prev?.signature === signature) return undefined;
      // A first sighting of a healthy subject is no change worth a check.
      if (!prev && health.severity === 'healthy') {
        await store.saveTrack(trackOf(health, signature, new Date(now()).toISOString()));
        return undefined;
      }
      const track = trackOf(health, signature, new Date(now()).toISOString());
      await store.saveTrack(track);
      return track;
    });
    if (changed) await scheduler.check(changed.subject, changed.since, holdMs);
  }

  /** The hold has passed since `since`: act if the subject is still in that state. */
  async check(subject: string, since: string): Promise<void> {
    const { store, scheduler, now, log } = this.options;
    const at = new Date(now()).toISOString();
    const result = await store.withLock(`subject:${subject}`, async () => {
      const track = await store.track(subject);
      if (!track || track.since !== since) return undefined;
      const health: SubjectHealth = {
        subject,
        label: track.label,
        trunkName: track.trunkName,
        severity: track.severity,
        findings: track.findings,
      };
      const openId = await store.openIncidentId(subject);
      if (!openId) {
        if (track.severity === 'healthy') return undefined;
        const incident = openIncident(incidentIdFor(subject, since), health, at);
        await store.saveIncident(incident);
        return { incident, opened: true };
      }
      return store.withLock(`incident:${openId}`, async () => {
        const current = await store.incident(openId);
        if (current?.status !== 'open') return undefined;
        if (track.severity !== 'healthy' && signatureOf(current) === track.signature) return undefined;
        const next = moveIncident(current, health, at);
        await store.saveIncident(next);
        return { incident: next, opened: false };
      });
    });
    if (!result) return;
    const { incident, opened } = result;
    log.info(
      { incident: incident.id, subject, severity: incident.severity, status: incident.status },
      opened ? 'incident opened' : 'incident changed',
    );
    await scheduler.announce(incident.id, incident.revision);
    if (opened) await scheduler.remind(incident.id, 1, this.options.remindMs);
  }

  /** A reminder is due: re-announce an open incident nobody acknowledged, and plan the next one. */
  async remind(incidentId: string, n: number): Promise<void> {
    const { store, scheduler, now } = this.options;
    const reminded = await store.withLock(`incident:${incidentId}`, async () => {
      const incident = await store.incident(incidentId);
      if (incident?.status !== 'open' || incident.acknowledged) return undefined;
      // A repeated job for the same reminder adds nothing (one reminder entry per `n`).
      if (incident.timeline.filter((e) => e.kind === 'reminder').length >= n) return undefined;
      const next = remindIncident(incident, new Date(now()).toISOString());
      await store.saveIncident(next);
      return next;
    });
    if (!reminded) return;
    await scheduler.announce(reminded.id, reminded.revision);
    await scheduler.remind(reminded.id, n + 1, this.options.remindMs);
  }

  /** Records who acknowledged, once: later presses learn who did. */
  async acknowledge(incidentId: string, by: string): Promise<AcknowledgeResult> {
    const { store, scheduler, now } = this.options;
    const result = await store.withLock(`incident:${incidentId}`, async (): Promise<AcknowledgeResult> => {
      const incident = await store.incident(incidentId);
      if (!incident) return { outcome: 'unknown' };
      if (incident.acknowledged) return { outcome: 'already', incident };
      if (incident.status !== 'open') return { outcome: 'recovered', incident };
      const next = acknowledgeIncident(incident, by, new Date(now()).toISOString());
      await store.saveIncident(next);
      return { outcome: 'acknowledged', incident: next };
    });
    if (result.outcome === 'acknowledged') await scheduler.announce(result.incident.id, result.incident.revision);
    return result;
  }
}

function trackOf(health: SubjectHealth, signature: string, since: string): Track {
  return {
    subject: health.subject,
    label: health.label,
    trunkName: health.trunkName,
    severity: health.severity,
    signature,
    findings: health.findings,
    since,
  };
}

/** Derived from the state that opened it: a check job run twice opens one incident. */
export function incidentIdFor(subject: string, since: string): string {
  return `inc-${createHash('sha256').update(`${subject}@${since}`).digest('hex').slice(0, 12)}`;
}
