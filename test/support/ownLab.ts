import { runShellCommand } from '../../lib/shellCommand';

/**
 * `make up` for a test file's lab of its own (env names its compose project and ports). Where the lab's
 * ports lie in the ephemeral range (32768-60999 on Linux), a client's outgoing connection can hold one
 * of ours for a while: it is tried again until that lets go, for two minutes at most.
 */
export async function makeUpOwnLab(env: NodeJS.ProcessEnv, args = ''): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { code, output } = await runShellCommand(`make --no-print-directory up ${args}`, { env, timeoutMs: 300_000 });
    if (code === 0) return;
    const portTaken = /address already in use|port is already allocated/.test(output);
    if (!portTaken || Date.now() > deadline) throw new Error(`make up failed (${code}):\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
