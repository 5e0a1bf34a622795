import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, scrubSecrets } from '../../src/log.js';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', secrets, destination: { write: (l: string) => lines.push(l) } });
  return { log, lines };
}

describe('secrets never reach a log line', () => {
  it('fields named like secrets are redacted wherever they sit', () => {
    const { log, lines } = capture();
    log.info(
      {
        token: 'tok-1',
        config: { slack: { signingSecret: 'sig-2', botToken: 'xoxb-3' } },
        headers: { authorization: 'Bearer abc', 'x-slack-signature': 'v0=deadbeef' },
        request: { headers: { Authorization: 'Bearer derived-oauth-token' } },
        twilio: { authToken: 'tw-4' },
      },
      'hello',
    );
    const line = lines.join('');
    for (const secret of ['tok-1', 'sig-2', 'xoxb-3', 'Bearer abc', 'v0=deadbeef', 'tw-4', 'derived-oauth-token'])
      expect(line).not.toContain(secret);
    expect(line).toContain(REDACTED);
    expect(line).toContain('hello');
  });

  it('a known secret value is scrubbed from messages, error messages and stacks', () => {
    const { log, lines } = capture(['s3cr3t-value']);
    log.error({ err: new Error('login failed with s3cr3t-value') }, 'calling https://x/?key=s3cr3t-value');
    const line = lines.join('');
    expect(line).not.toContain('s3cr3t-value');
    expect(line).toContain(`key=${REDACTED}`);
  });

  it('a secret with characters JSON escapes is scrubbed too', () => {
    const { log, lines } = capture(['quote"and\\slash']);
    log.info({ note: 'value is quote"and\\slash here' }, 'x');
    expect(lines.join('')).not.toContain('quote\\"and\\\\slash');
  });

  it('scrubSecrets leaves text without secrets alone', () => {
    expect(scrubSecrets('nothing to see', ['abc123'])).toBe('nothing to see');
    expect(scrubSecrets('abc123 and abc123', ['abc123'])).toBe(`${REDACTED} and ${REDACTED}`);
  });
});
