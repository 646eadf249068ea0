import { runAppExpectingExit } from '../support/appProcess';

describe('configuration is validated at start-up', () => {
  it.each([
    [{ STRATEGY: 'pooled' }, /STRATEGY is "pooled": expected one of naive, per-request, pool/],
    [{ DB_PASSWORD: '' }, /DB_PASSWORD is "": expected a non-empty value/],
    [{ DB_PORT: 'three' }, /DB_PORT is "three": expected a whole number/],
    [{ POOL_SIZE: '0' }, /POOL_SIZE is "0"/],
    [{ READY_TIMEOUT_MS: '5000' }, /READY_TIMEOUT_MS is "5000": expected at most 2000 \(the app's healthcheck/],
  ])('the app refuses %j and names the variable', async (env, message) => {
    const { code, stderr } = await runAppExpectingExit(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });
});
