import { backoffDelayMs, chaosConnectionOptions, saysRetry } from './dbSession';

describe('the chaos connection', () => {
  it('retries quickly after a blip, then every second during an outage', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffDelayMs)).toEqual([250, 500, 1000, 1000, 1000, 1000, 1000]);
  });

  it('says so at attempts 1, 2, 4, 8, 16...: a minute of outage is seven lines, not sixty', () => {
    const said = Array.from({ length: 64 }, (_, i) => i + 1).filter(saysRetry);
    expect(said).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it('keeps a long wait_timeout for itself, whatever the global one', () => {
    const db = Object.defineProperty({ host: 'db', port: 3306, user: 'simplerr_chaos' }, 'password', {
      value: 'pw',
      enumerable: false,
    });
    expect(chaosConnectionOptions(db as never)).toMatchObject({
      host: 'db',
      user: 'simplerr_chaos',
      password: 'pw',
      sessionVariables: { wait_timeout: 28800 },
    });
  });
});
