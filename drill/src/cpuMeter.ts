/**
 * Where each answer's CPU went. Over one phase, the CPU time of the app, the database server,
 * Docker's port proxies for the lab's published ports and the drill itself (the load generator, or
 * the DB pattern's client), read from /proc, divided by the answers that succeeded. It is the
 * measurement behind a strategy that stays below its combined limit, or a pool slower than naive:
 * the cores are shared, so whatever costs more CPU per answer answers less often.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { CpuUse, Figures } from './figures';

/** Linux gives process CPU times in clock ticks of USER_HZ: 100 per second on every architecture Node runs on. */
const MICROSECONDS_PER_TICK = 10_000;

/** utime + stime (all threads) from the text of /proc/<pid>/stat, in clock ticks. */
export function parseCpuTicks(stat: string): number {
  // The command name (field 2) may contain spaces and ')': the fields that follow start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error('no CPU times in the process stat');
  return utime + stime;
}

/** syscr from the text of /proc/<pid>/io: read system calls, one per socket read the process made. */
export function parseReadSyscalls(io: string): number {
  const match = /^syscr:\s+(\d+)$/m.exec(io);
  if (!match) throw new Error('no syscr line in the process io');
  return Number(match[1]);
}

/** True for the argv of a docker-proxy that publishes one of `ports` on the host. */
export function isProxyFor(argv: readonly string[], ports: readonly number[]): boolean {
  if (!argv[0]?.endsWith('docker-proxy')) return false;
  const port = argv[argv.indexOf('-host-port') + 1];
  return argv.includes('-host-port') && ports.includes(Number(port));
}

/** The docker-proxy processes of these host ports (none when Docker runs without its userland proxy). */
export async function findProxyPids(ports: readonly number[]): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const argv = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      () => [],
    );
    if (isProxyFor(argv, ports)) found.push(Number(pid));
  }
  return found;
}

/** The processes a phase's CPU is read from besides the app and the drill. */
export interface LabProcesses {
  /** The database server: the db container's main process. null when it could not be found. */
  readonly db: number | null;
  readonly proxies: readonly number[];
}

interface Totals {
  readonly app: number | null;
  readonly appReads: number | null;
  readonly db: number | null;
  readonly proxy: number | null;
  readonly drill: number;
}

const ticksOf = (pid: number) => readFile(`/proc/${pid}/stat`, 'utf8').then(parseCpuTicks);
/** µs, or null when the process is gone or not ours to read (a container's process, without root). */
const cpuOf = (pid: number | null) =>
  pid === null
    ? Promise.resolve(null)
    : ticksOf(pid).then(
        (ticks) => ticks * MICROSECONDS_PER_TICK,
        () => null,
      );

async function totals(appPid: number | null, lab: LabProcesses): Promise<Totals> {
  const proxies = await Promise.all(lab.proxies.map(cpuOf));
  const drill = process.cpuUsage();
  return {
    app: await cpuOf(appPid),
    appReads: appPid === null ? null : await readFile(`/proc/${appPid}/io`, 'utf8').then(parseReadSyscalls, () => null),
    db: await cpuOf(lab.db),
    proxy: proxies.length === 0 || proxies.includes(null) ? null : proxies.reduce<number>((sum, us) => sum + us!, 0),
    drill: drill.user + drill.system,
  };
}

/** Per successful answer, from the totals before and after (null where either side is unknown). */
export function perAnswer(before: Totals, after: Totals, answers: number): CpuUse | undefined {
  if (answers === 0) return undefined;
  const per = (key: keyof Totals) => {
    const [from, to] = [before[key], after[key]];
    return from === null || to === null ? null : (to - from) / answers;
  };
  return { app: per('app'), db: per('db'), proxy: per('proxy'), drill: per('drill')!, appReads: per('appReads') };
}

/** Runs one measured phase and adds the CPU its answers cost to its figures. */
export async function withCpu(
  appPid: number | null,
  lab: LabProcesses,
  phase: () => Promise<Figures>,
): Promise<Figures> {
  const before = await totals(appPid, lab);
  const figures = await phase();
  const cpu = perAnswer(before, await totals(appPid, lab), figures.succeeded);
  return cpu ? { ...figures, cpu } : figures;
}
