import { DEFAULTS, parseArgs, UsageError, wantsHelp } from './args';

describe('parseArgs', () => {
  it('defaults to concurrency 32, 10 s per phase, chaos every 200 ms, all strategies, drill/results', () => {
    expect(parseArgs([])).toEqual({
      concurrency: 32,
      durationSeconds: 10,
      warmupSeconds: 2,
      chaosIntervalMs: 200,
      stormClients: 200,
      faultSeconds: 8,
      strategies: ['naive', 'per-request', 'pool'],
      sweepPoolSizes: [1, 2, 4, 8, 16, 32],
      waitMs: 1,
      profileStrategies: ['naive', 'pool'],
      instrumentationStrategy: 'pool',
      composedUrl: undefined,
      outDir: DEFAULTS.outDir,
      note: undefined,
    });
  });

  it('reads flags in both spellings, and flags win over the environment', () => {
    const options = parseArgs(['--concurrency', '4', '--duration=1.5', '--out', '/tmp/x', '--note', 'on the host'], {
      DRILL_CONCURRENCY: '64',
      DRILL_WARMUP: '0',
      DRILL_CHAOS_INTERVAL_MS: '500',
    });
    expect(options).toMatchObject({
      concurrency: 4,
      durationSeconds: 1.5,
      warmupSeconds: 0,
      chaosIntervalMs: 500,
      outDir: '/tmp/x',
      note: 'on the host',
    });
  });

  it('keeps the lesson order of strategies whatever order they are given in', () => {
    expect(parseArgs(['--strategies', 'pool, naive']).strategies).toEqual(['naive', 'pool']);
  });

  it('reads the sweep sizes, the profiled and the instrumentation strategies and the composed app, or none of them', () => {
    expect(
      parseArgs([
        '--sweep',
        '8, 2,8',
        '--profile',
        'pool,per-request',
        '--instrumentation',
        'naive',
        '--composed',
        'http://localhost:8080',
      ]),
    ).toMatchObject({
      sweepPoolSizes: [2, 8],
      profileStrategies: ['per-request', 'pool'],
      instrumentationStrategy: 'naive',
      composedUrl: 'http://localhost:8080',
    });
    expect(
      parseArgs(['--sweep', 'none', '--profile', 'none', '--instrumentation', 'none', '--composed', 'none']),
    ).toMatchObject({
      sweepPoolSizes: [],
      profileStrategies: [],
      instrumentationStrategy: undefined,
      composedUrl: undefined,
    });
    expect(parseArgs([], { DRILL_WAIT_MS: '0' }).waitMs).toBe(0);
  });

  it.each([
    [['--sweep', '0,8'], /--sweep is "0,8": expected POOL_SIZE values from 1 to 500/],
    [['--sweep', 'eight'], /--sweep is "eight"/],
    [['--wait-ms', '21'], /--wait-ms is "21": expected a whole number from 0 to 20/],
    [
      ['--instrumentation', 'pooled'],
      /--instrumentation is "pooled": expected one of naive, per-request, pool, or none/,
    ],
    [['--profile', 'pool,fast'], /--profile is "pool,fast": expected a comma-separated list of .*, or none/],
    [['--composed', 'localhost:8080'], /--composed is "localhost:8080": expected http:\/\/host:port/],
    [['--concurrency', '0'], /--concurrency is "0": expected a whole number from 1/],
    [['--concurrency', '2.5'], /whole number/],
    [['--duration', 'ten'], /--duration is "ten"/],
    [
      ['--strategies', 'pool,magic'],
      /--strategies is "pool,magic": expected a comma-separated list of naive, per-request, pool/,
    ],
    [['--verbose'], /unknown option "--verbose"/],
    [['--storm', '-1'], /--storm is "-1": expected a whole number from 0 to 2000/],
    [['--fault-seconds', '200'], /--fault-seconds is "200": expected a number from 0 to 120/],
    [['--out'], /--out needs a value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('names the environment variable when the bad value came from there', () => {
    expect(() => parseArgs([], { DRILL_DURATION: '-1' })).toThrow(/DRILL_DURATION is "-1"/);
  });

  it('recognises --help and -h', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--duration', '2'])).toBe(false);
  });
});
