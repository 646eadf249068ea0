/**
 * The lab app as a child process on the host (the compiled server, as `npm start` runs it), for the
 * drill and the end-to-end tests. It listens on any free port (PORT=0) and says which one in its
 * LISTENING_MESSAGE log line, which is how the parent learns its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DbLogin } from './db/loginOptions';

/** The message of the app's log line that carries its port (app/src/server.ts logs it). */
export const LISTENING_MESSAGE = 'lab app listening';
const START_TIMEOUT_MS = 15_000;
const POLL_MS = 50;

/** The port in one of the app's JSON log lines, if it is the listening line (and whole). */
export function listeningPort(line: string): number | undefined {
  if (!line.includes(LISTENING_MESSAGE)) return undefined;
  try {
    const { msg, port } = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return msg === LISTENING_MESSAGE && Number.isInteger(port) ? (port as number) : undefined;
  } catch {
    return undefined; // a line cut in the middle: the whole line comes later
  }
}

/**
 * The app's environment: its database login, any free port, info logs (the listening line is one),
 * then `settings` (STRATEGY, POOL_SIZE, LOG_LEVEL...). Nothing else of the parent's environment
 * reaches it, so a test or a drill run sees the app's own defaults.
 */
export function appProcessEnv(login: DbLogin, settings: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DB_HOST: login.host,
    DB_PORT: String(login.port),
    DB_NAME: login.database ?? '',
    DB_USER: login.user,
    DB_PASSWORD: login.password,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...settings,
  };
}

export interface AppProcessOptions {
  readonly repoRoot: string;
  readonly env: Record<string, string>;
  /** Where its output goes. A file, not a pipe, for a busy parent (the drill): a failing app logs a
   *  line per request, and a pipe its parent reads late makes the app buffer them in its own memory. */
  readonly logFile?: string;
  /** Each line it prints, when there is no logFile. */
  readonly onLine?: (line: string) => void;
  /** Options for node itself, before the server's script (the drill's --cpu-prof). */
  readonly nodeArgs?: readonly string[];
}

export interface AppProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has exited and its output is drained. */
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
// A parent that ends early (Ctrl-C, an exception) must not leave app processes behind.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Starts the app; resolves once it listens, rejects with its last lines if it exits or takes too long. */
export async function startAppProcess({
  repoRoot,
  env,
  logFile,
  onLine,
  nodeArgs = [],
}: AppProcessOptions): Promise<AppProcess> {
  const out = logFile === undefined ? 'pipe' : openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'dist/app/src/server.js')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', out, out],
  });
  if (typeof out === 'number') closeSync(out); // the child has its own copy
  running.add(child);
  child.once('error', () => undefined); // a failed spawn shows as an exit before listening
  // 'close', not 'exit': by then the pipes are drained, so the last lines have been seen.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  void exited.then(() => running.delete(child));

  const lines: string[] = [];
  let port: number | undefined;
  const see = (line: string) => {
    if (line === '') return;
    lines.push(line);
    port ??= listeningPort(line);
    onLine?.(line);
  };
  if (child.stdout && child.stderr) {
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', see);
  }
  const readLogFile = () => (logFile === undefined ? [] : readFileSync(logFile, 'utf8').split('\n'));

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (logFile !== undefined)
      port = readLogFile()
        .map(listeningPort)
        .find((p) => p !== undefined);
    if (port !== undefined) return { url: `http://127.0.0.1:${port}`, child, exited };
    const gone = child.exitCode !== null || child.signalCode !== null;
    if (gone || Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = gone
        ? `exited (${child.exitCode ?? child.signalCode}) before listening`
        : `did not listen within ${START_TIMEOUT_MS / 1000} s`;
      const last = (logFile === undefined ? lines : readLogFile()).slice(-20).join('\n');
      throw new Error(`the app ${why}; its last lines${logFile ? ` (${logFile})` : ''}:\n${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Stops it with a signal (SIGKILL after graceMs), resolving with its exit code. */
export async function stopAppProcess(
  app: AppProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 15_000,
): Promise<number | null> {
  const { child } = app;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await app.exited;
  } finally {
    clearTimeout(timer);
  }
}
