/** Small fetch helpers for the e2e tests: every call has a deadline, so a hung app fails the test instead of jest. */
export async function get(url: string, headers: Record<string, string> = {}, timeoutMs = 5000) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 5000) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Runs `workers` loops calling `request` until `stop()` is called; returns every status seen. */
export function loadLoop(workers: number, request: () => Promise<number>) {
  const statuses: number[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        statuses.push(await request());
      } catch {
        statuses.push(0); // a network error or a timeout counts as a failure
      }
    }
  });
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}
