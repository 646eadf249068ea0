import type { Socket } from 'node:net';
import type { Connection } from 'mariadb';

/** Connections whose COMMIT is on its way: the one moment a deadline must not send a KILL. */
const committing = new WeakSet<Connection>();

/** COMMIT, marked as such while it runs (see dropWithoutKill). */
export async function commit(conn: Connection): Promise<void> {
  committing.add(conn);
  try {
    await conn.commit();
  } finally {
    committing.delete(conn);
  }
}

/**
 * Ends a write's connection at its deadline. Before the COMMIT, as for a read: the connector's destroy()
 * KILLs the thread, so a statement waiting for a lock gives it up at once (without the KILL it would wait
 * out innodb_lock_wait_timeout, holding its own locks, and the key's repeat would queue behind it). During
 * the COMMIT, the socket is closed without the KILL: a KILL that lands while the COMMIT waits for a
 * semi-sync replica's acknowledgement ends the wait and commits on the primary alone (MySQL and MariaDB
 * alike), the key's repeat then finds the row and answers it as done, and a crash of the primary loses it.
 * A closed socket leaves the wait to the server: the replica acknowledges, or the semi-sync timeout ends it.
 */
export function dropWithoutKill(conn: Connection): void {
  // The connector (3.x) gives its socket only through its test hook; without it, destroy() as before.
  const socket = committing.has(conn)
    ? (conn as unknown as { __tests?: { getSocket(): Socket | undefined } }).__tests?.getSocket()
    : undefined;
  // With an error: the connector hears of it only so ('error'), rejects the call and counts the
  // connection closed, so the destroy() of its release sends no KILL either.
  if (socket) socket.destroy(new Error('dropped at its deadline during COMMIT, without KILL'));
  else conn.destroy();
}
