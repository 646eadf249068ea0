import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ChaosModeName } from '../../chaos/src';
import { lab, REPO_ROOT } from './labEnv';
import { eachLine } from './lines';
import { waitFor } from '../../lib/waitFor';

export interface ChaosProcess {
  /** Every line it printed so far, stdout and stderr. */
  readonly output: string[];
  /** Connections it killed (kill-idle), from its "killed connection N" lines. */
  killedIds(): number[];
  /** Connections whose statement it interrupted (kill-active). */
  interruptedIds(): number[];
  /** Resolves with the first line matching `pattern`, printed so far or from now on. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then its exit code and summary line: exit 0 means what the mode changed was undone. */
  stop(): Promise<{ code: number | null; summary: string | undefined }>;
}

const idsOf = (output: string[], pattern: RegExp) =>
  output.flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [Number(match[1])] : [];
  });

/**
 * Runs the real chaos program (dist/chaos/src/main.js, as the chaos container does) on the host,
 * against the lab's database on its published port. COMPOSE_PROJECT_NAME lets restart-db and
 * db-down find this lab's db container through /var/run/docker.sock.
 */
export function startChaosProcess(mode: ChaosModeName, settings: Record<string, string> = {}): ChaosProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/chaos/src/main.js')], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      DB_HOST: lab.dbHost,
      DB_PORT: String(lab.dbPort),
      CHAOS_DB_USER: lab.chaosUser,
      CHAOS_DB_PASSWORD: lab.chaosPassword,
      CHAOS_TARGET_USER: lab.appUser,
      COMPOSE_PROJECT_NAME: lab.composeProject,
      CHAOS_MODE: mode,
      ...settings,
    },
  });
  const output: string[] = [];
  eachLine(child.stdout, (line) => output.push(line));
  eachLine(child.stderr, (line) => output.push(line));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  return {
    output,
    killedIds: () => idsOf(output, /killed connection (\d+)/),
    interruptedIds: () => idsOf(output, /interrupted the statement of connection (\d+)/),
    async waitForLine(pattern, timeoutMs = 30_000) {
      try {
        return await waitFor(
          `the chaos (${mode}) to print ${pattern}`,
          () => {
            if (child.exitCode !== null) throw new Error(`the chaos exited with ${child.exitCode}`);
            return output.find((line) => pattern.test(line));
          },
          { timeoutMs, intervalMs: 20 },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}; it printed:\n${output.join('\n')}`, { cause: err });
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await closed;
      return { code, summary: output.find((line) => line.includes('chaos stopped:')) };
    },
  };
}
