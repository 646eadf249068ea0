import type { RequestConnection } from './db/retryOnLostConnection';

/** What middleware leaves on ctx.state for the middleware and routes after it. */
export interface LabState {
  /** The request's id: in its X-Request-Id header and in every log line written on its behalf. */
  reqId: string;
  /** The request's connection, for routes behind connectionPerRequest (db/connectionPerRequest.ts). */
  db?: RequestConnection;
  /** Set on a request that asked for a connection, whether it got one or not: the lab's traffic chart counts it. */
  usedDatabase?: boolean;
}

/** The state of a route behind connectionPerRequest: its connection is open. */
export interface WithDb {
  db: RequestConnection;
}
