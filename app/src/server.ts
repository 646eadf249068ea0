import type { Server } from 'node:http';
import { LISTENING_MESSAGE } from '../../lib/appProcess';
import { isDriverError } from '../../lib/db/errors';
import { createApp, type LabApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './observability/logger';

interface RunningServer {
  server: Server;
  lab: LabApp;
  port: number;
  /** Stops accepting, lets requests in flight finish, closes every connection. */
  shutdown(): Promise<void>;
}

async function until(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const lab = createApp(config, log);
  await lab.strategy.start();
  const server = lab.koa.listen(config.port);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, strategy: lab.strategy.name, db: `${config.db.host}:${config.db.port}` }, LISTENING_MESSAGE);

  let closing: Promise<void> | undefined;
  const shutdown = () => (closing ??= (async () => {
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await until(() => lab.inFlight() === 0, deadline);
    server.closeAllConnections(); // what is left: idle keep-alives and the lab page's event streams
    await closed;
    await lab.strategy.close();
    log.info({ unfinished: lab.inFlight() }, 'lab app stopped');
  })());
  return { server, lab, port, shutdown };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  // A database error must never crash the process; anything else is a bug, and a bug should stop it.
  process.on('uncaughtException', (err) => {
    log.error({ err }, 'uncaught exception');
    if (!isDriverError(err)) process.exit(1);
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  const running = await startServer(config, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void running.shutdown().then(() => process.exit(0), (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}

if (require.main === module) void main();
