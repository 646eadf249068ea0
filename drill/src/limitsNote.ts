/**
 * Below the targets: each strategy row that stayed under LIMITS.ofCombinedLimit of its combined limit,
 * with the measurements that say where its time went (its latency beside its DB pattern's and the
 * HTTP ceiling's). naive under chaos is left out: it fails by design.
 */
import { strategyLimit } from './combinedLimit';
import { cpuAgainstParts, partsByProcess } from './cpuSection';
import { findCeiling, rowsOfKind, type DrillRow } from './figures';
import { count, ms, ratio } from './format';
import { LIMITS } from './targets';

export function limitsNote(rows: readonly DrillRow[]): string[] {
  const http = findCeiling(rows, 'http')?.figures;
  const lines = rowsOfKind(rows, 'strategy').flatMap((row) => {
    const pattern = findCeiling(rows, row.strategy)?.figures;
    const limit = strategyLimit(rows, row.strategy);
    const fraction = limit ? row.figures.requestsPerSecond / limit : undefined;
    if ((row.strategy === 'naive' && row.chaos) || !http || !pattern || !limit || fraction! >= LIMITS.ofCombinedLimit)
      return [];
    const parts = partsByProcess(rows, row.strategy);
    const cpu = row.figures.cpu && parts ? ` CPU per answer (µs): ${cpuAgainstParts(row.figures.cpu, parts)}.` : '';
    return [
      `- ${row.strategy}${row.chaos ? ' under chaos' : ''}: ${count(row.figures.requestsPerSecond)} req/s at p50 ` +
        `${ms(row.figures.latencyMs.p50)} ms, ${ratio(fraction!)} × its limit of ${count(limit)}; its DB pattern ` +
        `alone: ${count(pattern.requestsPerSecond)} req/s at p50 ${ms(pattern.latencyMs.p50)} ms; the HTTP ceiling ` +
        `${count(http.requestsPerSecond)} req/s at p50 ${ms(http.latencyMs.p50)} ms.${cpu}`,
    ];
  });
  if (lines.length === 0) return [];
  const cpuMeasured = rowsOfKind(rows, 'strategy').some((row) => row.figures.cpu);
  return [
    `Below ${LIMITS.ofCombinedLimit} × the combined limit, with what each part took alone:`,
    '',
    ...lines,
    '',
    ...(cpuMeasured
      ? [
          'The combined limit adds the parts as each cost alone. In the strategy rows the app, the database server,',
          'docker-proxy and the load generator all run at once on the same cores, and where a process spent more',
          'per answer than its parts did alone, the limit is too high by as much.',
          '',
        ]
      : []),
  ];
}
