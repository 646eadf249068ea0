/**
 * A tiny Docker Engine API client over the unix socket, with node:http and nothing else:
 * the chaos image needs no docker CLI and no dependency to stop, start or restart the db container.
 */
import { request } from 'node:http';
import { sleep } from '../sleep';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
const REQUEST_TIMEOUT_MS = 60_000; // a stop waits up to its grace period for the server to shut down
/** A pause the cgroup freezer did not settle is asked again, this often, this long apart. */
const PAUSE_TRIES = 5;
const PAUSE_RETRY_MS = 300;

export interface ContainerSummary {
  readonly id: string;
  /** Without the leading slash: "simplerr-lab-db-1". */
  readonly name: string;
  /** "running", "exited", "restarting", ... */
  readonly state: string;
  /** The image it was created from, as compose named it: "mysql:9.7", "simplerr-lab/mariadb:11.8-local". */
  readonly image: string;
}

export class DockerEngineError extends Error {
  constructor(
    readonly status: number,
    action: string,
    detail: string,
  ) {
    super(`Docker Engine refused to ${action}: HTTP ${status}${detail ? ` ${detail}` : ''}`);
    this.name = 'DockerEngineError';
  }
}

/** The query string selecting containers by labels, as GET /containers/json expects it. */
export function labelFilterQuery(labels: Readonly<Record<string, string>>): string {
  const label = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return `all=true&filters=${encodeURIComponent(JSON.stringify({ label }))}`;
}

/** The labels docker compose puts on a service's containers. */
export function composeServiceLabels(project: string, service: string): Record<string, string> {
  return { 'com.docker.compose.project': project, 'com.docker.compose.service': service };
}

interface EngineResponse {
  status: number;
  body: string;
  /** The bytes as they came (log streams are framed in binary). */
  raw: Buffer;
}

export class DockerEngine {
  constructor(readonly socketPath: string = DEFAULT_DOCKER_SOCKET) {}

  request(method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown): Promise<EngineResponse> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers =
      body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    return new Promise((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method, path, headers, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: raw.toString('utf8'), raw });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`Docker Engine did not answer ${method} ${path} within ${REQUEST_TIMEOUT_MS} ms`)),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // ENOENT: the socket is not mounted; EACCES: this user may not use it (see the compose file).
        reject(
          err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'ECONNREFUSED'
            ? new Error(
                `cannot use the Docker Engine socket ${this.socketPath} (${err.code}): is it mounted, and may this user use it?`,
              )
            : err,
        );
      });
      req.end(body);
    });
  }

  async findContainers(labels: Readonly<Record<string, string>>): Promise<ContainerSummary[]> {
    const { status, body } = await this.request('GET', `/containers/json?${labelFilterQuery(labels)}`);
    if (status !== 200) throw new DockerEngineError(status, 'list containers', engineMessage(body));
    const containers = JSON.parse(body) as { Id: string; Names?: string[]; State?: string; Image?: string }[];
    return containers.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      state: c.State ?? 'unknown',
      image: c.Image ?? '',
    }));
  }

  /** Stops the container, giving the server graceSeconds to shut down cleanly. 304: it was stopped already. */
  stop(id: string, graceSeconds: number): Promise<void> {
    return this.containerAction(id, `stop?t=${graceSeconds}`, 'stop');
  }

  /** 304: it was running already. */
  start(id: string): Promise<void> {
    return this.containerAction(id, 'start', 'start');
  }

  restart(id: string, graceSeconds: number): Promise<void> {
    return this.containerAction(id, `restart?t=${graceSeconds}`, 'restart');
  }

  /** SIGKILL, without warning: a crash as the server sees it (no shutdown, no flush). */
  kill(id: string): Promise<void> {
    return this.containerAction(id, 'kill', 'kill');
  }

  /** The name of the volume mounted at `destination` in the container, if one is. */
  async volumeAt(id: string, destination: string): Promise<string | undefined> {
    const { status, body } = await this.request('GET', `/containers/${encodeURIComponent(id)}/json`);
    if (status !== 200)
      throw new DockerEngineError(status, `inspect container ${id.slice(0, 12)}`, engineMessage(body));
    const mounts = (JSON.parse(body) as { Mounts?: { Type?: string; Name?: string; Destination?: string }[] }).Mounts;
    return mounts?.find((mount) => mount.Type === 'volume' && mount.Destination === destination)?.Name;
  }

  /** "running", "paused", "exited", ...; undefined when there is no such container. */
  async stateOf(id: string): Promise<string | undefined> {
    const { status, body } = await this.request('GET', `/containers/${encodeURIComponent(id)}/json`);
    if (status === 404) return undefined;
    if (status !== 200)
      throw new DockerEngineError(status, `inspect container ${id.slice(0, 12)}`, engineMessage(body));
    return (JSON.parse(body) as { State?: { Status?: string } }).State?.Status;
  }

  /**
   * Freezes every process of the container (the cgroup freezer): its sockets stay open, nothing answers.
   * runc gives up when the freezer does not settle in time, on a busy machine ("unable to freeze",
   * moby/moby#48205); the container then runs on as before, and a moment later the pause takes.
   */
  async pause(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.containerAction(id, 'pause', 'pause');
      } catch (err) {
        if (attempt >= PAUSE_TRIES || !(err instanceof DockerEngineError && /unable to freeze/.test(err.message)))
          throw err;
        await sleep(PAUSE_RETRY_MS);
      }
    }
  }

  unpause(id: string): Promise<void> {
    return this.containerAction(id, 'unpause', 'unpause');
  }

  /** Creates a container from an Engine API spec (POST /containers/create) and returns its id. */
  async create(spec: Readonly<Record<string, unknown>>): Promise<string> {
    const { status, body } = await this.request('POST', '/containers/create', spec);
    if (status !== 201) throw new DockerEngineError(status, 'create a container', engineMessage(body));
    return (JSON.parse(body) as { Id: string }).Id;
  }

  /** Waits until the container exits and returns its exit code. */
  async wait(id: string): Promise<number> {
    const { status, body } = await this.request('POST', `/containers/${encodeURIComponent(id)}/wait`);
    if (status !== 200)
      throw new DockerEngineError(status, `wait for container ${id.slice(0, 12)}`, engineMessage(body));
    return (JSON.parse(body) as { StatusCode: number }).StatusCode;
  }

  /** What the container printed, stdout and stderr together (for a container without a TTY). */
  async logs(id: string): Promise<string> {
    const { status, body, raw } = await this.request(
      'GET',
      `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1`,
    );
    if (status !== 200) throw new DockerEngineError(status, `read the logs of ${id.slice(0, 12)}`, engineMessage(body));
    return demultiplexLogs(raw);
  }

  /** Removes the container, running or not. 404: gone already. */
  async remove(id: string): Promise<void> {
    const { status, body } = await this.request('DELETE', `/containers/${encodeURIComponent(id)}?force=true`);
    if (status !== 204 && status !== 404)
      throw new DockerEngineError(status, `remove container ${id.slice(0, 12)}`, engineMessage(body));
  }

  private async containerAction(id: string, action: string, verb: string): Promise<void> {
    const { status, body } = await this.request('POST', `/containers/${encodeURIComponent(id)}/${action}`);
    if (status !== 204 && status !== 304)
      throw new DockerEngineError(status, `${verb} container ${id.slice(0, 12)}`, engineMessage(body));
  }
}

/**
 * Without a TTY the Engine frames each chunk of output: 1 byte stream, 3 zero bytes, a 4-byte
 * big-endian length, then the bytes.
 */
export function demultiplexLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length;) {
    const length = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The Engine's error bodies are {"message": "..."}. */
function engineMessage(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: string }).message ?? '');
  } catch {
    return body.slice(0, 200);
  }
}
