/**
 * The lab's load generator, for the tests and the drill alike: a fixed number of clients, each sending
 * its next request when the last is answered (a closed loop), every request recorded with its answer and
 * its time. The drill's throughput ceilings use autocannon instead: there the generator's own cost per
 * request is what must stay small, and no single answer needs to be kept.
 */
import { performance } from 'node:perf_hooks';
import { sleep } from '../sleep';

/** One request: its answer's status (0: none came), why it failed, when it started and how long it took. */
export interface Outcome {
  /** What was asked: `/person/first`, `POST /person`, a statement. */
  readonly path: string;
  readonly status: number;
  /** The `error` of a JSON error body, or why no answer came. */
  readonly error?: string;
  /** Wall-clock start (Date.now()), to compare with when a fault began. */
  readonly startedAt: number;
  /** Measured with the monotonic clock, to the microsecond: a statement can take less than a millisecond. */
  readonly ms: number;
  /** The answer's X-Request-Id: the app's log lines written for this request carry it. */
  readonly reqId?: string;
}

/** What a client's request came back with; the load adds the timing. */
export type Answer = Pick<Outcome, 'path' | 'status' | 'error' | 'reqId'>;

export interface LoadOptions {
  readonly clients: number;
  /** Client i's next request. A thrown error counts as no answer (status 0). */
  readonly ask: (client: number) => Promise<Answer>;
  /** A client's pause after each answer: while every answer is a fast 503, clients would otherwise spin. */
  readonly pauseMs?: number;
  /** A client stops after an outcome for which this is true (a load balancer taking a stopping app out). */
  readonly stopAfter?: (outcome: Outcome) => boolean;
  /** After stop(), client i carries on while this is true (a write it must see acknowledged). */
  readonly owes?: (client: number) => boolean;
}

export interface Load {
  /** Every outcome so far, as it comes. */
  readonly outcomes: Outcome[];
  /**
   * Resolves once the requests in flight have answered and, unless told not to (a strategy that will never
   * answer again), every client owes nothing.
   */
  stop(options?: { readonly finishOwed?: boolean }): Promise<Outcome[]>;
}

export function startLoad({ clients, ask, pauseMs = 0, stopAfter, owes }: LoadOptions): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let finishOwed = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    while (running || (finishOwed && owes?.(client))) {
      const startedAt = Date.now();
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await ask(client);
      } catch (err) {
        answer = { path: '', status: 0, error: (err as Error).message };
      }
      const outcome: Outcome = { ...answer, startedAt, ms: Math.round((performance.now() - sent) * 1000) / 1000 };
      outcomes.push(outcome);
      if (stopAfter?.(outcome)) break;
      if (pauseMs > 0) await sleep(pauseMs);
    }
  });
  return {
    outcomes,
    async stop(options) {
      finishOwed = options?.finishOwed ?? true;
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/** Runs a load for a number of seconds, then stops it. */
export async function loadFor(seconds: number, options: LoadOptions): Promise<Outcome[]> {
  const load = startLoad(options);
  await sleep(seconds * 1000);
  return load.stop();
}

/** "GET /person/first → 503 connection-lost": how many of each, for a readable failure message. */
export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `${o.path} → ${o.status}${o.error ? ` ${o.error}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
