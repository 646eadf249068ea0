import { appTuning } from './labSettings';

describe('appTuning', () => {
  it('hands on the tuning variables set in the environment or .env, the environment first', () => {
    expect(
      appTuning({ POOL_SIZE: '16', PATH: '/bin' }, { POOL_SIZE: '8', POOL_IDLE_TIMEOUT_S: '20', DB_PASSWORD: 'x' }),
    ).toEqual({ POOL_SIZE: '16', POOL_IDLE_TIMEOUT_S: '20' });
  });
});
