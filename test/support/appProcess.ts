import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { lab, REPO_ROOT } from './labEnv';
import { eachLine } from './lines';
import { waitFor } from './waitFor';

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Every line the app printed (JSON log lines and stderr). */
  output: string[];
  /** Server thread ids of the connections it opened, from its "db connection opened" lines (LOG_LEVEL=debug). */
  openedThreadIds(): readonly number[];
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** The app's environment for a host process talking to the compose stack's database. */
export function appEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DB_HOST: lab.dbHost,
    DB_PORT: String(lab.dbPort),
    DB_NAME: lab.dbName,
    DB_USER: lab.appUser,
    DB_PASSWORD: lab.appPassword,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** Runs the compiled app as its own process; resolves once it listens. */
export async function startAppProcess(overrides: Record<string, string> = {}): Promise<AppProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/app/src/server.js')], { env: appEnv(overrides) });
  const output: string[] = [];
  const opened: number[] = []; // kept as lines arrive: tests ask often, and the output grows long
  let port: number | undefined;
  const collect = (line: string) => {
    output.push(line);
    if (line.includes('"db connection opened"')) opened.push(JSON.parse(line).threadId);
    if (line.includes('lab app listening')) port = JSON.parse(line).port;
  };
  eachLine(child.stdout, collect);
  eachLine(child.stderr, collect);
  // 'close', not 'exit': by then stdout and stderr are drained, so output holds the last lines too.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  await waitFor('the app process to listen', () => port ?? (child.exitCode !== null ? Promise.reject(new Error(output.join('\n'))) : undefined), { timeoutMs: 15_000 });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output,
    openedThreadIds: () => opened,
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

/** Runs the app with a bad environment and returns how it exited and what it said. */
export function runAppExpectingExit(overrides: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/app/src/server.js')], { env: appEnv(overrides) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}
