import type { Pool, PoolConnection } from 'mariadb';

/**
 * What the lab adds to the connector's pool for a demoted primary: the connector's borrow check is a
 * ping, which a read-only server answers, so its connections would stay in the pool, failing every
 * write and serving stale reads. As SQLAlchemy does on a disconnect, one read-only error invalidates
 * the whole pool: every connection opened before it is destroyed at its next borrow or release, and
 * the idle ones are borrowed at once to drop them (docs/design.md says why this and not a role check).
 */
export class ServerChange {
  private changedAt = -Infinity;
  private sweeping = false;

  /** A write met a read-only server now. */
  mark(): void {
    this.changedAt = Date.now();
  }

  /** Whether a connection born at `bornAt` (epoch ms) predates the last change: it points at the old server. */
  predates(bornAt: number | undefined): boolean {
    return bornAt !== undefined && bornAt <= this.changedAt;
  }

  /**
   * Borrows each connection idle now, once, and destroys the old ones through `retire`; gives the others
   * back at the end (so none is borrowed twice). Best effort: the borrow check catches what it misses.
   */
  async dropIdle(pool: Pool, old: (conn: PoolConnection) => boolean, retire: (conn: PoolConnection) => void) {
    if (this.sweeping) return;
    this.sweeping = true;
    const kept: PoolConnection[] = [];
    try {
      for (let left = pool.idleConnections(); left > 0 && pool.idleConnections() > 0; left--) {
        const conn = await pool.getConnection();
        if (old(conn)) retire(conn);
        else kept.push(conn);
      }
    } catch {
      // the pool is closing or busy: the next borrows check what is left
    } finally {
      this.sweeping = false;
      for (const conn of kept) conn.release().catch(() => retire(conn));
    }
  }
}
