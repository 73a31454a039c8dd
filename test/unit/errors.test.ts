import { describe, expect, it } from 'vitest';
import { ExitCode, RemoteError, UsageError, formatError } from '../../src/lib/errors.js';

describe('formatError', () => {
  it('prints one line of error and one line of hint, no stack without --debug', () => {
    const f = formatError(new UsageError('unknown box "r9"', 'see `secubox box list`'));
    expect(f.exitCode).toBe(ExitCode.USAGE);
    expect(f.text).toBe('secubox: unknown box "r9"\nhint: see `secubox box list`\n');
  });
  it('adds the stack with --debug', () => {
    const f = formatError(new RemoteError('boom'), true);
    expect(f.text).toMatch(/at /);
    expect(f.exitCode).toBe(1);
  });
  it('never prints a stack for an unexpected error without --debug', () => {
    const f = formatError(new TypeError('x is undefined\nmore'));
    expect(f.text).not.toMatch(/\n\s+at /);
    expect(f.text.split('\n')[0]).toBe('secubox: unexpected error: x is undefined');
  });
});
