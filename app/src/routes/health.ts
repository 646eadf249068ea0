import Router from '@koa/router';
import type { ConnectionStrategy } from '../db/strategy';
import { classifyDbError } from '../../../lib/db/errors';
import { serverInfo, serverLabel } from '../../../lib/db/serverInfo';
import type { Metrics } from '../observability/metrics';
import type { LabState } from '../state';

/**
 * /livez: the process is up. It never touches the database, so a chaos kill never makes
 * an orchestrator restart the container. /readyz: the database answers through the active strategy,
 * and says which server answered (`make up` prints it).
 */
export function healthRoutes(strategy: ConnectionStrategy, metrics: Metrics): Router<LabState> {
  const router = new Router<LabState>();
  router.get('/livez', (ctx) => {
    ctx.body = { status: 'alive' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      const conn = await strategy.acquire();
      let broken = false;
      let server: string;
      try {
        await conn.query('SELECT 1');
        server = serverLabel(serverInfo(conn.serverVersion()));
      } catch (err) {
        broken = classifyDbError(err).connectionBroken;
        throw err;
      } finally {
        await strategy.release(conn, broken);
      }
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
