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
