import type { ChaosMode } from './modes/mode';
import { runChaos } from './runChaos';

function fakeMode(
  round: (n: number, stop: AbortSignal) => Promise<void>,
  undo: () => Promise<boolean> = async () => true,
): ChaosMode & { undone: number } {
  let calls = 0;
  const mode = {
    name: 'kill-idle' as const,
    intro: 'kill-idle: intro',
    undone: 0,
    round: (stop: AbortSignal) => round(++calls, stop),
    undo: async () => {
      mode.undone += 1;
      return undo();
    },
    actions: () => `${calls} things done`,
  };
  return mode;
}

describe('runChaos', () => {
  it('runs rounds until stopped, undoes once, then prints the summary', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const mode = fakeMode(async (n) => {
      if (n === 3) stop.abort();
    });
    const result = await runChaos(mode, { intervalMs: 1, print: (l) => lines.push(l), stop: stop.signal });
    expect(result).toEqual({ rounds: 3, undone: true });
    expect(mode.undone).toBe(1);
    expect(lines[0]).toBe('kill-idle: intro');
    expect(lines[lines.length - 1]).toMatch(/^chaos stopped: mode kill-idle, 3 rounds, 3 things done in \d+s$/);
  });

  it('prints a failing round and goes on; the same failure again is not repeated at once', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const mode = fakeMode(async (n) => {
      if (n >= 4) stop.abort();
      else
        throw Object.assign(new Error('denied'), {
          errno: 1227,
          code: 'ER_SPECIFIC_ACCESS_DENIED_ERROR',
          sqlMessage: 'Access denied',
        });
    });
    await runChaos(mode, { intervalMs: 1, print: (l) => lines.push(l), stop: stop.signal });
    const failures = lines.filter((l) => l.includes('failed'));
    expect(failures).toEqual([
      'kill-idle: round 1 failed (1227 ER_SPECIFIC_ACCESS_DENIED_ERROR: Access denied); trying again in 0s',
    ]);
  });

  it('does not call a round cut short by the stop a failure', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const mode = fakeMode(async () => {
      stop.abort();
      throw new Error('connection closed while stopping');
    });
    await runChaos(mode, { intervalMs: 1, print: (l) => lines.push(l), stop: stop.signal });
    expect(lines.some((l) => l.includes('failed'))).toBe(false);
  });

  it('reports an undo that could not put things back', async () => {
    const stop = new AbortController();
    stop.abort();
    const lines: string[] = [];
    const throwing = fakeMode(
      async () => {},
      async () => {
        throw new Error('no route');
      },
    );
    expect(await runChaos(throwing, { intervalMs: 1, print: (l) => lines.push(l), stop: stop.signal })).toEqual({
      rounds: 0,
      undone: false,
    });
    expect(lines).toContain('kill-idle: undo failed (no route)');
  });
});
