/** `/byoc audit`: the audit stream, filtered, as a card. */
import { z } from 'zod';
import { auditCard } from '../src/presentation/audit-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'audit',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: z.object({
    last: z.number().int().min(1).max(500).optional(),
    trunk: z.string().optional(),
    number: z.string().optional(),
  }),
  uses: ['audit'],
  async process({ payload, services }) {
    const query = {
      ...(payload.last !== undefined ? { last: payload.last } : {}),
      ...(payload.trunk ? { trunk: payload.trunk } : {}),
      ...(payload.number ? { number: payload.number } : {}),
    };
    return auditCard(await services.audit.query(query), query);
  },
});
