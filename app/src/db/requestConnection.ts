import type { Connection } from 'mariadb';
import { classifyDbError } from '../../../lib/db/errors';
import type { ConnectionStrategy } from './strategy';

export interface RequestDbObserver {
  /** A read (or a keyed write) was retried on a fresh connection after this kind of failure. */
  retried(kind: string): void;
}

/**
 * The connection of one request. It is opened before the route runs and closed after
 * the response; `read` survives a connection that dies before or during its query.
 */
export class RequestConnection {
  private conn: Connection | undefined;
  private broken = false;
  /** How many times this request had to retry; the lab counts such requests as "retried". */
  retries = 0;

  constructor(
    private readonly strategy: ConnectionStrategy,
    private readonly observer: RequestDbObserver,
  ) {}

  async open(): Promise<void> {
    this.conn = await this.strategy.acquire();
  }

  /** Runs a read. If the connection dies under it, the read runs once more on a fresh connection. */
  async read<T>(sql: string, values?: unknown[]): Promise<T> {
    return this.withOneRetry(() => this.connection().query<T>(sql, values));
  }

  /**
   * Runs a write. Writes are never retried blindly: only a caller that made the write
   * idempotent (an Idempotency-Key) may ask for the same single retry as a read.
   */
  async write<T>(work: (conn: Connection) => Promise<T>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const attempt = () => work(this.connection());
    return idempotent ? this.withOneRetry(attempt) : this.failing(attempt);
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
    this.conn = await this.strategy.acquireFresh?.();
  }
}
