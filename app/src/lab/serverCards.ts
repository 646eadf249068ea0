import { classifyDbError } from '../../../lib/db/errors';
import type { ReplicaStatus } from '../../../lib/db/replicaStatus';
import type { ServerInfo } from '../../../lib/db/serverInfo';
import type { LiveConnection, ServerLook } from './serverLook';

/**
 * primary: the server behind the endpoint, where the app's new connections go. replica: it replicates
 * from another (running or not). detached: neither, for a moment of a failover (promoted, the endpoint
 * not moved yet) or after a crash. down: it did not answer the look in time.
 */
export type ServerRoleName = 'primary' | 'replica' | 'detached' | 'down';

/** One server of TOPOLOGY=primary-replica as the lab page shows it. */
export interface ServerCard {
  name: string;
  role: ServerRoleName;
  server: ServerInfo | null;
  readOnly: boolean | null;
  superReadOnly: boolean | null;
  /** null when it replicates from nobody, or is down. */
  replica: ReplicaStatus | null;
  /** The app's connections on it, the lab page's own looks left out; null when down. */
  appConnections: number | null;
  /** Why it is down: the error's kind (server-unreachable, database-timeout, ...). */
  error: string | null;
}

/** A look at a server, or why it failed. */
export type LookResult = ServerLook | Error;

const isLook = (result: LookResult): result is ServerLook => !(result instanceof Error);

/** The app's connections of `look`, without the connections of the page's other looks at the same server. */
export function appConnectionsOf(look: ServerLook, allLooks: readonly LookResult[]): LiveConnection[] {
  const ours = new Set(
    allLooks
      .filter(isLook)
      .filter((l) => l.serverId === look.serverId)
      .map((l) => l.lookId),
  );
  return look.connections.filter((c) => !ours.has(c.id));
}

/** Each named server's card; `endpoint` is the look through DB_HOST, which tells which server is behind it. */
export function toServerCards(
  looks: readonly { name: string; look: LookResult }[],
  endpoint: LookResult,
): ServerCard[] {
  const all = [endpoint, ...looks.map((l) => l.look)];
  return looks.map(({ name, look }): ServerCard => {
    if (!isLook(look)) {
      const down = { server: null, readOnly: null, superReadOnly: null, replica: null, appConnections: null };
      return { name, role: 'down', ...down, error: classifyDbError(look).kind };
    }
    const behindEndpoint = isLook(endpoint) && endpoint.serverId === look.serverId;
    return {
      name,
      role: behindEndpoint ? 'primary' : look.replica ? 'replica' : 'detached',
      server: look.server,
      readOnly: look.readOnly,
      superReadOnly: look.superReadOnly,
      replica: look.replica ?? null,
      appConnections: appConnectionsOf(look, all).length,
      error: null,
    };
  });
}
