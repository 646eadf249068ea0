/** HTTP for the load and the tests: every request has a deadline, and an answer is read whole. */
import type { Answer } from './load';

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON, of the shape the caller expects (tests read fields straight from it). */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** Sent as JSON (a string as it is, so a test can send a malformed body). */
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

export async function request(url: string, { method = 'GET', headers = {}, body, timeoutMs = 5000 }: HttpRequest = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const reply: HttpReply = { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  return reply;
}

/** The lab's error bodies are `{"error": kind, ...}`; anything else is shown as its start. */
export function errorOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: string }).error;
  } catch {
    return text.slice(0, 100);
  }
}

/** A request as one load client's answer: a non-2xx answer's error kind, or why no answer came. */
export async function ask(path: string, url: string, req: HttpRequest = {}): Promise<Answer & { reply?: HttpReply }> {
  try {
    const reply = await request(url, req);
    const failed = reply.status < 200 || reply.status > 299;
    const reqId = reply.headers.get('x-request-id') ?? undefined;
    return { path, status: reply.status, error: failed ? errorOf(reply.text) : undefined, reqId, reply };
  } catch (err) {
    const { message, cause } = err as Error & { cause?: { code?: string } };
    return { path, status: 0, error: cause?.code ? `${message} (${cause.code})` : message };
  }
}
