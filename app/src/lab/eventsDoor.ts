import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header carries exactly this bearer token (compared in constant time). */
export function bearerTokenMatches(header: string, token: string | undefined): boolean {
  if (token === undefined) return false;
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

/** A token bucket: `burst` at once, then `perSecond` steadily. */
export class RateLimit {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  allow(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
