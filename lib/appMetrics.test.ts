import { sumMetric } from './appMetrics';

describe('sumMetric', () => {
  const text = [
    '# HELP db_retries_total Reads retried on a fresh connection',
    '# TYPE db_retries_total counter',
    'db_retries_total{kind="connection-lost"} 40',
    'db_retries_total{kind="server-unreachable"} 2',
    'db_retries_total_other 99',
    'db_errors_total{kind="connection-lost"} 7',
  ].join('\n');

  it('adds up every label set of the metric, and nothing of a metric whose name only starts the same', () => {
    expect(sumMetric(text, 'db_retries_total')).toBe(42);
  });

  it('is 0 for a counter nothing has incremented yet (prom-client prints no series)', () => {
    expect(sumMetric('# HELP db_retries_total x\n# TYPE db_retries_total counter\n', 'db_retries_total')).toBe(0);
  });
});
