/**
 * The HTTP ceiling a strategy's throughput is measured against, on this machine, in this run: the same
 * Koa app answering a route that never touches the database (GET /livez). Its database ceilings are
 * in dbPatterns.ts. Absolute numbers move with the machine and whatever else runs on it; ratios to
 * ceilings measured in the same run move much less.
 */
import type { Figures } from './figures';
import { runHttpLoad, type LoadSettings } from './httpLoad';

export function measureHttpCeiling(appUrl: string, load: LoadSettings): Promise<Figures> {
  return runHttpLoad(`${appUrl}/livez`, load);
}
