/**
 * The two servers of TOPOLOGY=primary-replica and their endpoint, as the chaos program sees them: one
 * connection of the chaos user to each server by name (reconnecting by itself), and the endpoint's
 * runtime API. Which server is the primary is read from the servers themselves: the one that replicates
 * from nobody.
 */
import type { Connection } from 'mariadb';
import type { Print } from '../announce';
import type { ChaosDbSettings, PairSettings } from '../config';
import { ChaosDbSession } from '../dbSession';
import { describeError } from '../../../lib/db/errors';
import { withHiddenPassword } from '../../../lib/settings/envReaders';
import { endpointTarget, moveEndpoint, readEndpoint, type EndpointServer } from './endpoint';
import { readServerRole, type ServerRole } from './serverRole';

export interface PairState {
  /** Each server's role, or why it could not be read (a killed server). */
  readonly roles: ReadonlyMap<string, ServerRole | Error>;
  readonly endpoint: readonly EndpointServer[];
}

export class ReplicatedPair {
  private readonly sessions: Map<string, ChaosDbSession>;

  constructor(
    readonly settings: PairSettings,
    db: ChaosDbSettings,
    print: Print,
  ) {
    this.sessions = new Map(
      settings.servers.map((host) => [
        host,
        new ChaosDbSession(withHiddenPassword<ChaosDbSettings>({ ...db, host }, db.password), print),
      ]),
    );
  }

  get servers(): readonly [string, string] {
    return this.settings.servers;
  }

  other(server: string): string {
    return this.servers[0] === server ? this.servers[1] : this.servers[0];
  }

  /** Runs fn on our connection to the server, waiting for it (reconnecting) until signal. */
  use<T>(server: string, signal: AbortSignal, fn: (conn: Connection) => Promise<T>): Promise<T> {
    const session = this.sessions.get(server);
    if (!session) throw new RangeError(`not a server of the pair: ${server}`);
    return session.use(signal, fn);
  }

  role(server: string, signal: AbortSignal): Promise<ServerRole> {
    return this.use(server, signal, readServerRole);
  }

  /** Both roles and the endpoint; a server that does not answer within waitMs is an Error in roles. */
  async read(waitMs: number, stop: AbortSignal): Promise<PairState> {
    const signal = AbortSignal.any([stop, AbortSignal.timeout(waitMs)]);
    const roles = new Map<string, ServerRole | Error>();
    await Promise.all(
      this.servers.map(async (server) => {
        try {
          roles.set(server, await this.role(server, signal));
        } catch (err) {
          roles.set(server, new Error(`${server} does not answer (${describeError(err)})`));
        }
      }),
    );
    return { roles, endpoint: await readEndpoint(this.settings.endpointAdmin) };
  }

  endpointTarget(state: PairState): string | undefined {
    return endpointTarget(state.endpoint);
  }

  moveEndpoint(to: string): Promise<void> {
    return moveEndpoint(this.settings.endpointAdmin, to, this.servers);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.close()));
  }
}

/** The primary and its replica as the servers say: the primary replicates from nobody. */
export function rolesOf(state: PairState): { primary: string; replica: string } | undefined {
  const entries = [...state.roles.entries()];
  const primaries = entries.filter(([, role]) => !(role instanceof Error) && role.source === undefined);
  const replicas = entries.filter(([, role]) => !(role instanceof Error) && role.source !== undefined);
  if (primaries.length === 1 && replicas.length === 1) return { primary: primaries[0][0], replica: replicas[0][0] };
  return undefined;
}
