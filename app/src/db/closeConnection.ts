import type { Connection } from 'mariadb';
import type { ConnectionHooks } from './strategy';

/**
 * Closes a connection politely (COM_QUIT); if that fails, or the connection is already
 * broken, destroys the socket instead — so a failed close can never leak a connection.
 */
export async function closeConnection(conn: Connection, broken: boolean, hooks: ConnectionHooks): Promise<void> {
  const threadId = conn.threadId;
  if (broken || !conn.isValid()) {
    conn.destroy();
    hooks.destroyed(threadId, broken ? 'broken' : 'invalid');
    return;
  }
  try {
    await conn.end();
    hooks.closed(threadId);
  } catch {
    conn.destroy();
    hooks.destroyed(threadId, 'close-failed');
  }
}
