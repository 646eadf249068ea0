/** The steps of a failover, each printed with how long it took: the learner sees where the seconds go. */
import type { Print } from '../announce';

export type Step = <T>(what: string, action: () => Promise<T>) => Promise<T>;

export function stepPrinter(mode: string, print: Print, now: () => number = Date.now): Step {
  return async (what, action) => {
    const started = now();
    const result = await action();
    print(`${mode}: ${what} (${now() - started} ms)`);
    return result;
  };
}
