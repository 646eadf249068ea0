/**
 * A tiny Docker Engine API client over the unix socket, with node:http and nothing else:
 * the chaos image needs no docker CLI and no dependency to stop, start or restart the db container.
 */
import { request } from 'node:http';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
const REQUEST_TIMEOUT_MS = 60_000; // a stop waits up to its grace period for the server to shut down

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
}

export class DockerEngine {
  constructor(readonly socketPath: string = DEFAULT_DOCKER_SOCKET) {}

  request(method: 'GET' | 'POST', path: string): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socketPath, method, path, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
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
      req.end();
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

  private async containerAction(id: string, action: string, verb: string): Promise<void> {
    const { status, body } = await this.request('POST', `/containers/${encodeURIComponent(id)}/${action}`);
    if (status !== 204 && status !== 304)
      throw new DockerEngineError(status, `${verb} container ${id.slice(0, 12)}`, engineMessage(body));
  }
}

/** The Engine's error bodies are {"message": "..."}. */
function engineMessage(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: string }).message ?? '');
  } catch {
    return body.slice(0, 200);
  }
}
