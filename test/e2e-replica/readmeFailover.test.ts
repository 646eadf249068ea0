import { FAILOVER_SECTION } from '../support/failoverWalkthrough';
import { replicaEnv, replicaLab, upReplicaLab } from '../support/replicaLab';
import { runShellCommand } from '../../lib/shellCommand';
import { runStep } from '../support/walkthrough';

/**
 * README's failover section, typed in as a learner would, in the replicated lab the other e2e-replica
 * tests use (test/e2e/readme.test.ts runs every other `$` command, in a one-server lab of its own): naive
 * answers 503 read-only after a switchover, every time; the pool answers a write 201 within seconds.
 */
jest.setTimeout(600_000);

const inReplicaLab = (command: string) => command.replaceAll('localhost:8080', new URL(replicaLab.appUrl).host);

beforeAll(async () => {
  await upReplicaLab();
});

test(`README.md: ${FAILOVER_SECTION.section}`, async () => {
  const started = performance.now();
  try {
    for (const [i, step] of FAILOVER_SECTION.steps.entries()) {
      const output = await runStep(step, FAILOVER_SECTION.steps[i - 1], { env: replicaEnv, rewrite: inReplicaLab });
      for (const pattern of step.shows) expect(output.trimEnd()).toMatch(pattern);
    }
  } catch (err) {
    // A section that failed half-way may leave its chaos running: the next test starts without it.
    await runShellCommand('make --no-print-directory chaos-stop', { env: replicaEnv, timeoutMs: 90_000 });
    throw err;
  }
  console.log(`README's failover section: ${((performance.now() - started) / 1000).toFixed(0)} s`);
});
