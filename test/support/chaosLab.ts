import { execFileSync } from 'node:child_process';
import { lab } from './labEnv';
import { makeUpOwnLab } from './ownLab';
import { HELPER_OF_PROJECT } from '../../lib/docker/netAdminHelper';
import { runShellCommand } from '../../lib/shellCommand';

/**
 * The lab of the files that drive the chaos container through make (chaosContainer, chaosLeftovers):
 * the suite's lab moved aside (project <lab>-chaos, ports +200; readme.test.ts takes +100), because
 * they stop, kill, pause and remove things the e2e files beside them must not see. One lab for both:
 * each file finds it up or brings it up (useChaosLab), and the project's global teardown removes it.
 */
export const CHAOS_LAB_PROJECT = `${lab.composeProject}-chaos`;
export const CHAOS_LAB_APP_PORT = Number(new URL(lab.appUrl).port) + 200;
export const CHAOS_LAB_DB_PORT = lab.dbPort + 200;

export const chaosLabEnv: NodeJS.ProcessEnv = {
  ...process.env,
  COMPOSE_PROJECT_NAME: CHAOS_LAB_PROJECT,
  APP_PORT: String(CHAOS_LAB_APP_PORT),
  DB_PUBLISHED_PORT: String(CHAOS_LAB_DB_PORT),
  CHAOS_INTERVAL: '0.5',
};
delete chaosLabEnv.STRATEGY;
delete chaosLabEnv.MODE;

/** `make <args>` in the chaos lab, with `more` settings on top. `make` inherits IMAGES=... through MAKEFLAGS. */
export const makeInChaosLab = (
  args: string,
  { timeoutMs = 120_000, more = {} }: { timeoutMs?: number; more?: NodeJS.ProcessEnv } = {},
) => runShellCommand(`make --no-print-directory ${args}`, { env: { ...chaosLabEnv, ...more }, timeoutMs });

export const makeUpChaosLab = (args = '') => makeUpOwnLab(chaosLabEnv, args);

export const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

/** The ids of the chaos lab's containers, running or not, that carry every label given. */
export const chaosLabContainers = (...labels: string[]) =>
  docker(
    'ps',
    '-aq',
    ...[`com.docker.compose.project=${CHAOS_LAB_PROJECT}`, ...labels].flatMap((l) => ['--filter', `label=${l}`]),
  );
/** A service's container ('' when there is none); one-off `compose run` containers left out. */
export const containerOf = (service: string) =>
  chaosLabContainers(`com.docker.compose.service=${service}`, 'com.docker.compose.oneoff=False');
/** partition's short-lived helpers: no container of compose's, they carry a label naming the project. */
export const networkHelpers = () =>
  docker(
    'ps',
    '-aq',
    ...[`${HELPER_OF_PROJECT}=${CHAOS_LAB_PROJECT}`, 'simplerr-lab.role=net-admin-helper'].flatMap((l) => [
      '--filter',
      `label=${l}`,
    ]),
  );
export const stateOf = (id: string) => docker('inspect', '-f', '{{ .State.Status }}', id);
export const isRunning = (id: string) => id !== '' && docker('inspect', '-f', '{{ .State.Running }}', id) === 'true';

async function ready(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${CHAOS_LAB_APP_PORT}/readyz`, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Before a file's tests: the chaos lab ready and no chaos running, whatever the file before it (or a run
 * stopped half-way) left. Up and ready already costs nothing; anything else gets make chaos-stop and make up.
 */
export async function useChaosLab(): Promise<void> {
  if ((await ready()) && !isRunning(containerOf('chaos'))) return;
  await makeInChaosLab('chaos-stop');
  await makeUpChaosLab();
}
