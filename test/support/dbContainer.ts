import { DockerEngine, composeServiceLabels } from '../../lib/docker/dockerEngine';
import { appUserConnection } from './dbAdmin';
import { lab } from './labEnv';
import { waitFor } from '../../lib/waitFor';

/**
 * Makes sure the lab's db container runs and the app user can log in: the clean-up after the
 * tests that stop or restart it, so a failed test cannot leave the next file without a database.
 */
export async function ensureDatabaseAnswers(timeoutMs = 90_000): Promise<void> {
  const docker = new DockerEngine();
  const [db] = await docker.findContainers(composeServiceLabels(lab.composeProject, 'db'));
  if (!db) throw new Error(`no db container in the compose project ${lab.composeProject}`);
  if (db.state !== 'running') await docker.start(db.id);
  await waitFor(
    'the app user to log in to the database',
    async () => {
      const conn = await appUserConnection();
      try {
        return (await conn.query('SELECT 1 AS ok'))[0].ok === 1;
      } finally {
        await conn.end();
      }
    },
    { timeoutMs, intervalMs: 250 },
  );
}
