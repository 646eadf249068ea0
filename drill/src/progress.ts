/**
 * Where the drill is and how long is left, on stderr (stdout keeps the results): one line per phase,
 * plus on a terminal a line that ticks every second. Piped into a file, only the plain lines.
 */
import { plannedSeconds, stepLabel, type Step } from './phases';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

export function phaseLine(steps: readonly Step[], index: number): string {
  const step = steps[index];
  const left = plannedSeconds(steps.slice(index));
  return `[${index + 1}/${steps.length}] ${stepLabel(step)}: ${formatDuration(step.seconds)} (drill: ${formatDuration(left)} left)`;
}

export function tickLine(steps: readonly Step[], index: number, elapsedSeconds: number): string {
  const inStep = Math.max(0, steps[index].seconds - elapsedSeconds);
  const left = inStep + plannedSeconds(steps.slice(index + 1));
  return `      ${stepLabel(steps[index])}: ${formatDuration(inStep)} left (drill: ${formatDuration(left)} left)`;
}

export interface Progress {
  phase(index: number): void;
  /** A line about something that happened (the chaos lost its connection...), between the phase lines. */
  note(line: string): void;
  finish(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function createProgress(
  steps: readonly Step[],
  stream: ProgressStream = process.stderr,
  now = Date.now,
): Progress {
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  const clearTick = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (ticking) stream.write('\r\x1b[K');
    ticking = false;
  };
  return {
    phase(index) {
      clearTick();
      stream.write(`${phaseLine(steps, index)}\n`);
      if (!stream.isTTY) return;
      const started = now();
      const tick = () => {
        stream.write(`\r\x1b[K${tickLine(steps, index, (now() - started) / 1000)}`);
        ticking = true;
      };
      tick();
      timer = setInterval(tick, 1000);
      timer.unref();
    },
    note(line) {
      // The ticking line (if any) is wiped, the note printed, and the next tick draws it again below.
      stream.write(`${ticking ? '\r\x1b[K' : ''}      ${line}\n`);
      ticking = false;
    },
    finish: clearTick,
  };
}
