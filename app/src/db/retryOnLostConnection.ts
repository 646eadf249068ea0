import type { Connection } from 'mariadb';
import { classifyDbError, type DbFailure } from '../../../lib/db/errors';
import type { RequestConnections } from './connectionPerRequest';
import { RequestDeadlines, type DbDeadlines } from './deadlines';
import { dropWithoutKill } from './dropWithoutKill';
import type { ConnectionStrategy } from './strategy';

export interface RequestDbObserver {
  /** A read (or a keyed write) was retried on a fresh connection after this kind of failure. */
  retried(kind: string): void;
}

/**
 * The lab's request connections, for connectionPerRequest: one RequestConnection per request, from
 * the strategy, within the request's deadlines (deadlines.ts).
 */
export function requestConnections(
  strategy: ConnectionStrategy,
  observer: RequestDbObserver,
  deadlines: DbDeadlines | undefined,
): RequestConnections<RequestConnection> {
  return {
    async open() {
      const db = new RequestConnection(strategy, observer, deadlines);
      await db.open();
      return db;
    },
    close: (db) => db.close(),
  };
}

/**
 * What the lab adds to the tutorial's connection: a read survives a connection that dies before or
 * during its query, by running once more on a fresh connection; so does a keyed write that met a lost
 * connection or a read-only (demoted) server. Writes are never retried blindly.
 * Every wait is bounded by the request's deadlines (deadlines.ts).
 */
export class RequestConnection {
  private conn: Connection | undefined;
  private broken = false;
  private readonly deadlines: RequestDeadlines;
  /** How many times this request had to retry; the lab counts such requests as "retried". */
  retries = 0;

  constructor(
    private readonly strategy: ConnectionStrategy,
    private readonly observer: RequestDbObserver,
    deadlines?: DbDeadlines,
  ) {
    this.deadlines = new RequestDeadlines(deadlines);
  }

  async open(): Promise<void> {
    this.conn = await this.acquiring(() => this.strategy.acquire());
  }

  /**
   * Runs a read. If the connection dies under it, the read runs once more on a fresh connection.
   * `serverMs`: how long the statement asks the server to work (SLEEP), added to its deadline.
   */
  async read<T>(sql: string, values?: unknown[], { serverMs = 0 } = {}): Promise<T> {
    return this.withOneRetry(() => this.bounded((conn) => conn.query<T>(sql, values), serverMs));
  }

  /**
   * Runs a write. Writes are never retried blindly: only a caller that made the write
   * idempotent (an Idempotency-Key) may ask for the same single retry as a read.
   */
  async write<T>(work: (conn: Connection) => Promise<T>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const { strategy } = this;
    // The wait for a turn on a shared session is part of the call, inside its deadline.
    const attempt = () =>
      this.bounded(
        (conn) => (strategy.oneWriteAtATime ? strategy.oneWriteAtATime(() => work(conn)) : work(conn)),
        0,
        dropWithoutKill,
      );
    return idempotent ? this.withOneRetry(attempt) : this.failing(attempt);
  }

  /** The server's version string, as it greeted this connection. */
  serverVersion(): string {
    return this.connection().serverVersion();
  }

  /** Gives the connection back; a broken one is destroyed. Safe to call twice. */
  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    if (conn) await this.strategy.release(conn, this.broken);
  }

  get threadId(): number | null {
    return this.conn?.threadId ?? null;
  }

  private connection(): Connection {
    if (!this.conn) throw new Error('the request connection is not open');
    return this.conn;
  }

  /**
   * One database call on the open connection, within its deadline; past it the connection is destroyed.
   * A read's: the connector rejects the call and, once the server can be reached, KILLs its thread, so
   * the server does not keep it either. A write's too, except during its COMMIT (dropWithoutKill.ts).
   */
  private bounded<T>(
    call: (conn: Connection) => Promise<T>,
    serverMs = 0,
    destroy: (conn: Connection) => void = (conn) => conn.destroy(),
  ): Promise<T> {
    const conn = this.connection();
    return this.deadlines.bounded(
      conn,
      call,
      () => {
        // Never reused, never back in a pool.
        this.broken = true;
        destroy(conn);
      },
      serverMs,
    );
  }

  /** Getting a connection, within what is left of the budget; one that arrives late is destroyed. */
  private acquiring(acquire: () => Promise<Connection>): Promise<Connection> {
    return this.deadlines.acquiring(acquire, (late) => void this.strategy.release(late, true));
  }

  private async failing<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  private async withOneRetry<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      const failure = this.noteFailure(err);
      if (!failure.readRetryable || !this.strategy.acquireFresh || this.retries > 0) throw err;
      this.retries++;
      this.observer.retried(failure.kind);
      if (failure.connectionBroken) await this.replace();
      return this.failing(attempt);
    }
  }

  /** A broken connection is never reused; a read-only server tells the strategy that the primary changed. */
  private noteFailure(err: unknown): DbFailure {
    const failure = classifyDbError(err);
    if (failure.connectionBroken) this.broken = true;
    if (failure.kind === 'read-only') this.strategy.serverChanged?.();
    return failure;
  }

  /** Swaps the dead connection for a new one (never an idle one: it may have died in the same sweep). */
  private async replace(): Promise<void> {
    await this.close();
    this.broken = false;
    const { strategy } = this;
    if (strategy.acquireFresh) this.conn = await this.acquiring(() => strategy.acquireFresh!());
  }
}
