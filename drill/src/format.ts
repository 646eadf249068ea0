/** Number formats shared by the table, the targets and the chart. */

/** 12,345 — whole numbers with thousands separators. */
export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** A ratio with enough digits to tell small ones apart: 0.062, 0.41, 6.1. */
export function ratio(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  if (value < 0.1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  return value.toFixed(1);
}

/** Whole milliseconds, autocannon's resolution (it records 1.9 ms as 1): <1, 12, 1,204. */
export const ms = (value: number) => (value < 1 ? '<1' : Math.floor(value).toLocaleString('en-US'));

/** "1 kill", "3 kills". */
export const plural = (n: number, noun: string) => `${count(n)} ${noun}${Math.round(n) === 1 ? '' : 's'}`;

/** Mebibytes, as `free -m` and most tools show memory. */
export const mebibytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** A share as a percentage with one decimal: 10.0 %, -1.2 % (negative: the other way round). */
export const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** System calls per answer, to two decimals; — where they were not counted. */
export const reads = (value: number | null) => (value === null ? '—' : value.toFixed(2));
