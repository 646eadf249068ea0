import { execFileSync } from 'node:child_process';
import { lab, REPO_ROOT } from './labEnv';
import { waitFor } from '../../lib/waitFor';

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Before the e2e suite: compile the app (tests also start it as a host process), and bring
 * the lab up with `make up` unless it already answers — the same command a learner runs.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (!(await answers(`${lab.appUrl}/readyz`))) {
    console.log(`\n[e2e] the lab does not answer at ${lab.appUrl}: running make up`);
    execFileSync('make', ['up'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  await waitFor(`${lab.appUrl}/readyz`, () => answers(`${lab.appUrl}/readyz`), { timeoutMs: 120_000, intervalMs: 500 });
}
