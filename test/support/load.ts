import { get } from './http';

export interface Outcome {
  readonly path: string;
  /** The HTTP status; 0 when no answer came (a network error, or no answer within the timeout). */
  readonly status: number;
  /** The `error` of a JSON error body, or why no answer came. */
  readonly error?: string;
  readonly startedAt: number;
  readonly ms: number;
}

function errorOf(text: string): string | undefined {
  try {
    return JSON.parse(text).error;
  } catch {
    return text.slice(0, 100);
  }
}

export interface LoadOptions {
  readonly workers: number;
  /** Worker i asks for paths[i % paths.length]. */
  readonly paths: readonly string[];
  /** A request without an answer by then counts as status 0. */
  readonly timeoutMs?: number;
  /** A client's pause between two requests: while every answer is a fast 503, clients would otherwise spin. */
  readonly pauseMs?: number;
  /** A client stops after an outcome for which this is true (a load balancer taking a stopping app out). */
  readonly stopAfter?: (outcome: Outcome) => boolean;
}

/**
 * Concurrent clients: `workers` loops asking again and again, each request with a deadline,
 * until stop(). Every outcome is recorded with its latency.
 */
export function startLoad(baseUrl: string, { workers, paths, timeoutMs = 5000, pauseMs = 0, stopAfter }: LoadOptions) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    const path = paths[worker % paths.length];
    while (running) {
      const startedAt = Date.now();
      let outcome: Outcome;
      try {
        const res = await get(`${baseUrl}${path}`, {}, timeoutMs);
        outcome = {
          path,
          status: res.status,
          error: res.status === 200 ? undefined : errorOf(res.text),
          startedAt,
          ms: Date.now() - startedAt,
        };
      } catch (err) {
        const { message, cause } = err as Error & { cause?: { code?: string } };
        outcome = {
          path,
          status: 0,
          error: cause?.code ? `${message} (${cause.code})` : message,
          startedAt,
          ms: Date.now() - startedAt,
        };
      }
      outcomes.push(outcome);
      if (stopAfter?.(outcome)) break;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    outcomes,
    /** Resolves once the requests in flight have answered. */
    async stop(): Promise<Outcome[]> {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
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
