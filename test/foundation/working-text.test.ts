import { describe, expect, it } from 'vitest';
import { WORKING_TEXT_COMMAND_CHARS, workingText } from '../../src/chat/dispatcher.js';

describe('the "working on it" note', () => {
  it('names the command, and says the answer comes even across a restart', () => {
    const text = workingText('status Twilio');
    expect(text).toContain('Working on `/byoc status Twilio`');
    expect(text).toContain('even if byoc-bot restarts');
  });

  it('repeats at most a short cut of a huge command (10 KB in is not 10 KB out)', () => {
    const text = workingText(`simulate ${'9'.repeat(10_000)}`);
    expect(text.length).toBeLessThan(WORKING_TEXT_COMMAND_CHARS + 120);
    expect(text).toContain('…`');
  });

  it('keeps backticks in the command from breaking its code span', () => {
    expect(workingText('echo `x`')).toContain("`/byoc echo 'x'`");
  });
});
