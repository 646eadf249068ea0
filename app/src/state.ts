import type { RequestConnection } from './db/requestConnection';

/** What middleware leaves on ctx.state for the middleware and routes after it. */
export interface LabState {
  /** The request's id: in its X-Request-Id header and in every log line written on its behalf. */
  reqId: string;
  /** The request's connection, for routes behind withRequestConnection. */
  db?: RequestConnection;
}

/** The state of a route behind withRequestConnection: its connection is open. */
export interface WithDb {
  db: RequestConnection;
}
