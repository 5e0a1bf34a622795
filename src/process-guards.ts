/**
 * A promise rejected with nobody listening must not take the process down with everything in flight: Node's
 * default (`--unhandled-rejections=throw`, https://nodejs.org/api/cli.html#--unhandled-rejectionsmode) exits 1.
 * It is logged instead (through the logger, so secrets are scrubbed), with a counter operators can alert on.
 * Uncaught exceptions keep Node's behaviour: the process state is unknown after one, and the supervisor restarts it.
 */
import type { Logger } from './log.js';
import { unhandledRejections } from './metrics.js';

export function guardUnhandledRejections(log: Logger, target: NodeJS.EventEmitter = process): () => void {
  const onRejection = (reason: unknown) => {
    unhandledRejections.inc();
    log.error({ err: reason }, 'unhandled promise rejection (logged; the process keeps running)');
  };
  target.on('unhandledRejection', onRejection);
  return () => target.off('unhandledRejection', onRejection);
}
