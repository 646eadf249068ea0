/** What the drill reads from a running app besides its answers and its metrics (lib/appMetrics.ts): its memory. */
import { readFile } from 'node:fs/promises';

/** VmRSS from the text of /proc/<pid>/status, in bytes (the kernel writes it in kB). */
export function parseVmRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in the process status');
  return Number(match[1]) * 1024;
}

/** The resident memory of a process, from /proc (Linux). */
export async function readRssBytes(pid: number): Promise<number> {
  return parseVmRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
}
