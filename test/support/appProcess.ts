import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { appProcessEnv, startAppProcess as startApp, stopAppProcess } from '../../lib/appProcess';
import { appLogin, REPO_ROOT } from './labEnv';

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Every line the app printed (JSON log lines and stderr). */
  output: string[];
  /** Server thread ids of the connections it opened, from its "db connection opened" lines (LOG_LEVEL=debug). */
  openedThreadIds(): readonly number[];
  /**
   * The thread ids of the connections one request (its X-Request-Id) opened or dropped, in order: a pooled
   * connection it was handed is in its "db connection destroyed" line once it broke, not in an "opened" one.
   */
  connectionsOf(reqId: string): readonly number[];
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** The chaos events token of the apps the tests start (they post events as the chaos program would). */
export const TEST_EVENTS_TOKEN = `test-${randomBytes(16).toString('hex')}`;

/**
 * The app's connection deadlines for tests about what a fault does, not about how fast a login is: a
 * connect gets 1.5 s (default 500 ms, READY_TIMEOUT_MS's 2 s above it), a wait for a pooled connection 1 s
 * (default 300 ms) and a statement 3 s (default 1 s). On two busy cores a login, a turn or a read can take
 * longer than the defaults, and the test would see server-unreachable, pool-exhausted or database-timeout
 * that the fault under test did not cause.
 */
export const ROOM_FOR_A_BUSY_MACHINE = {
  DB_CONNECT_TIMEOUT_MS: '1500',
  POOL_ACQUIRE_TIMEOUT_MS: '1000',
  DB_QUERY_TIMEOUT_MS: '3000',
} as const;

/** The app's environment for a host process talking to the compose stack's database. */
export const appEnv = (settings: Record<string, string> = {}) =>
  appProcessEnv(appLogin, { LAB_EVENTS_TOKEN: TEST_EVENTS_TOKEN, ...settings });

/** Runs the compiled app as its own process; resolves once it listens. */
export async function startAppProcess(settings: Record<string, string> = {}): Promise<AppProcess> {
  const output: string[] = [];
  const opened: number[] = []; // kept as lines arrive: tests ask often, and the output grows long
  const connectionsOf = new Map<string, number[]>();
  const app = await startApp({
    repoRoot: REPO_ROOT,
    env: appEnv(settings),
    onLine(line) {
      output.push(line);
      if (!line.includes('"db connection ')) return;
      const { msg, threadId, reqId } = JSON.parse(line) as { msg: string; threadId: number; reqId?: string };
      if (msg === 'db connection opened') opened.push(threadId);
      else if (msg !== 'db connection destroyed') return;
      if (reqId === undefined) return;
      const ofRequest = connectionsOf.get(reqId) ?? [];
      if (!ofRequest.includes(threadId)) connectionsOf.set(reqId, [...ofRequest, threadId]);
    },
  });
  return {
    url: app.url,
    child: app.child,
    output,
    openedThreadIds: () => opened,
    connectionsOf: (reqId) => connectionsOf.get(reqId) ?? [],
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      const code = await stopAppProcess(app, signal);
      return { code, ms: Date.now() - started };
    },
  };
}

/** Runs the app with a bad environment and returns how it exited and what it said. */
export function runAppExpectingExit(
  settings: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/app/src/server.js')], { env: appEnv(settings) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}
