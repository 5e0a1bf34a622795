/** `/byoc approvals`: pending approvals of this org, soonest expiry first. */
import { z } from 'zod';
import { actorName } from '../src/approvals/approval.js';
import { type CardText, cardTime } from '../src/cards/card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'approvals',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: z.object({}),
  uses: ['approvals', 'snapshots', 'now'],
  async process({ services }) {
    const now = services.now();
    const pending = (await services.approvals.listPending(services.snapshots.orgKey)).filter(
      (a) => Date.parse(a.expiresAt) > now,
    );
    if (pending.length === 0) {
      return { title: 'Pending approvals', status: 'info', summary: 'No change is waiting for an approver.' };
    }
    return {
      title: 'Pending approvals',
      status: 'pending',
      summary: `${pending.length} change${pending.length === 1 ? ' is' : 's are'} waiting for an approver; approve or reject on each card.`,
      sections: [
        {
          items: pending.map(
            (a): CardText => [
              `${a.plan.title}: asked by ${actorName(a.requester)}${a.reason ? ` (${a.reason})` : ''}, expires `,
              cardTime(a.expiresAt),
              ` · ${a.id}`,
            ],
          ),
        },
      ],
    };
  },
});
