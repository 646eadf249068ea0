import { planDrill } from './phases';
import { createProgress, formatDuration, phaseLine, tickLine } from './progress';

const steps = planDrill({
  strategies: ['per-request', 'pool'],
  durationSeconds: 10,
  stormClients: 0,
  warmupSeconds: 0,
  sweepPoolSizes: [],
  waitMs: 0,
  profileStrategies: [],
  instrumentationStrategy: undefined,
  composedUrl: undefined,
});

it('formatDuration writes seconds, and minutes past one', () => {
  expect([formatDuration(9.2), formatDuration(60), formatDuration(95), formatDuration(-1)]).toEqual([
    '9 s',
    '1 min 00 s',
    '1 min 35 s',
    '0 s',
  ]);
});

it('phaseLine numbers the phase and says how long it and the rest of the drill take', () => {
  expect(phaseLine(steps, 0)).toBe('[1/7] HTTP ceiling: GET /livez: 10 s (drill: 1 min 10 s left)');
  expect(phaseLine(steps, 6)).toBe('[7/7] pool, with kill-idle chaos: 10 s (drill: 10 s left)');
});

it('tickLine counts down the phase and the drill', () => {
  expect(tickLine(steps, 5, 3.5)).toBe('      pool, no chaos: 7 s left (drill: 17 s left)');
});

describe('createProgress', () => {
  it('writes plain lines when the output is not a terminal', () => {
    const written: string[] = [];
    const progress = createProgress(steps, { write: (text: string) => written.push(text), isTTY: false });
    progress.phase(0);
    progress.note('chaos: lost its connection');
    progress.finish();
    expect(written).toEqual([`${phaseLine(steps, 0)}\n`, '      chaos: lost its connection\n']);
  });

  it('on a terminal, adds a line that ticks in place and is wiped before the next line', () => {
    const written: string[] = [];
    const progress = createProgress(steps, { write: (text: string) => written.push(text), isTTY: true }, () => 0);
    progress.phase(1);
    progress.phase(2);
    progress.finish();
    expect(written).toEqual([
      `${phaseLine(steps, 1)}\n`,
      `\r\x1b[K${tickLine(steps, 1, 0)}`,
      '\r\x1b[K',
      `${phaseLine(steps, 2)}\n`,
      `\r\x1b[K${tickLine(steps, 2, 0)}`,
      '\r\x1b[K',
    ]);
  });
});
