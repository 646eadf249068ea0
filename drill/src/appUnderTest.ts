/**
 * One lab app as its own process on the host (the compiled server, as `npm start` runs it), so its
 * memory is its own and the load generator does not share its event loop.
 * Its output goes to a log file, not a pipe: a failing naive app logs one line per request, and a pipe
 * read by a busy load generator would make the app buffer those lines in its own memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StrategyName } from '../../app/src/config';
import { fetchMetric, readRssBytes } from './appProbes';
import type { DrillDbSettings } from './labSettings';

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;

export interface AppUnderTest {
  readonly strategy: StrategyName;
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  rssBytes(): Promise<number>;
  /** db_retries_total from /metrics: requests whose read was retried on a fresh connection. */
  retries(): Promise<number>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// An interrupted drill (Ctrl-C, an exception) must not leave app processes behind.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** The app's environment: the database, the strategy, and the lab's tuning (POOL_SIZE...) as the learner set it. */
export function appEnvironment(strategy: StrategyName, db: DrillDbSettings, tuning: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...tuning,
    DB_HOST: db.app.host,
    DB_PORT: String(db.app.port),
    DB_NAME: db.app.database,
    DB_USER: db.app.user,
    DB_PASSWORD: db.app.password,
    DB_STRATEGY: strategy,
    PORT: '0', // any free port: the app logs which one
    // info, not warn: 'lab app listening' (the port) is an info line. Requests are logged at debug,
    // failures at warn/error, so warn would log the same lines during the load.
    LOG_LEVEL: 'info',
  };
}

/** The port from the app's log: its JSON line 'lab app listening'. */
export function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('lab app listening')) continue;
    try {
      const port = JSON.parse(line).port;
      if (Number.isInteger(port)) return port;
    } catch {
      // a line cut in the middle: the next poll reads it whole
    }
  }
  return undefined;
}

async function waitForPort(child: ChildProcess, logFile: string, what: string): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const log = await readFile(logFile, 'utf8');
    const port = listeningPort(log);
    if (port !== undefined) return port;
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = exited ? `exited (${child.exitCode ?? child.signalCode}) before listening` : `did not listen within ${START_TIMEOUT_MS / 1000} s`;
      throw new Error(`the ${what} app ${why}; its log (${logFile}):\n${log.split('\n').slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface AppStart {
  readonly repoRoot: string;
  readonly strategy: StrategyName;
  readonly db: DrillDbSettings;
  readonly tuning: Record<string, string>;
  readonly logFile: string;
}

export async function startAppUnderTest({ repoRoot, strategy, db, tuning, logFile }: AppStart): Promise<AppUnderTest> {
  const out = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [join(repoRoot, 'dist/app/src/server.js')], {
      cwd: repoRoot, env: appEnvironment(strategy, db, tuning), stdio: ['ignore', out, out],
    });
  } finally {
    closeSync(out); // the child has its own copy
  }
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  child.once('error', () => undefined); // a failed spawn shows as an exit before listening

  const url = `http://127.0.0.1:${await waitForPort(child, logFile, strategy)}`;
  return {
    strategy,
    url,
    pid: child.pid!,
    logFile,
    rssBytes: () => readRssBytes(child.pid!),
    retries: () => fetchMetric(url, 'db_retries_total'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
