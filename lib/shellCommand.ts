import { spawn } from 'node:child_process';
import { findRepoRoot } from './settings/labEnvFile';

export interface ShellResult {
  /** null when the command was stopped by us (it matched `stopWhen`, or ran out of time). */
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly timedOut: boolean;
}

export interface ShellOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** For commands that never end by themselves (`make chaos-logs` follows): stop once this is true. */
  readonly stopWhen?: (output: string) => boolean;
  /** Where it runs: the repository root unless said otherwise. */
  readonly cwd?: string;
}

/**
 * Runs a command line in bash at the repository root (or cwd), as a learner's terminal would: for the tests,
 * and for the drill's rows that drive the replicated lab with make (replicatedLab.ts). It gets its own
 * process group, so stopping it also stops what it started (make → docker compose logs -f).
 */
export function runShellCommand(
  command: string,
  { env, timeoutMs, stopWhen, cwd = findRepoRoot() }: ShellOptions,
): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    // stdin closed: a bash whose stdin is a socket (node's pipes are) and whose SHLVL npm reset takes itself for
    // rshd's and reads /etc/bash.bashrc, which the Makefile's `bash -u` trips on (Debian's reads PS1).
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stoppedBy: 'match' | 'timeout' | undefined;
    const stop = (why: 'match' | 'timeout') => {
      if (stoppedBy || child.exitCode !== null) return;
      stoppedBy = why;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (stopWhen?.(output)) stop('match');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: stoppedBy ? null : code, output, timedOut: stoppedBy === 'timeout' });
    });
  });
}
