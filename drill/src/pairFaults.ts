/**
 * TOPOLOGY=primary-replica: each strategy in the lab's own app (behind the endpoint, as an app reaches a
 * managed database's name) through one planned `failover` and one `primary-crash`, run by the real chaos
 * program as a learner runs it (make chaos), under keyed writes and reads. The apps the drill starts on
 * the host cannot take part: the endpoint and the servers' names are on the lab's network only.
 */
import { spawn } from 'node:child_process';
import * as mariadb from 'mariadb';
import { loginOptions, type DbLogin } from '../../lib/db/loginOptions';
import { withHiddenPassword } from '../../lib/settings/envReaders';
import { chaosLineTime, PRIMARY_CRASH_DONE, switchoverDone } from '../../chaos/src';
import { startKeyedWriters } from '../../lib/load/keyedWriters';
import type { Outcome } from '../../lib/load/load';
import { startReaders } from '../../lib/load/readers';
import { sleep } from '../../lib/sleep';
import type { StrategyName } from '../../lib/settings/strategies';
import type { PairFault, PairFaultRun } from './results';

/**
 * A command's stdout and stderr; it fails naming them. stdin is closed: bash, given a socket there (node's
 * pipes are), takes itself for rshd's and reads /etc/bash.bashrc, which the Makefile's `bash -u` trips on.
 */
function run(command: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => void (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`)),
    );
  });
}
/** The round's last line: failover's switchover, primary-crash's verdict on the writes. */
const ROUND_DONE: Record<PairFault, RegExp> = {
  failover: switchoverDone(1),
  'primary-crash': PRIMARY_CRASH_DONE,
};
/** A primary-crash round re-seeds the old server: minutes on a busy machine (MySQL copies the whole history). */
const ROUND_DEADLINE_MS = 420_000;
/** After the round, writes get this long to come back before the strategy is said never to recover. */
const RECOVERY_WINDOW_MS = 10_000;

export interface PairLab {
  /** The lab's app, as the host reaches it. */
  readonly appUrl: string;
  readonly composeProject: string;
  /** Where make runs. */
  readonly repoRoot: string;
  /** The app user straight to each server (their published ports): the lost writes are counted on the new primary. */
  readonly servers: readonly DbLogin[];
  readonly note: (line: string) => void;
}

/** Seconds from the first failed write to the first acknowledged write answered after the endpoint moved. */
export function writeUnavailableSeconds(
  writes: readonly Pick<Outcome, 'startedAt' | 'ms' | 'status'>[],
  movedAt: number,
): number | null {
  const failedAt = Math.min(...writes.filter((w) => w.status !== 201).map((w) => w.startedAt));
  if (failedAt === Infinity) return 0;
  const answeredAt = writes.filter((w) => w.status === 201).map((w) => w.startedAt + w.ms);
  const backAt = Math.min(...answeredAt.filter((at) => at >= Math.max(movedAt, failedAt)));
  return backAt === Infinity ? null : (backAt - failedAt) / 1000;
}

/** The acknowledged surnames the writable server of the pair lacks. */
async function lostOnPrimary(servers: readonly DbLogin[], runId: string, acked: readonly string[]) {
  for (const login of servers) {
    const conn = await mariadb.createConnection(loginOptions(login));
    try {
      const [{ ro }] = await conn.query<{ ro: number }[]>('SELECT @@read_only AS ro');
      if (Number(ro) !== 0) continue;
      const rows = await conn.query<{ surname: string }[]>('SELECT surname FROM person WHERE surname LIKE ?', [
        `drill-${runId}-%`,
      ]);
      const stored = new Set(rows.map((row) => row.surname));
      return acked.filter((surname) => !stored.has(surname)).length;
    } finally {
      await conn.end();
    }
  }
  throw new Error('neither server of the pair is writable');
}

export async function measurePairFault(strategy: StrategyName, fault: PairFault, lab: PairLab): Promise<PairFaultRun> {
  const runId = `${fault}-${strategy}-${Date.now().toString(36)}`;
  // make hands the run's settings on (TOPOLOGY=, DB=, IMAGES=) through MAKEFLAGS in our environment.
  const make = (args: string) => run('make', ['--no-print-directory', ...args.split(' ')], lab.repoRoot);
  await make(`up STRATEGY=${strategy}`);
  const reads = startReaders(lab.appUrl, { clients: 2, paths: ['/person/first'], timeoutMs: 10_000 });
  const writers = startKeyedWriters(lab.appUrl, { clients: 2, timeoutMs: 10_000, surnames: `drill-${runId}` });
  const acked = () => writers.keys.filter((use) => use.ids.length > 0).map((use) => use.surname);
  const chaosLog = async () => run('docker', ['logs', `${lab.composeProject}-chaos-1`]);
  const until = async (what: string, done: () => boolean | Promise<boolean>, ms: number) => {
    for (const deadline = Date.now() + ms; !(await done()); await sleep(250))
      if (Date.now() > deadline) throw new Error(`${fault} with ${strategy}: no ${what} within ${ms / 1000} s`);
  };
  let movedAt = 0;
  try {
    // Connections in use and held (a pool's) before the fault: what the fault is about.
    await until('acknowledged write before the fault', () => acked().length >= 3, 30_000);
    // One round: the next would come after 10 minutes.
    await make(`chaos MODE=${fault} CHAOS_INTERVAL=600`);
    let log = '';
    try {
      await until(
        'end of the chaos round',
        async () => ROUND_DONE[fault].test((log = await chaosLog())),
        ROUND_DEADLINE_MS,
      );
    } finally {
      await make('chaos-stop');
    }
    const moved = log.split('\n').find((line) => / endpoint moved to /.test(line));
    if (!moved) throw new Error(`${fault}: the chaos log has no "endpoint moved" line:\n${log.slice(-3000)}`);
    movedAt = chaosLineTime(moved);
    await until('', () => writeUnavailableSeconds(writers.outcomes, movedAt) !== null, RECOVERY_WINDOW_MS).catch(
      () => undefined, // naive never comes back: its row says so
    );
  } finally {
    // Keys still unacknowledged are left: naive would never acknowledge one again.
    await Promise.all([reads.stop(), writers.stop({ finishKeys: false })]);
  }
  const lost = await lostOnPrimary(lab.servers, runId, acked());
  const failedReads = reads.outcomes.filter((r) => r.status !== 200).length;
  lab.note(
    `${fault} with ${strategy}: ${acked().length} writes acknowledged, ${lost} lost, ${failedReads} reads failed`,
  );
  return {
    strategy,
    fault,
    writeUnavailableSeconds: writeUnavailableSeconds(writers.outcomes, movedAt),
    reads: reads.outcomes.length,
    failedReads,
    ackedWrites: acked().length,
    lostWrites: lost,
  };
}

/** The app user's login to each server of the pair, on its published port. */
export const serverLogins = (app: DbLogin, ports: readonly number[]) =>
  ports.map((port) => withHiddenPassword<DbLogin>({ ...app, port }, app.password));
