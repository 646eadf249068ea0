import { withoutStackTraces } from './pool';

describe('withoutStackTraces', () => {
  it('returns what the call returns, and errors made during it carry no stack frames', () => {
    const made = withoutStackTraces(() => new Error('no idle connection'));
    expect(made.message).toBe('no idle connection');
    expect(made.stack).toBe('Error: no idle connection');
    expect(new Error('after').stack).toMatch(/\n\s+at /); // captured again afterwards
  });

  it('puts the stack limit back when the call throws', () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      withoutStackTraces(() => {
        throw new Error('pool is closed');
      }),
    ).toThrow('pool is closed');
    expect(Error.stackTraceLimit).toBe(before);
  });
});
