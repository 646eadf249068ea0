import { ask } from './http';
import { startLoad } from './load';

export interface KeyUse {
  readonly key: string;
  /** Each key's person has a surname of its own, so its rows can be counted. */
  readonly surname: string;
  /** Requests sent with this key until one answered 201 (more than 1: an answer was lost or refused). */
  attempts: number;
  /** The id of every 201 with this key: one id, however often it was repeated. */
  readonly ids: number[];
}

/** A surname no other run uses, so rows can be counted without deleting anything. */
export const uniqueSurname = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/**
 * Clients that write as a careful client does: POST /person with an Idempotency-Key, and on anything
 * but a 201 (a 503, no answer) the same request with the same key again; a new key after a 201.
 * After stop(), a key still unanswered is repeated until it succeeds: that is the promise to check.
 * Each key's surname starts with `surnames`, so a run's rows can be found.
 */
export function startKeyedWriters(
  baseUrl: string,
  { clients = 4, timeoutMs = 5000, pauseMs = 20, surnames = 'keyed' } = {},
) {
  const keys: KeyUse[] = [];
  const inUse: (KeyUse | undefined)[] = [];
  const load = startLoad({
    clients,
    pauseMs,
    owes: (client) => inUse[client] !== undefined,
    ask: async (client) => {
      let use = inUse[client];
      if (!use) {
        const surname = uniqueSurname(surnames);
        use = inUse[client] = { key: `key-${surname}`, surname, attempts: 0, ids: [] };
        keys.push(use);
      }
      use.attempts++;
      const { reply, ...answer } = await ask('POST /person', `${baseUrl}/person`, {
        method: 'POST',
        body: { firstname: 'Keyed', surname: use.surname },
        headers: { 'Idempotency-Key': use.key },
        timeoutMs,
      });
      if (answer.status === 201) {
        use.ids.push(reply?.json<{ id: number }>().id ?? NaN);
        inUse[client] = undefined;
      }
      return answer;
    },
  });
  return {
    outcomes: load.outcomes,
    keys,
    /** Stops taking new keys; resolves once every key in use has had its 201 (unless told not to wait). */
    async stop(options?: { readonly finishKeys?: boolean }) {
      const outcomes = await load.stop({ finishOwed: options?.finishKeys });
      return { outcomes, keys };
    },
  };
}
