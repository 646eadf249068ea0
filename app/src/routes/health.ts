import Router from '@koa/router';
import type { DbTimeouts } from '../config';
import { deadlinesFor, withinDeadline } from '../db/deadlines';
import { RequestConnection } from '../db/retryOnLostConnection';
import type { ConnectionStrategy } from '../db/strategy';
import { classifyDbError, DatabaseTimeoutError } from '../../../lib/db/errors';
import { serverInfo, serverLabel } from '../../../lib/db/serverInfo';
import type { Metrics } from '../observability/metrics';
import type { LabState } from '../state';

const NO_RETRY_OBSERVER = { retried: () => undefined };

/** SELECT 1 through the strategy; the server's label when it answers. Closes its connection whatever happens. */
async function askDatabase(strategy: ConnectionStrategy, timeouts: DbTimeouts): Promise<string> {
  const db = new RequestConnection(strategy, NO_RETRY_OBSERVER, deadlinesFor(timeouts, 'ready'));
  try {
    await db.open();
    await db.read('SELECT 1');
    return serverLabel(serverInfo(db.serverVersion()));
  } finally {
    await db.close();
  }
}

/**
 * /livez: the process is up. It never touches the database, so a chaos kill never makes
 * an orchestrator restart the container. /readyz: the database answers through the active strategy,
 * and says which server answered (`make up` prints it), within READY_TIMEOUT_MS whatever the database
 * does — with DB_TIMEOUTS=off too, where the check is left to finish on its own after the answer.
 */
export function healthRoutes(strategy: ConnectionStrategy, metrics: Metrics, timeouts: DbTimeouts): Router<LabState> {
  const router = new Router<LabState>();
  router.get('/livez', (ctx) => {
    ctx.body = { status: 'alive' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      const server = await withinDeadline(
        askDatabase(strategy, timeouts),
        timeouts.readyTimeoutMs,
        () => new DatabaseTimeoutError('READY_TIMEOUT_MS', timeouts.readyTimeoutMs),
        () => undefined, // with deadlines on, the check destroyed its connection already
      );
      ctx.body = { status: 'ready', strategy: strategy.name, server };
    } catch (err) {
      ctx.status = 503;
      ctx.set('Retry-After', '1');
      ctx.body = {
        error: classifyDbError(err).kind,
        detail: `The database does not answer through the ${strategy.name} strategy.`,
      };
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
