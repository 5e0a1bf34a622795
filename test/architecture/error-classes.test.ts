/**
 * One error type: under src/, commands/ and jobs/ no class extends `Error` but `CodedError`, and the one subclass of
 * `CodedError` is the vendor error. Reads the files on disk, so a new error class fails here without anyone
 * remembering to look; the second half feeds the same check classes that break the rule, to show it fails.
 */
import { describe, expect, it } from 'vitest';
import { CODED_ERROR_FILE, classesIn, errorClassProblems } from './error-classes.js';
import { productionSources } from './project-files.js';

describe('one error type in the project', () => {
  const files = productionSources();

  it('no class extends Error but CodedError, and only the listed classes extend CodedError', () => {
    expect(Object.keys(files).length).toBeGreaterThan(100);
    expect(errorClassProblems(files)).toEqual([]);
    expect(classesIn(CODED_ERROR_FILE, files[CODED_ERROR_FILE] ?? '')).toContainEqual({
      name: 'CodedError',
      base: 'Error',
    });
  });
});

describe('the error-class check fails when the rule is broken', () => {
  it('sees an Error subclass, a class expression, a built-in or library error, an unlisted CodedError, and a subclass of any of them', () => {
    const problems = errorClassProblems({
      'src/a.ts': 'export class RedisTimeoutError extends Error {\n  constructor() { super("x"); }\n}',
      'src/b.ts': 'export const Timeout = class extends RangeError {};',
      'src/c.ts': "import * as bullmq from 'bullmq';\nexport class Stop extends bullmq.UnrecoverableError {}",
      'src/d.ts': 'export class Refusal extends CodedError<{ id: string }> {}',
      'src/e.ts': 'class Outer { make() { return class Inner extends Error {}; } }',
      'src/f.ts': 'export abstract class Refused extends Error {}\nexport class NotPending extends Refused {}',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^src\/a\.ts: class RedisTimeoutError extends Error;/),
      expect.stringMatching(/^src\/b\.ts: class \(anonymous\) extends RangeError;/),
      expect.stringMatching(/^src\/c\.ts: class Stop extends bullmq\.UnrecoverableError;/),
      expect.stringMatching(/^src\/d\.ts: class Refusal extends CodedError;/),
      expect.stringMatching(/^src\/e\.ts: class Inner extends Error;/),
      expect.stringMatching(/^src\/f\.ts: class Refused extends Error;/),
      expect.stringMatching(/^src\/f\.ts: class NotPending extends Refused;/),
    ]);
  });

  it('CodedError in its own file, the listed subclass and classes that are no errors pass; a gone listed one fails', () => {
    expect(
      errorClassProblems({
        [CODED_ERROR_FILE]: 'export class CodedError<Details = unknown> extends Error {}',
        'src/vendors/vendor-error.ts': 'export class VendorError extends CodedError {}',
        'src/f.ts': 'export class Registry extends Map<string, number> {}\nexport class Plain {}',
      }),
    ).toEqual([]);
    expect(errorClassProblems({ 'src/g.ts': 'export class CodedError extends Error {}' })).toEqual([
      expect.stringMatching(/^src\/g\.ts: class CodedError extends Error;/),
    ]);
    expect(errorClassProblems({ 'src/vendors/vendor-error.ts': 'export class VendorError extends Error {}' })).toEqual([
      expect.stringMatching(/class VendorError extends Error;/),
      'src/vendors/vendor-error.ts: VendorError is listed but not found',
    ]);
  });
});
