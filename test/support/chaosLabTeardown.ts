import { CHAOS_LAB_PROJECT, chaosLabContainers, docker, makeInChaosLab, networkHelpers } from './chaosLab';

/**
 * After the e2e-aside project: the chaos lab goes, whatever its files did (make clean: containers,
 * network, volume), and any network helper a killed partition left in it. Nothing to do when no file
 * brought it up.
 */
export default async function removeChaosLab(): Promise<void> {
  const volumes = docker('volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${CHAOS_LAB_PROJECT}`);
  if (chaosLabContainers() === '' && volumes === '') return;
  const { code, output } = await makeInChaosLab('clean', { timeoutMs: 150_000 });
  if (code !== 0) console.error(`[e2e-aside] make clean of ${CHAOS_LAB_PROJECT} failed (${code}):\n${output}`);
  const left = networkHelpers();
  if (left) docker('rm', '-f', ...left.split('\n'));
}
