/** What the drill reads from a running app besides its answers: its memory and its retry counter. */
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

/** The sum of every series of one metric in Prometheus text format (all label sets; 0 when absent). */
export function sumMetric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && match[1] === name) total += Number(match[3]);
  }
  return total;
}

/** One metric of the app's /metrics, summed over its labels. */
export async function fetchMetric(appUrl: string, name: string): Promise<number> {
  const res = await fetch(`${appUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return sumMetric(await res.text(), name);
}
