#!/usr/bin/env node
// The `byoc` command (`npx byoc …`). byoc-bot has no build step: tsx, a runtime dependency, runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// A subcommand that forgot to close a connection must not keep the shell waiting; an unref'd timer only fires then.
setTimeout(() => process.exit(), 2000).unref();
