import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { registry } from '../../src/metrics.js';
import { guardUnhandledRejections } from '../../src/process-guards.js';

describe('a promise rejected with nobody listening', () => {
  it('is logged (secrets scrubbed) and counted, and the process carries on', async () => {
    const lines: string[] = [];
    const log = createLogger({ secrets: ['s3cr3t-value'], destination: { write: (l: string) => lines.push(l) } });
    const processLike = new EventEmitter();
    const stop = guardUnhandledRejections(log, processLike);
    processLike.emit('unhandledRejection', new TypeError('Cannot read properties of null, token s3cr3t-value'));
    stop();
    expect(processLike.listenerCount('unhandledRejection')).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('unhandled promise rejection');
    expect(lines[0]).toContain('Cannot read properties of null');
    expect(lines[0]).not.toContain('s3cr3t-value');
    expect(await registry.getSingleMetricAsString('byoc_unhandled_rejections_total')).toMatch(/ 1$/m);
  });
});
