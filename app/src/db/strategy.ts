import type { Connection } from 'mariadb';
import type { StrategyName } from '../../../lib/settings/strategies';
import type { Config } from '../config';

/** What the observability layer wants to hear about connections, whatever the strategy. */
export interface ConnectionHooks {
  opened(threadId: number | null): void;
  closed(threadId: number | null): void;
  destroyed(threadId: number | null, reason: string): void;
}

/** A pool's connections: open, idle, busy, and requests waiting for one. */
export interface PoolStats {
  size: number;
  total: number;
  idle: number;
  active: number;
  waiting: number;
}

/**
 * How the app gets "a connection for this request". Routes never know which strategy gave it:
 * changing strategy is a config value. Adding one is a file of its own, its name in STRATEGIES
 * (lib/settings/strategies.ts, then npm run make-lists for the Makefile) and its line in createStrategy.ts.
 */
export interface ConnectionStrategy {
  readonly name: StrategyName;
  /** Called once before the server listens. */
  start(): Promise<void>;
  acquire(): Promise<Connection>;
  /**
   * A new connection, never one that sat idle: used for the one retry after a connection was
   * lost, because the idle ones were likely killed in the same sweep. Absent for naive, which
   * never replaces its connection.
   */
  acquireFresh?(): Promise<Connection>;
  /** naive only: its shared connection runs one write at a time (oneWriteAtATime.ts). */
  oneWriteAtATime?<T>(write: () => Promise<T>): Promise<T>;
  /**
   * A write met a read-only server (a demoted or failed-over primary): the connections opened before it
   * point at the old server, where every write fails and reads are stale. Only the pool keeps any.
   */
  serverChanged?(): void;
  /** Hands the connection back when the route is done, before the response is sent; a broken one is destroyed. */
  release(conn: Connection, broken: boolean): Promise<void>;
  /** Closes every connection; used by graceful shutdown. */
  close(): Promise<void>;
  /** Only strategies that keep a pool have one to show. */
  poolStats?(): PoolStats;
}

export type StrategyFactory = (config: Config, hooks: ConnectionHooks) => ConnectionStrategy;
