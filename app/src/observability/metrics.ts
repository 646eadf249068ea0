import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DB_FAILURE_KINDS } from '../../../lib/db/errors';
import type { ConnectionHooks, ConnectionStrategy, PoolStats } from '../db/strategy';
import type { Logger } from './logger';

/** Prometheus metrics for one app instance (its own registry, so tests can run several apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route'] as const,
      registers,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    connections: new Counter({
      name: 'db_connections_total',
      help: 'Database connections opened, closed politely, or destroyed',
      labelNames: ['event'] as const,
      registers,
    }),
    retries: new Counter({
      name: 'db_retries_total',
      help: 'Reads (and keyed writes) retried on a fresh connection, by the failure that caused them',
      labelNames: ['kind'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'db_errors_total',
      help: 'Database errors answered to a client, by class of the error taxonomy',
      labelNames: ['kind'] as const,
      registers,
    }),
  };
  // Every known series starts at 0, so a learner (and a rate() query) sees "no retries yet"
  // instead of a missing line.
  for (const event of ['opened', 'closed', 'destroyed'] as const) metrics.connections.inc({ event }, 0);
  for (const kind of DB_FAILURE_KINDS) {
    metrics.errors.inc({ kind }, 0);
    if (kind === 'connection-lost' || kind === 'query-killed' || kind === 'read-only') metrics.retries.inc({ kind }, 0);
  }
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Pool gauges are read from the pool when Prometheus scrapes, not kept up to date on every request. */
export function registerPoolGauges(metrics: Metrics, strategy: ConnectionStrategy): void {
  const registers = [metrics.registry];
  const readPool = strategy.poolStats?.bind(strategy);
  if (!readPool) return; // a strategy without a pool has nothing to show here
  const poolStat = (key: keyof PoolStats) => readPool()[key];
  new Gauge({
    name: 'db_pool_size',
    help: 'Pool size limit',
    registers,
    collect() {
      this.set(poolStat('size'));
    },
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Pool connections by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      for (const state of ['total', 'idle', 'active'] as const) this.set({ state }, poolStat(state));
    },
  });
  new Gauge({
    name: 'db_pool_waiting',
    help: 'Requests waiting for a pool connection',
    registers,
    collect() {
      this.set(poolStat('waiting'));
    },
  });
}

/** Connection lifecycle: counted in metrics, one debug log line each (with the reqId when a request caused it). */
export function connectionHooks(metrics: Metrics, log: Logger): ConnectionHooks {
  return {
    opened(threadId) {
      metrics.connections.inc({ event: 'opened' });
      log.debug({ threadId }, 'db connection opened');
    },
    closed(threadId) {
      metrics.connections.inc({ event: 'closed' });
      log.debug({ threadId }, 'db connection closed');
    },
    destroyed(threadId, reason) {
      metrics.connections.inc({ event: 'destroyed' });
      log.debug({ threadId, reason }, 'db connection destroyed');
    },
  };
}
