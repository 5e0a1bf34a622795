/** The sandbox's errors are coded errors: a scenario that cannot be loaded, and a fake that gave up waiting. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/coded-error.js';
import { loadScenario, scenarioErrorOf } from '../../src/sandbox/scenario.js';
import { pollUntil } from '../../src/sandbox/wait-for.js';
import { thrown } from '../support/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'byoc-sandbox-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox errors', () => {
  it('a scenario with a mistake names the file, the path in it and what was expected', () => {
    const file = join(dir, 'typo.yml');
    writeFileSync(file, 'extends: default\nset:\n  genesys.rateLimitPerMinute: lots\n');
    const err = scenarioErrorOf(thrown(() => loadScenario(file)));
    expect(err).toMatchObject({ code: ERROR_CODES.scenario, retryable: false });
    expect(err?.details).toMatchObject({ file, path: 'genesys.rateLimitPerMinute' });
    expect(err?.message.startsWith(`${file}: at genesys.rateLimitPerMinute: `)).toBe(true);
  });

  it('a scenario name that is none lists the bundled ones, and is a scenario error too', () => {
    const err = scenarioErrorOf(thrown(() => loadScenario('brokn/omit-plus')));
    expect(err).toMatchObject({ code: ERROR_CODES.unknownScenario, retryable: false });
    expect(err?.message).toContain('There is no sandbox scenario "brokn/omit-plus". Did you mean "broken/omit-plus"?');
    expect(err?.details.expected).toBe('a bundled scenario name or a .yml file');
  });

  it('a fake that waited in vain says which fake, for how long and for what', async () => {
    await expect(pollUntil('Fake Slack', 'the card', () => undefined, 20)).rejects.toMatchObject({
      code: ERROR_CODES.sandboxWaitTimeout,
      message: 'Fake Slack: gave up after 20 ms waiting for the card',
      retryable: false,
    });
    await expect(pollUntil('Fake Slack', 'the card', () => 'found', 20)).resolves.toBe('found');
  });
});
