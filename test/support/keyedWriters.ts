import { postJson } from './http';
import type { Outcome } from './load';
import { uniqueSurname } from './people';

export interface KeyUse {
  readonly key: string;
  /** Each key's person has a surname of its own, so its rows can be counted. */
  readonly surname: string;
  /** Requests sent with this key until one answered 201 (more than 1: an answer was lost or refused). */
  attempts: number;
  /** The id of every 201 with this key: one id, however often it was repeated. */
  readonly ids: number[];
}

/**
 * Clients that write as a careful client does: POST /person with an Idempotency-Key, and on anything
 * but a 201 (a 503, no answer) the same request with the same key again; a new key after a 201.
 */
export function startKeyedWriters(baseUrl: string, { writers = 4, timeoutMs = 5000, pauseMs = 20 } = {}) {
  const outcomes: Outcome[] = [];
  const keys: KeyUse[] = [];
  let running = true;
  const loops = Array.from({ length: writers }, async () => {
    let use: KeyUse | undefined;
    // After stop(), a key still unanswered is repeated until it succeeds: that is the promise to check.
    while (running || use) {
      if (!use) {
        const surname = uniqueSurname('keyed');
        use = { key: `key-${surname}`, surname, attempts: 0, ids: [] };
        keys.push(use);
      }
      use.attempts++;
      const startedAt = Date.now();
      let status = 0;
      let error: string | undefined;
      try {
        const res = await postJson(
          `${baseUrl}/person`,
          { firstname: 'Keyed', surname: use.surname },
          { 'Idempotency-Key': use.key },
          timeoutMs,
        );
        status = res.status;
        if (status === 201) use.ids.push(res.json().id as number);
        else error = (res.json() as { error?: string }).error;
      } catch (err) {
        error = (err as Error).message;
      }
      outcomes.push({ path: 'POST /person', status, error, startedAt, ms: Date.now() - startedAt });
      if (status === 201) use = undefined;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    /** Every answer so far, as it comes. */
    outcomes,
    /** Stops taking new keys; resolves once every key in use has had its 201. */
    async stop() {
      running = false;
      await Promise.all(loops);
      return { outcomes, keys };
    },
  };
}
