/**
 * Below the targets: for each strategy that missed its combined limit, the measurements that say
 * where its time went (its own latency beside its DB pattern's and the HTTP ceiling's).
 */
import { strategyLimit } from './combinedLimit';
import { findCeiling, findStrategyRow, type DrillRow } from './figures';
import { count, ms, ratio } from './format';
import { STRATEGIES } from '../../lib/settings/strategies';
import { LIMITS, type TargetCheck } from './targets';

export function limitsNote(rows: readonly DrillRow[], checks: readonly TargetCheck[]): string[] {
  const http = findCeiling(rows, 'http')?.figures;
  const lines = STRATEGIES.flatMap((strategy) => {
    const missed = checks.some(
      (check) => check.status === 'missed' && check.target.startsWith(`${strategy} `) && check.target.includes('limit'),
    );
    const row = findStrategyRow(rows, strategy, false);
    const pattern = findCeiling(rows, strategy)?.figures;
    const limit = strategyLimit(rows, strategy);
    if (!missed || !row || !pattern || !http || !limit) return [];
    return [
      `- ${strategy}: ${count(row.figures.requestsPerSecond)} req/s at p50 ${ms(row.figures.latencyMs.p50)} ms, ` +
        `${ratio(row.figures.requestsPerSecond / limit)} × its limit of ${count(limit)}; its DB pattern alone: ` +
        `${count(pattern.requestsPerSecond)} req/s at p50 ${ms(pattern.latencyMs.p50)} ms, the HTTP ceiling ` +
        `${count(http.requestsPerSecond)} req/s at p50 ${ms(http.latencyMs.p50)} ms.`,
    ];
  });
  if (lines.length === 0) return [];
  return [`Below ${LIMITS.ofCombinedLimit} × the combined limit, with what each part took alone:`, '', ...lines, ''];
}
