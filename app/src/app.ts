import { join } from 'node:path';
import Koa from 'koa';
import type { Config } from './config';
import { connectionBudget } from '../../lib/settings/strategies';
import { createStrategy } from './db/createStrategy';
import type { ConnectionStrategy } from './db/strategy';
import { connectionPerRequest } from './db/connectionPerRequest';
import { deadlinesFor } from './db/deadlines';
import { requestConnections } from './db/retryOnLostConnection';
import { Drain } from './http/drain';
import { clientWentAway, errorResponses } from './http/errorResponses';
import { requireHostHeader } from './http/hostHeader';
import { requestContext } from './http/requestContext';
import { inlineScriptsOf, securityHeaders } from './http/securityHeaders';
import { LabEventLog } from './lab/events';
import { labPageHtml, labStaticFiles } from './lab/staticFiles';
import { createStatusReader } from './lab/statusFeed';
import { TrafficRecorder, type Outcome } from './lab/traffic';
import { WaitingOnDatabase } from './lab/waitingOnDatabase';
import type { Logger } from './observability/logger';
import { connectionHooks, createMetrics, registerPoolGauges, type Metrics } from './observability/metrics';
import { healthRoutes } from './routes/health';
import { labDemoRoutes } from './routes/labDemos';
import { labRoutes } from './routes/lab';
import { personRoutes } from './routes/person';
import type { LabState } from './state';

export interface LabApp {
  koa: Koa<LabState>;
  strategy: ConnectionStrategy;
  metrics: Metrics;
  events: LabEventLog;
  /** Requests accepted before the drain whose handlers are still running; graceful shutdown waits for zero. */
  requestsRunning(): number;
  /** Graceful shutdown's first step: not ready any more, new requests 503, every answer Connection: close. */
  beginDrain(): void;
}

const REPO_ROOT = join(__dirname, '..', '..', '..');
const NAIVE_HINT =
  'The naive strategy reuses one connection for ever and never opens a new one: restart the app, or switch to STRATEGY=per-request or pool.';

/** Which limit a pool-exhausted answer ran into: the learner sees the setting to look at. */
function exhaustedHint(config: Config): string | undefined {
  const waited = `the request waited ${config.pool.acquireTimeoutMs} ms (POOL_ACQUIRE_TIMEOUT_MS)`;
  if (config.strategy === 'pool')
    return `All ${config.pool.size} connections of the pool (POOL_SIZE) are busy; ${waited}.`;
  if (config.strategy === 'per-request')
    return `All ${config.dbMaxConnections} connections it may open (DB_MAX_CONNECTIONS) are busy; ${waited}.`;
  return undefined;
}

/** How the lab page's chart counts a database request: a deadline that ran out is not a failure that answered. */
function outcomeOf(status: number, body: unknown, retries: number): Outcome {
  if (status < 500) return retries > 0 ? 'retried' : 'succeeded';
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return error === 'database-timeout' ? 'timedOut' : 'failed';
}

/** Assembles the app: the request's story reads top to bottom in the middleware order. */
export function createApp(config: Config, log: Logger): LabApp {
  const metrics = createMetrics();
  const events = new LabEventLog();
  const traffic = new TrafficRecorder();
  const strategy = createStrategy(config, connectionHooks(metrics, log));
  registerPoolGauges(metrics, strategy);
  const { timeouts } = config;
  const waiting = new WaitingOnDatabase();
  // The tutorial's middleware (db/connectionPerRequest.ts) over the lab's request connections: the
  // strategy's, with one retry (db/retryOnLostConnection.ts) and deadlines (db/deadlines.ts).
  const withConnection = waiting.counting(
    connectionPerRequest(
      requestConnections(
        strategy,
        {
          retried(kind) {
            metrics.retries.inc({ kind });
            events.addAtMostEvery(500, {
              source: 'app',
              type: 'retry',
              message:
                kind === 'read-only'
                  ? 'a keyed write met a read-only server (a demoted primary) and was retried on a fresh connection'
                  : `a read lost its connection (${kind}) and was retried on a fresh one`,
            });
          },
        },
        deadlinesFor(timeouts, 'request'),
      ),
    ),
  );

  const drain = new Drain();
  const koa = new Koa<LabState>();
  koa.on('error', (err) => {
    // A client that goes away mid-answer (a closed lab page, a cancelled curl) is normal, not our error.
    if (clientWentAway(err)) log.debug({ code: err.code }, 'client went away');
    else log.error({ err }, 'koa error');
  });
  koa.use(
    requestContext<LabState>({
      log,
      metrics,
      strategyName: strategy.name,
      // The lab page's traffic chart: every request that used the database, by how it ended.
      onFinished(ctx) {
        const { usedDatabase, db } = ctx.state;
        if (usedDatabase) traffic.record(outcomeOf(ctx.status, ctx.body, db?.retries ?? 0));
      },
    }),
  );
  koa.use(securityHeaders(inlineScriptsOf(labPageHtml(REPO_ROOT))));
  koa.use(
    errorResponses({
      log,
      metrics,
      lostConnectionHint: strategy.name === 'naive' ? NAIVE_HINT : undefined,
      exhaustedHint: exhaustedHint(config),
      onDbFailure(kind, status, ctx) {
        if (kind === 'internal' || kind === 'bad-request') return;
        events.addAtMostEvery(500, {
          source: 'app',
          type: kind,
          message: `${ctx.method} ${ctx.path} answered ${status}: ${kind}`,
        });
      },
    }),
  );
  koa.use(requireHostHeader());
  koa.use(drain.middleware());
  koa.use(labStaticFiles(REPO_ROOT));
  for (const router of [
    healthRoutes(strategy, metrics, timeouts),
    labRoutes(createStatusReader(config, strategy, traffic, waiting), events, {
      maxStreams: config.labMaxStreams,
      eventsToken: config.labEventsToken,
    }),
    personRoutes({
      withConnection,
      bodyLimitBytes: config.bodyLimitBytes,
      idempotencyKeyTtlSeconds: config.idempotencyKeyTtlSeconds,
    }),
    labDemoRoutes({
      withConnection,
      strategy,
      connectionBudget: connectionBudget(config.strategy, {
        poolSize: config.pool.size,
        dbMaxConnections: config.dbMaxConnections,
      }),
    }),
  ]) {
    koa.use(router.routes()).use(router.allowedMethods());
  }
  return { koa, strategy, metrics, events, requestsRunning: () => drain.running, beginDrain: () => drain.begin() };
}
