/**
 * Ports a strategy leaves behind. The side that closes a TCP connection keeps it in TIME_WAIT for a
 * minute, holding its ephemeral port: per-request closes one connection per answer, so in the app
 * container (its own network namespace, where Linux reuses a TIME_WAIT port only on loopback) they
 * pile up towards the namespace's port range, and every new connect searches longer for a free port.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIME_WAIT = '06'; // the st column of /proc/net/tcp

/** Sockets in TIME_WAIT towards `remotePort` in the text of /proc/<pid>/net/tcp or tcp6. */
export function countTimeWait(procNetTcp: string, remotePort: number): number {
  const port = remotePort.toString(16).toUpperCase().padStart(4, '0');
  return procNetTcp
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , remote, state]) => state === TIME_WAIT && remote?.endsWith(`:${port}`)).length;
}

/** Sockets in TIME_WAIT towards `remotePort` in the network namespace of process `pid`. */
export async function timeWaitSockets(pid: number, remotePort: number): Promise<number> {
  const tables = await Promise.all(
    ['tcp', 'tcp6'].map((file) => readFile(`/proc/${pid}/net/${file}`, 'utf8').catch(() => '')),
  );
  return tables.reduce((sum, table) => sum + countTimeWait(table, remotePort), 0);
}

export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** "32768\t60999" from net.ipv4.ip_local_port_range. */
export function parsePortRange(text: string): PortRange {
  const [low, high] = text.trim().split(/\s+/).map(Number);
  if (!Number.isInteger(low) || !Number.isInteger(high) || low > high)
    throw new Error(`not a port range: ${JSON.stringify(text)}`);
  return { low, high };
}

export const portsIn = (range: PortRange) => range.high - range.low + 1;

/**
 * The ephemeral port range in the network namespace of `pid` (a sysctl answers for the reader's
 * namespace, so the read runs inside it with nsenter); null when it cannot be read.
 */
export async function portRangeOf(pid: number): Promise<PortRange | null> {
  try {
    const { stdout } = await run('nsenter', ['-t', String(pid), '-n', 'cat', '/proc/sys/net/ipv4/ip_local_port_range']);
    return parsePortRange(stdout);
  } catch {
    return null;
  }
}
