import { readOptions, USAGE, UsageError } from './options';

describe('readOptions', () => {
  it('has defaults for a default run of about four minutes', () => {
    expect(readOptions([], {})).toMatchObject({
      concurrency: 32,
      durationSeconds: 6,
      sweepPoolSizes: [1, 2, 4, 8, 16],
      faultSeconds: 6,
      stormClients: 0,
      pipelining: false,
      renderOnly: false,
      outDir: 'drill/results',
      pair: null,
    });
  });

  it('adds the failover rows for TOPOLOGY=primary-replica, with its replication', () => {
    expect(readOptions(['--topology', 'primary-replica'], { DRILL_REPLICATION: 'semi-sync' }).pair).toEqual({
      replication: 'semi-sync',
    });
    expect(() => readOptions(['--topology', 'two'])).toThrow(
      '--topology is "two": expected one of single, primary-replica',
    );
  });

  it('takes a flag over its DRILL_* variable, and either over the default', () => {
    const env = { DRILL_DURATION: '3', DRILL_SWEEP: '8,2,2', DRILL_PIPELINING: '1' };
    expect(readOptions(['--duration=2', '--storm', '200'], env)).toMatchObject({
      durationSeconds: 2,
      stormClients: 200,
      sweepPoolSizes: [2, 8],
      pipelining: true,
    });
    expect(readOptions(['--sweep', 'none', '--render'], env)).toMatchObject({ sweepPoolSizes: [], renderOnly: true });
  });

  it.each([
    [['--duration', '0'], '--duration is "0": expected a number from 1 to 3600'],
    [['--concurrency', '2.5'], '--concurrency is "2.5": expected a whole number from 1 to 1000'],
    [['--sweep', '0'], '--sweep is "0": expected POOL_SIZE values from 1 to 500, comma-separated, or none'],
    [['--colour'], "Unknown option '--colour'"],
  ])('refuses %j, naming the flag', (argv, message) => {
    expect(() => readOptions(argv, {})).toThrow(UsageError);
    expect(() => readOptions(argv, {})).toThrow(message);
  });

  it('names the variable when the bad value came from the environment', () => {
    expect(() => readOptions([], { DRILL_STORM: 'lots' })).toThrow('DRILL_STORM is "lots": expected a whole number');
  });

  it('lists every option with its variable in the usage text', () => {
    for (const flag of ['--concurrency', '--render', '--pipelining', '--storm', '--fault-seconds'])
      expect(USAGE).toContain(flag);
    expect(USAGE).toContain('DRILL_FAULT_SECONDS, default 6');
  });
});
