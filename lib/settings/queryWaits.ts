/**
 * Queries that wait on the server: GET /lab/slow-person?ms=N runs the first person's SELECT with
 * SLEEP(N ms). Up to ORDINARY_WAIT_MS that is an ordinary query (a page read from disk, a brief lock
 * wait) that any number of requests may run at once; longer, it is a slow demo the app rations.
 */
export const ORDINARY_WAIT_MS = 20;

/** The path of the first person, after its statement waited `ms` on the server. */
export const waitingPersonPath = (ms: number) => `/lab/slow-person?ms=${ms}`;
