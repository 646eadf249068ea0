import type { PoolConnection } from 'mariadb';

/**
 * What the lab adds to the connector's pool: a max lifetime (POOL_MAX_LIFETIME_S), which the connector
 * does not have. No connection is reused past it, so none lives long enough to meet the server's
 * wait_timeout. We remember when each connection was born, and retire old ones at checkout.
 */
export class MaxLifetime {
  private readonly bornAt = new Map<number, number>();

  constructor(
    private readonly maxLifetimeMs: number,
    /** An entry older than max lifetime + this belongs to a connection the pool already dropped. */
    private readonly idleTimeoutMs: number,
    /** Past this many entries, the dropped ones are forgotten. */
    private readonly forgetAbove: number,
  ) {}

  born(threadId: number | null): void {
    if (this.bornAt.size > this.forgetAbove) this.forgetDropped();
    if (threadId !== null) this.bornAt.set(threadId, Date.now());
  }

  tooOld(conn: PoolConnection): boolean {
    const born = this.birthOf(conn);
    return born !== undefined && Date.now() - born >= this.maxLifetimeMs;
  }

  /** When the connection was born (epoch ms), if it is remembered. */
  birthOf(conn: PoolConnection): number | undefined {
    return conn.threadId === null ? undefined : this.bornAt.get(conn.threadId);
  }

  forget(threadId: number | null): void {
    if (threadId !== null) this.bornAt.delete(threadId);
  }

  /** Every connection still remembered; forgets them all. */
  takeAll(): number[] {
    const threadIds = [...this.bornAt.keys()];
    this.bornAt.clear();
    return threadIds;
  }

  private forgetDropped(): void {
    const oldest = Date.now() - this.maxLifetimeMs - this.idleTimeoutMs;
    for (const [threadId, born] of this.bornAt) if (born < oldest) this.bornAt.delete(threadId);
  }
}
