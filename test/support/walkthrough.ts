import { runShellCommand } from '../../lib/shellCommand';
import { waitFor } from '../../lib/waitFor';

/**
 * A `$` command of the docs' ```console blocks, as the walkthrough tests run it: what its real output
 * must show, which the doc's sample output must show too (test/e2e/readme.test.ts checks both).
 */
export interface Step {
  readonly command: string;
  /** What the real output must show; the README's sample output for the command must show it too. */
  readonly shows: readonly RegExp[];
  /** `make up POOL_SIZE=lots` is meant to fail. */
  readonly fails?: boolean;
  /** A state the lab reaches within seconds (the chaos's next round): run it again until it shows. */
  readonly retry?: 'until-shown' | 'with-previous-until-shown';
  /** It follows a log and never ends by itself: stop it once it shows. */
  readonly follows?: boolean;
  readonly timeoutMs?: number;
  /** Settings for this command only (on top of the lab's). */
  readonly env?: NodeJS.ProcessEnv;
}

export const CHAOS_RUNS = (mode: string) => new RegExp(`chaos \\(${mode}\\) is running`);
export const CHAOS_STOPPED = (summary: string) => [
  new RegExp(`chaos stopped: mode ${summary}`),
  /chaos exited with code 0/,
];
// The banner names the server that answered /readyz, and the image it runs.
export const LAB_UP = (strategy: string) => [
  new RegExp(`The lab is up: strategy ${strategy}, database (MySQL|MariaDB) \\d+\\.\\d+\\.\\d+ \\(image \\S+\\)\\.`),
];
export const MAKE_UP = { timeoutMs: 300_000 };

/** Whether the output shows the pattern (`$` may end the last line: the trailing newline is not content). */
export const shows = (output: string, pattern: RegExp) => pattern.test(output.trimEnd());
export const showsAll = (output: string, step: Step) => step.shows.every((pattern) => shows(output, pattern));

export interface StepLab {
  readonly env: NodeJS.ProcessEnv;
  /** The command as typed in the doc, made to reach this lab (its port, its containers' names). */
  readonly rewrite: (command: string) => string;
}

/** Runs one step in the lab; throws when it does not end as the step says. Returns its output. */
export async function runStep(step: Step, previous: Step | undefined, lab: StepLab): Promise<string> {
  const timeoutMs = step.timeoutMs ?? 30_000;
  const once = async (command: string, stopWhen?: (output: string) => boolean) => {
    const result = await runShellCommand(lab.rewrite(command), {
      env: { ...lab.env, ...step.env },
      timeoutMs,
      stopWhen,
    });
    if (result.timedOut) throw new Error(`\`${command}\` did not finish within ${timeoutMs} ms:\n${result.output}`);
    return result;
  };
  if (step.follows) return (await once(step.command, (output) => showsAll(output, step))).output;
  if (step.retry) {
    let last = '';
    try {
      return await waitFor(
        `\`${step.command}\` to show ${step.shows.join(', ')}`,
        async () => {
          if (step.retry === 'with-previous-until-shown' && previous) await once(previous.command);
          last = (await once(step.command)).output;
          return showsAll(last, step) && last;
        },
        { timeoutMs, intervalMs: 1000 },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlast output:\n${last}`, { cause: err });
    }
  }
  const { code, output } = await once(step.command);
  if ((code === 0) === Boolean(step.fails)) {
    throw new Error(`\`${step.command}\` exited with ${code}, expected ${step.fails ? 'a failure' : '0'}:\n${output}`);
  }
  return output;
}
