/**
 * What the lab's own instrumentation costs (metrics, lab events, the traffic chart, the request log
 * scope): one strategy with INSTRUMENTATION=off, on, on, off, back to back in the same run.
 */
import { rowsOfKind, type DrillRow } from './figures';
import { count, ms, percent } from './format';
import { markdownTable } from './table';

/** Above this share of the uninstrumented throughput, the instrumentation is too expensive. */
export const MAX_INSTRUMENTATION_COST = 0.1;

export interface InstrumentationCost {
  readonly strategy: string;
  readonly onRps: number;
  readonly offRps: number;
  /** 1 − on/off of the mean throughputs: the share the instrumentation takes (negative: noise, on was faster). */
  readonly cost: number;
}

export function instrumentationCost(rows: readonly DrillRow[]): InstrumentationCost | undefined {
  const measured = rowsOfKind(rows, 'instrumentation');
  const mean = (instrumented: boolean) => {
    const phases = measured.filter((row) => row.instrumented === instrumented);
    return phases.length ? phases.reduce((sum, row) => sum + row.figures.requestsPerSecond, 0) / phases.length : 0;
  };
  const [onRps, offRps] = [mean(true), mean(false)];
  if (onRps === 0 || offRps === 0) return undefined;
  return { strategy: measured[0].strategy, onRps, offRps, cost: 1 - onRps / offRps };
}

export function instrumentationSection(rows: readonly DrillRow[]): string[] {
  const measured = rowsOfKind(rows, 'instrumentation');
  const cost = instrumentationCost(rows);
  if (!cost) return [];
  return [
    `## The lab's own instrumentation: ${cost.strategy}, INSTRUMENTATION=off, on, on, off`,
    '',
    markdownTable(
      ['INSTRUMENTATION', 'req/s', 'p50 ms', 'p99 ms', 'failed'],
      measured.map((row) => [
        row.instrumented ? 'on' : 'off',
        count(row.figures.requestsPerSecond),
        ms(row.figures.latencyMs.p50),
        ms(row.figures.latencyMs.p99),
        count(row.figures.failed),
      ]),
      (i) => i > 0,
    ),
    '',
    ...(cost.cost >= 0
      ? [
          `Metrics, lab events, the traffic chart and the request's log lines cost ${percent(cost.cost)} of the throughput`,
          `(${count(cost.onRps)} vs ${count(cost.offRps)} req/s, the means of its phases).`,
        ]
      : [
          `Metrics, lab events, the traffic chart and the request's log lines cost nothing measurable here: the phases`,
          `with them were ${percent(-cost.cost)} faster (${count(cost.onRps)} vs ${count(cost.offRps)} req/s, the means of its phases),`,
          'which is the noise between phases of the same app.',
        ]),
    '',
  ];
}
