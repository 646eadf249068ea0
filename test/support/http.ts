/** Small fetch helpers for the e2e tests: every call has a deadline, so a hung app fails the test instead of jest. */
import { request } from '../../lib/load/http';

export const get = (url: string, headers: Record<string, string> = {}, timeoutMs = 5000) =>
  request(url, { headers, timeoutMs });

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 5000) =>
  request(url, { method: 'POST', body, headers, timeoutMs });
