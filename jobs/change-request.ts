/**
 * The request job of every change: a fresh snapshot, the plan (or why there is none), and an approval card.
 * Commands `trunk enable|disable`, `did assign|unassign` and the doctor's remediation buttons enqueue it.
 */
import { z } from 'zod';
import type { PlanResult } from '../src/byoc/changes/change-plan.js';
import { planDidAssign, planDidUnassign } from '../src/byoc/changes/did-assign.js';
import { planRemediation } from '../src/byoc/changes/remediation-plan.js';
import { planTrunkInService } from '../src/byoc/changes/trunk-in-service.js';
import { doctorContext, findRemediation, runDoctor } from '../src/byoc/doctor/index.js';
import type { Card } from '../src/cards/card.js';
import { resolveDidTarget } from '../src/changes/did-target.js';
import { CHANGE_REQUEST_JOB } from '../src/changes/job-names.js';
import { type ChangeRequest, requestChange } from '../src/changes/request-change.js';
import { SLASH_COMMAND } from '../src/presentation/chat-names.js';
import { defineJob, type JobContext } from '../src/queue/job-definition.js';
import type { Services } from '../src/services.js';

/** Why the change is asked for: the commands that ask for one take it with this schema too. */
export const changeReason = z.string().max(500, 'keep the reason under 500 characters').optional();
const reason = changeReason;

export const changeRequestPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trunk'), trunk: z.string().min(1), enable: z.boolean(), reason }),
  z.object({
    kind: z.literal('did.assign'),
    number: z.string().min(1),
    user: z.string().optional(),
    ivr: z.string().optional(),
    reason,
  }),
  z.object({ kind: z.literal('did.unassign'), number: z.string().min(1), reason }),
  z.object({ kind: z.literal('remediation'), value: z.string().min(1).max(100), reason }),
]);

export type ChangeRequestPayload = z.infer<typeof changeRequestPayload>;

const USES = ['snapshots', 'vendors', 'people', 'orgConfig', 'approvals', 'audit', 'queue', 'now'] as const;
type Ctx = JobContext<ChangeRequestPayload, Pick<Services, (typeof USES)[number]>>;

export default defineJob({
  name: CHANGE_REQUEST_JOB,
  payload: changeRequestPayload,
  uses: USES,
  async process(ctx) {
    const request = await plan(ctx);
    return 'title' in request ? request : requestChange(request, ctx);
  },
});

async function plan(ctx: Ctx): Promise<ChangeRequest | Card> {
  const { payload, services } = ctx;
  // A change is planned on what the vendors say now, not on a cached view.
  const snapshot = await services.snapshots.get({ fresh: true });
  const why = payload.reason?.trim() ?? '';
  switch (payload.kind) {
    case 'trunk': {
      const verb = payload.enable ? 'enable' : 'disable';
      return {
        result: planTrunkInService(snapshot, payload.trunk, payload.enable),
        reason: why,
        examples: [`trunk ${verb} Twilio --reason "maintenance window"`],
      };
    }
    case 'did.assign': {
      const examples = [
        'did assign +33123456790 @alice --reason "new hire"',
        'did assign +33123456790 alice@example.com',
        'did assign +33123456790 --ivr "Paris Main IVR"',
      ];
      const genesys = services.vendors.genesys;
      if (!('client' in genesys)) {
        return {
          result: unavailable(`Genesys Cloud is not configured: ${genesys.notConfigured}`),
          reason: why,
          examples,
        };
      }
      const target = await resolveDidTarget(payload, {
        platform: ctx.invocation.platform,
        people: services.people,
        genesys: genesys.client,
        where: ctx.invocation.reply,
      });
      const result: PlanResult = target.ok
        ? planDidAssign(snapshot, payload.number, target.target)
        : { ok: false, error: target.error };
      // A person named by a mention or @handle that could not be resolved: the examples do not offer that form again.
      const refusedMention = !target.ok && /^[<@]/.test(payload.user ?? '');
      return { result, reason: why, examples: refusedMention ? examples.filter((e) => !e.includes(' @')) : examples };
    }
    case 'did.unassign':
      return {
        result: planDidUnassign(snapshot, payload.number),
        reason: why,
        examples: ['did unassign +33123456790 --reason "left the company"'],
      };
    case 'remediation': {
      // The button carries only `<rule>|<index>`: the doctor runs again on the fresh snapshot and names the change.
      const report = runDoctor(snapshot, doctorContext(services.orgConfig));
      const finding = findRemediation(report, payload.value);
      if (!finding?.remediation) {
        return {
          title: 'Nothing to fix any more',
          status: 'ok',
          summary: `The doctor, run again just now, no longer offers this fix: the problem is gone or has changed. Run \`${SLASH_COMMAND} doctor\` for the current state.`,
        };
      }
      return {
        result: planRemediation(snapshot, finding.remediation),
        // Said in words: what the doctor found, not the rule's title (which states the expected state).
        reason: why || `Fix for what the doctor found: ${finding.message}`.slice(0, 500),
        examples: ['doctor'],
      };
    }
  }
}

function unavailable(message: string): PlanResult {
  return { ok: false, error: { code: 'vendor.unavailable', vendor: 'genesys', message } };
}
