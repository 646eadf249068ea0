import type { Connection } from 'mariadb';
import type { Config, StrategyName } from '../config';
import type { Logger } from '../observability/logger';

/** What the observability layer wants to hear about connections, whatever the strategy. */
export interface ConnectionHooks {
  /** `log` is the request's logger when a request caused it, so the line carries its reqId. */
  opened(threadId: number | null, log?: Logger): void;
  closed(threadId: number | null, log?: Logger): void;
  destroyed(threadId: number | null, reason: string, log?: Logger): void;
}

export interface StrategyStats {
  /** Pool only: connections open, idle, and requests waiting for one. */
  pool?: { size: number; total: number; idle: number; active: number; waiting: number };
}

/**
 * How the app gets "a connection for this request". Routes never know which strategy
 * gave it: changing strategy is a config value, adding one is a new file.
 */
export interface ConnectionStrategy {
  readonly name: StrategyName;
  /** Called once before the server listens. */
  start(): Promise<void>;
  acquire(log?: Logger): Promise<Connection>;
  /**
   * A new connection, never one that sat idle: used for the one retry after a connection was
   * lost, because the idle ones were likely killed in the same sweep. Absent for naive, which
   * never replaces its connection.
   */
  acquireFresh?(log?: Logger): Promise<Connection>;
  /** Hands the connection back after the response. A broken one is destroyed, never reused. */
  release(conn: Connection, broken: boolean, log?: Logger): Promise<void>;
  stats(): StrategyStats;
  /** Closes every connection; used by graceful shutdown. */
  close(): Promise<void>;
}

export type StrategyFactory = (config: Config, hooks: ConnectionHooks) => ConnectionStrategy;
