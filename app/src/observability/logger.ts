import pino from 'pino';
import type { Config } from '../config';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; one line per event, request lines carry a reqId. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'app' }, timestamp: pino.stdTimeFunctions.isoTime });
}
