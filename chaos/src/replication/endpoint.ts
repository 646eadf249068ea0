/**
 * The primary's endpoint (HAProxy, db-endpoint/haproxy.cfg) through its runtime API: a TCP socket on the
 * lab's network that takes one command line and answers, then closes. Moving the endpoint puts the new
 * server in service and the old one in maintenance: new connections go to the new server, connections
 * already open stay where they are (no `shutdown sessions`), as behind a real proxy or a DNS name.
 */
import { connect } from 'node:net';

const BACKEND = 'primary';
const COMMAND_TIMEOUT_MS = 3000;

export interface EndpointAddress {
  readonly host: string;
  readonly port: number;
}

/** "db-primary:9999" as written in CHAOS_ENDPOINT_ADMIN. */
export function parseEndpointAddress(text: string): EndpointAddress | undefined {
  const match = /^([a-z0-9.-]+):(\d{1,5})$/i.exec(text.trim());
  if (!match || Number(match[2]) > 65_535) return undefined;
  return { host: match[1], port: Number(match[2]) };
}

export function runtimeCommand({ host, port }: EndpointAddress, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(COMMAND_TIMEOUT_MS, () =>
      socket.destroy(
        new Error(`the endpoint's runtime API (${host}:${port}) did not answer within ${COMMAND_TIMEOUT_MS} ms`),
      ),
    );
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export interface EndpointServer {
  readonly name: string;
  /** In service: new connections go to it. */
  readonly enabled: boolean;
  /** Connections open through the endpoint to this server now. */
  readonly connections: number;
}

/** `show stat`'s CSV, the backend's servers only. */
export function parseServerStats(csv: string): EndpointServer[] {
  const [header, ...rows] = csv.split('\n').filter((line) => line.trim() !== '');
  const columns = header.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows
    .map((row) => row.split(','))
    .filter((cells) => cells[at('pxname')] === BACKEND && !['FRONTEND', 'BACKEND'].includes(cells[at('svname')]))
    .map((cells) => ({
      name: cells[at('svname')],
      enabled: !cells[at('status')].startsWith('MAINT'),
      connections: Number(cells[at('scur')]),
    }));
}

export async function readEndpoint(address: EndpointAddress): Promise<EndpointServer[]> {
  return parseServerStats(await runtimeCommand(address, 'show stat'));
}

/** The one server in service, or undefined when none or both are. */
export function endpointTarget(servers: readonly EndpointServer[]): string | undefined {
  const enabled = servers.filter((server) => server.enabled);
  return enabled.length === 1 ? enabled[0].name : undefined;
}

/**
 * `to` in service first, then every other server to maintenance. HAProxy runs the commands one at a time
 * while its other thread accepts connections: the other order left the backend without a server between
 * the two, and a connection arriving then was closed before the server's greeting (connects in a loop
 * during 381 moves: 53 of 7,591 closed; in this order, 0 of 6,883). For that instant both servers may
 * take a new connection: the callers made the old one read-only (failover) or it is dead (primary-crash).
 */
export async function moveEndpoint(address: EndpointAddress, to: string, servers: readonly string[]): Promise<void> {
  const commands = [
    `set server ${BACKEND}/${to} state ready`,
    ...servers.filter((name) => name !== to).map((name) => `set server ${BACKEND}/${name} state maint`),
  ];
  const answer = (await runtimeCommand(address, commands.join('; '))).trim();
  if (answer) throw new Error(`the endpoint refused to move to ${to}: ${answer}`);
}
