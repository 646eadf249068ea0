/** The db container as docker compose labels it, and how to know its server is back. */
import type { ContainerSummary } from '../../../lib/docker/dockerEngine';
import { composeServiceLabels } from '../../../lib/docker/dockerEngine';
import type { ModeContext } from './mode';

/** How long the server gets to shut down cleanly before Docker kills it (Docker's own default). */
export const STOP_GRACE_SECONDS = 10;

export async function findDbContainer({ docker, config }: ModeContext): Promise<ContainerSummary> {
  const labels = composeServiceLabels(config.composeProject, 'db');
  const found = await docker.findContainers(labels);
  if (found.length === 0) {
    throw new Error(
      `no container labelled ${Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')} ` + `(is the lab up, and COMPOSE_PROJECT_NAME right?)`,
    );
  }
  return found.find((c) => c.state === 'running') ?? found[0];
}

/**
 * Waits until our own connection works again (the session reconnects with backoff and prints
 * each attempt). Resolves with the seconds waited, or undefined when a stop cut it short.
 */
export async function waitUntilDatabaseAnswers(
  { session }: ModeContext,
  stop: AbortSignal,
): Promise<number | undefined> {
  const started = Date.now();
  while (!stop.aborted) {
    try {
      await session.use(stop, (conn) => conn.query('SELECT 1'));
      return (Date.now() - started) / 1000;
    } catch {
      // The connection broke right after opening (the server still starting): the session
      // has dropped it, and the next use reconnects with backoff.
    }
  }
  return undefined;
}
