import * as mariadb from 'mariadb';
import { closeConnection } from './closeConnection';
import { connectionOptions } from './connectionOptions';
import { oneWriteAtATime } from './oneWriteAtATime';
import type { StrategyFactory } from './strategy';

/**
 * The broken version, on purpose: one connection opened at start-up and reused for ever.
 * Once the server kills it (or wait_timeout expires) every request fails until a restart.
 */
export const createNaiveStrategy: StrategyFactory = (config, hooks) => {
  let shared: mariadb.Connection | undefined;
  let startError: unknown;
  return {
    name: 'naive',
    async start() {
      try {
        shared = await mariadb.createConnection(connectionOptions(config.db));
        hooks.opened(shared.threadId);
        // The one thing naive does right: an unhandled 'error' event would crash the process.
        shared.on('error', () => {});
      } catch (err) {
        startError = err; // the app still starts, and answers 503 like any other failure
      }
    },
    async acquire() {
      if (!shared) throw startError;
      return shared;
    },
    oneWriteAtATime: oneWriteAtATime(),
    async release() {
      // Kept for the next request, dead or alive: that is the bug this strategy demonstrates.
    },
    async close() {
      if (shared) await closeConnection(shared, false, hooks);
    },
  };
};
