/**
 * Re-seeding a server whose data diverged from the primary's (primary-crash with asynchronous replication:
 * the crashed primary holds transactions the promoted replica never received). Its data volume is emptied
 * by a short-lived helper container of its own image, then the server is started: the image's entrypoint
 * initialises it again, and db-init/03-replication.sh makes it the replica of the peer that answers, from
 * which it copies the whole history. Rolling the extra transactions back is not possible in general; keeping
 * them would keep rows the primary never had: the data of a diverged server is thrown away, as an
 * orchestrator (or an operator re-cloning from backup) does.
 */
import type { DockerEngine } from '../../../lib/docker/dockerEngine';
import { composeServiceLabels } from '../../../lib/docker/dockerEngine';
import { HELPER_OF_PROJECT } from '../../../lib/docker/netAdminHelper';

const DATA_DIR = '/var/lib/mysql';
/** The owner of the data in both servers' official images and the local stand-ins. */
const MYSQL_UID = '999:999';

export async function findServerContainer(docker: DockerEngine, project: string, server: string) {
  const [found] = await docker.findContainers(composeServiceLabels(project, server));
  if (!found) throw new Error(`no container of the service ${server} in the compose project ${project}`);
  return found;
}

/** Kills the server's container (if it runs), empties its data volume, and starts it again. */
export async function reseedServer(docker: DockerEngine, project: string, server: string): Promise<void> {
  const container = await findServerContainer(docker, project, server);
  if (container.state === 'running') await docker.kill(container.id);
  const volume = await docker.volumeAt(container.id, DATA_DIR);
  if (!volume) throw new Error(`the container ${container.name} has no data volume at ${DATA_DIR}`);
  const helper = await docker.create({
    Image: container.image,
    Entrypoint: ['find', DATA_DIR, '-mindepth', '1', '-delete'],
    Cmd: [],
    User: MYSQL_UID,
    // Found and removed by make down and restore.ts if we are killed while it runs.
    Labels: { 'simplerr-lab.role': 'reseed-helper', [HELPER_OF_PROJECT]: project },
    HostConfig: {
      Binds: [`${volume}:${DATA_DIR}`],
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
    },
  });
  try {
    await docker.start(helper);
    const code = await docker.wait(helper);
    if (code !== 0) throw new Error(`emptying ${volume} failed (exit ${code}): ${(await docker.logs(helper)).trim()}`);
  } finally {
    await docker.remove(helper).catch(() => undefined);
  }
  await docker.start(container.id);
}

/** reseedServer for one lab, as settle.ts takes it. */
export const reseederFor = (docker: DockerEngine, project: string) => (server: string) =>
  reseedServer(docker, project, server);
