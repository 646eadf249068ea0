import { bearerTokenMatches, RateLimit } from './eventsDoor';

describe('bearerTokenMatches', () => {
  const token = 'lab-events-token-0123';
  it('accepts exactly "Bearer <token>"', () => expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true));
  it.each([
    ['no header', ''],
    ['another token', 'Bearer lab-events-token-9999'],
    ['a prefix of it', 'Bearer lab-events-token'],
    ['more than it', `Bearer ${token}x`],
    ['another scheme', `Basic ${token}`],
  ])('refuses %s', (_what, header) => expect(bearerTokenMatches(header, token)).toBe(false));
  it('refuses everything when the app has no token', () =>
    expect(bearerTokenMatches('Bearer ', undefined)).toBe(false));
});

describe('RateLimit: a burst, then a steady rate', () => {
  it('allows the burst at once, then one per 1/rate seconds', () => {
    let now = 0;
    const limit = new RateLimit(20, 40, () => now);
    expect(Array.from({ length: 50 }, () => limit.allow()).filter(Boolean)).toHaveLength(40);
    now += 100; // 0.1 s: two more
    expect([limit.allow(), limit.allow(), limit.allow()]).toEqual([true, true, false]);
    now += 10_000; // long quiet: back to the burst, never more
    expect(Array.from({ length: 50 }, () => limit.allow()).filter(Boolean)).toHaveLength(40);
  });
});
