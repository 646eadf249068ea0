import type { Socket } from 'node:net';
import type { Connection } from 'mariadb';

/**
 * Ends a connection whose write reached its deadline by closing its socket, without the KILL that the
 * connector's destroy() sends for a command in flight. A KILL that lands while the COMMIT waits for a
 * semi-sync replica's acknowledgement ends the wait and commits on the primary alone (MySQL and MariaDB
 * alike): the key's repeat then finds the row and answers it as done, though the replica never got it,
 * and a crash of the primary loses it. A closed socket leaves the wait to the server: the replica
 * acknowledges, the semi-sync timeout ends it, or the primary dies with the write unacknowledged.
 * A transaction not yet at its COMMIT is rolled back by the server when it sees the client gone.
 */
export function dropWithoutKill(conn: Connection): void {
  // The connector (3.x) gives its socket only through its test hook; without it, destroy() as before.
  const socket = (conn as unknown as { __tests?: { getSocket(): Socket | undefined } }).__tests?.getSocket();
  // With an error: the connector hears of it only so ('error'), rejects the call and counts the
  // connection closed, so the destroy() of its release sends no KILL either.
  if (socket) socket.destroy(new Error('dropped at its deadline, without KILL'));
  else conn.destroy();
}
