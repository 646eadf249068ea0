import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import type { Config } from '../config';

export type Logger = pino.Logger;

/** The request being served, as far as its async work reaches (queries, pool callbacks, hooks). */
const requestScope = new AsyncLocalStorage<{ readonly reqId: string }>();

/** Runs a request's work so that every log line written on its behalf carries its reqId. */
export function inRequestScope<T>(reqId: string, work: () => Promise<T>): Promise<T> {
  return requestScope.run({ reqId }, work);
}

/**
 * Structured JSON logs on stdout, one line per event. Lines written inside a request's async scope
 * carry its reqId without anyone passing a logger around: the mixin reads it from the scope.
 */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'app' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => requestScope.getStore() ?? {},
  });
}
