import { setTimeout as delay } from 'node:timers/promises';

/** Waits ms, or less when the signal aborts (a stop request). Resolves true when it waited the whole time. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch (err) {
    if (signal?.aborted) return false;
    throw err;
  }
}

/** Thrown by waits that a stop request cut short; the run loop treats it as "stopping", not as a failure. */
export class StopRequested extends Error {
  constructor() {
    super('stop requested');
    this.name = 'StopRequested';
  }
}

export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new StopRequested();
}
