import { createServer, type Server } from 'node:http';
import { LISTENING_MESSAGE } from '../../lib/appProcess';
import { createApp, type LabApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { answerUnreadableRequest } from './http/unreadableRequests';
import { createLogger, type Logger } from './observability/logger';

interface RunningServer {
  server: Server;
  lab: LabApp;
  port: number;
  /** Stops accepting, lets requests in flight finish, closes every connection. */
  shutdown(): Promise<void>;
}

/** How often Node checks its request timeouts (its default, 30 s, would let a slow client overstay by that much). */
const TIMEOUT_CHECK_MS = 1000;
/**
 * Closing the listener resets the connections still in the kernel's accept queue: clients whose last
 * answer said Connection: close have already sent their next request on a new one. So the listener
 * closes only once no connection has arrived for this long: the queue is empty, everyone was answered
 * (a second: clients that a load balancer still sends, on two busy cores, leave gaps of a few hundred ms).
 */
const ACCEPT_QUEUE_QUIET_MS = 1000;
/** After the last request, how long answers still being written get before their connections are cut. */
const LAST_WRITES_MS = 1000;

async function until(condition: () => boolean | Promise<boolean>, deadline: number): Promise<void> {
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const lab = createApp(config, log);
  await lab.strategy.start();
  const handle = lab.koa.callback();
  const server = createServer(
    {
      requestTimeout: config.httpRequestTimeoutMs,
      headersTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
      requireHostHeader: false, // checked by the app, which answers in JSON (http/hostHeader.ts)
    },
    (req, res) => void handle(req, res), // Koa answers every error itself: nothing to await here
  );
  server.on('clientError', answerUnreadableRequest(log, config.httpRequestTimeoutMs));
  server.listen(config.port);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, strategy: lab.strategy.name, db: `${config.db.host}:${config.db.port}` }, LISTENING_MESSAGE);

  let lastConnectionAt = 0;
  server.on('connection', () => (lastConnectionAt = Date.now()));
  const acceptQueueQuiet = () => Date.now() - lastConnectionAt >= ACCEPT_QUEUE_QUIET_MS;
  const openConnections = () =>
    new Promise<number>((resolve) => server.getConnections((_err, count) => resolve(count ?? 0)));
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      const deadline = Date.now() + config.shutdownTimeoutMs;
      // Still listening: a request that arrives now gets a 503 with Connection: close, not a refused connection.
      lab.beginDrain();
      await until(() => lab.requestsRunning() === 0 && acceptQueueQuiet(), deadline);
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections(); // keep-alives that sent nothing since SIGTERM
      await until(async () => (await openConnections()) === 0, Math.min(deadline, Date.now() + LAST_WRITES_MS));
      server.closeAllConnections(); // what is left: the lab page's event streams, slow writers
      await closed;
      await lab.strategy.close();
      log.info({ unfinished: lab.requestsRunning() }, 'lab app stopped');
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
  // Database errors are handled where they arise (each strategy listens for its connections' 'error').
  // One that reaches here was handled nowhere: a bug. Log it and end rather than run on in an unknown state.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception: ending the process');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  const running = await startServer(config, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void running.shutdown().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) void main();
