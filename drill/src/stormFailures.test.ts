import { errorsByKind, stormFailures, stormNote } from './stormFailures';
import { sampleStormRows } from './fixtures/sampleRun';

const metrics = (pool: number, tooMany: number) =>
  [
    '# HELP db_errors_total Database errors answered to a client, by class of the error taxonomy',
    '# TYPE db_errors_total counter',
    `db_errors_total{kind="pool-exhausted"} ${pool}`,
    `db_errors_total{kind="too-many-connections"} ${tooMany}`,
    'db_retries_total{kind="connection-lost"} 3',
  ].join('\n');

describe('the failures of a connection storm, by kind', () => {
  it('reads db_errors_total by kind from /metrics', () => {
    expect(errorsByKind(metrics(4, 0))).toEqual({ 'pool-exhausted': 4, 'too-many-connections': 0 });
  });

  it('counts what each kind added during the phase, and what failed without a database error', () => {
    expect(stormFailures(errorsByKind(metrics(4, 1)), errorsByKind(metrics(30, 1)), 29)).toEqual({
      'pool-exhausted': 26,
      'no answer or another error': 3,
    });
    expect(stormFailures({}, {}, 0)).toEqual({});
  });

  it('says for each strategy which limit the clients met', () => {
    expect(stormNote(sampleStormRows)).toEqual([
      'Connection storm, 200 clients at once, each asking again as soon as it has its answer:',
      '- naive: every answer 200',
      '- per-request: 40 failed (what the app answered over the phase: 40 × 503 pool-exhausted)',
      '- pool: 12 failed (what the app answered over the phase: 10 × 503 pool-exhausted, 2 × no answer or another error)',
      '',
    ]);
  });
});
