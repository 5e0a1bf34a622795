/** `/byoc help [command]`: what the bot can do, with an example each; or one command's usage. */
import { z } from 'zod';
import helpJob from '../jobs/help.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'help',
  summary: 'What byoc-bot can do, with an example of each command',
  usage: 'help [command]',
  examples: ['help', 'help simulate'],
  role: 'viewer',
  positionals: ['...topic'],
  args: z.object({ topic: z.array(z.string()).default([]) }),
  job: (args) => helpJob.request(args.topic.length > 0 ? { topic: args.topic.join(' ') } : {}),
});
