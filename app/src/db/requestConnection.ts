import type { Connection } from 'mariadb';
import { classifyDbError, DatabaseTimeoutError } from '../../../lib/db/errors';
import { withinDeadline, type DbDeadlines } from './deadline';
import type { ConnectionStrategy } from './strategy';

export interface RequestDbObserver {
  /** A read (or a keyed write) was retried on a fresh connection after this kind of failure. */
  retried(kind: string): void;
}

/**
 * The connection of one request. It is opened before the route runs and closed when the
 * route is done (before Koa writes the response); `read` survives a connection that dies before
 * or during its query.
 * With deadlines, every wait is bounded: a call that does not answer in time destroys the
 * connection (it may be half-open) and fails as database-timeout, naming the setting.
 */
export class RequestConnection {
  private conn: Connection | undefined;
  private broken = false;
  private readonly startedAt = Date.now();
  /** How many times this request had to retry; the lab counts such requests as "retried". */
  retries = 0;

  constructor(
    private readonly strategy: ConnectionStrategy,
    private readonly observer: RequestDbObserver,
    private readonly deadlines?: DbDeadlines,
  ) {}

  async open(): Promise<void> {
    this.conn = await this.acquiring(() => this.strategy.acquire());
  }

  /** Runs a read. If the connection dies under it, the read runs once more on a fresh connection. */
  async read<T>(sql: string, values?: unknown[]): Promise<T> {
    return this.withOneRetry(() => this.bounded((conn) => conn.query<T>(sql, values)));
  }

  /**
   * Runs a write. Writes are never retried blindly: only a caller that made the write
   * idempotent (an Idempotency-Key) may ask for the same single retry as a read.
   */
  async write<T>(work: (conn: Connection) => Promise<T>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const { strategy } = this;
    // The wait for a turn on a shared session is part of the call, inside its deadline.
    const attempt = () =>
      this.bounded((conn) => (strategy.oneWriteAtATime ? strategy.oneWriteAtATime(() => work(conn)) : work(conn)));
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

  /** What is left of the request's budget, and the error that names whichever deadline is nearer. */
  private nextDeadline(
    deadlines: DbDeadlines,
    queryTimeoutMs: number,
  ): { ms: number; error: () => DatabaseTimeoutError } {
    const left = deadlines.budgetMs - (Date.now() - this.startedAt);
    if (left < queryTimeoutMs)
      return { ms: left, error: () => new DatabaseTimeoutError(deadlines.budgetSetting, deadlines.budgetMs) };
    return { ms: queryTimeoutMs, error: () => new DatabaseTimeoutError('DB_QUERY_TIMEOUT_MS', queryTimeoutMs) };
  }

  /** One database call on the open connection, within its deadline; past it the connection is destroyed. */
  private bounded<T>(call: (conn: Connection) => Promise<T>): Promise<T> {
    const conn = this.connection();
    if (!this.deadlines) return call(conn);
    const { ms, error } = this.nextDeadline(this.deadlines, this.deadlines.queryTimeoutMs);
    if (ms <= 0) return Promise.reject(error());
    return withinDeadline(call(conn), ms, error, () => {
      // Never reused, never back in a pool: the connector rejects the call and, once the server
      // can be reached, KILLs its thread, so the server does not keep it either.
      this.broken = true;
      conn.destroy();
    });
  }

  /** Getting a connection, within what is left of the budget; one that arrives late is destroyed. */
  private acquiring(acquire: () => Promise<Connection>): Promise<Connection> {
    if (!this.deadlines) return acquire();
    const { ms, error } = this.nextDeadline(this.deadlines, Infinity);
    if (ms <= 0) return Promise.reject(error());
    const pending = acquire();
    return withinDeadline(pending, ms, error, () => {
      pending.then(
        (late) => this.strategy.release(late, true),
        () => undefined,
      );
    });
  }

  private async failing<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      if (classifyDbError(err).connectionBroken) this.broken = true;
      throw err;
    }
  }

  private async withOneRetry<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      const failure = classifyDbError(err);
      if (failure.connectionBroken) this.broken = true;
      if (!failure.readRetryable || !this.strategy.acquireFresh || this.retries > 0) throw err;
      this.retries++;
      this.observer.retried(failure.kind);
      if (failure.connectionBroken) await this.replace();
      return this.failing(attempt);
    }
  }

  /** Swaps the dead connection for a new one (never an idle one: it may have died in the same sweep). */
  private async replace(): Promise<void> {
    await this.close();
    this.broken = false;
    const { strategy } = this;
    if (strategy.acquireFresh) this.conn = await this.acquiring(() => strategy.acquireFresh!());
  }
}
