import { backoffDelayMs, chaosConnectionOptions } from './dbSession';

describe('the chaos connection', () => {
  it('retries quickly after a blip, then every 5 s during an outage', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
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
