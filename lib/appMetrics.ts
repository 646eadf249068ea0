/** Reading a running app's Prometheus metrics (GET /metrics), for the drill and the tests. */

/** The sum of every series of one metric in Prometheus text format (all label sets; 0 when absent). */
export function sumMetric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && match[1] === name) total += Number(match[3]);
  }
  return total;
}

/** The app's /metrics, as Prometheus text. */
export async function fetchMetricsText(appUrl: string): Promise<string> {
  const res = await fetch(`${appUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/** One metric of the app's /metrics, summed over its labels. */
export async function fetchMetric(appUrl: string, name: string): Promise<number> {
  return sumMetric(await fetchMetricsText(appUrl), name);
}
