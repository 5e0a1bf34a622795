/** `/byoc doctor`: every rule of the setup checklist against both vendors, failures first, each with its fix. */
import { z } from 'zod';
import doctorJob from '../jobs/doctor.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'doctor',
  summary: 'Every step of the setup guide checked on Genesys Cloud and Twilio, with the fix for what is wrong',
  usage: 'doctor [--fresh]',
  examples: ['doctor', 'doctor --fresh'],
  role: 'viewer',
  args: z.object({
    /** Ignore the cached snapshot (the card's Run again button sets it, e.g. after fixing something by hand). */
    fresh: z.boolean().default(false),
  }),
  job: (args) => doctorJob.request({ fresh: args.fresh }),
});
