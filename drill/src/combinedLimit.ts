/**
 * How fast a strategy can be at best, on this machine, in this run. The HTTP work (Koa, the load
 * generator) and the database work (the connector, the server, Docker's port proxy) share the same
 * cores, so their times per request add up: at best 1 / (1/HTTP ceiling + 1/DB-pattern ceiling).
 */
import type { StrategyName } from '../../lib/settings/strategies';
import { findCeiling, type DrillRow } from './figures';

/** The combined limit of two ceilings in requests per second (0 when either is 0). */
export function combinedLimit(httpRps: number, dbPatternRps: number): number {
  return httpRps > 0 && dbPatternRps > 0 ? 1 / (1 / httpRps + 1 / dbPatternRps) : 0;
}

/** A strategy's combined limit from the run's ceilings; undefined when one of them was not measured. */
export function strategyLimit(rows: readonly DrillRow[], strategy: StrategyName): number | undefined {
  const http = findCeiling(rows, 'http')?.figures.requestsPerSecond;
  const pattern = findCeiling(rows, strategy)?.figures.requestsPerSecond;
  return http === undefined || pattern === undefined ? undefined : combinedLimit(http, pattern);
}
