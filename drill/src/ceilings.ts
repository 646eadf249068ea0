/**
 * The two ceilings a strategy's throughput is measured against, on this machine, in this run:
 * - HTTP: the same Koa app answering a route that never touches the database (GET /livez);
 * - database: the route's SELECT through the same connector, without HTTP, `concurrency` loops on a pool
 *   of `concurrency` connections.
 * Absolute numbers move with the machine and whatever else runs on it; ratios to these move much less.
 */
import { performance } from 'node:perf_hooks';
import * as mariadb from 'mariadb';
import { loginOptions } from '../../lib/db/loginOptions';
import type { Figures } from './figures';
import { runHttpLoad, type LoadSettings } from './httpLoad';
import type { DrillDbSettings } from './labSettings';
import { latencySummary } from './percentiles';

/** The statement behind GET /person/first (app/src/people/repository.ts firstPerson). */
export const FIRST_PERSON_SQL = 'SELECT id, firstname, surname FROM person ORDER BY id LIMIT 1';

export function measureHttpCeiling(appUrl: string, load: LoadSettings): Promise<Figures> {
  return runHttpLoad(`${appUrl}/livez`, load);
}

export interface DbCeiling {
  readonly figures: Figures;
  readonly serverVersion: string;
}

export async function measureDbCeiling(
  db: DrillDbSettings,
  { concurrency, durationSeconds }: LoadSettings,
): Promise<DbCeiling> {
  const pool = mariadb.createPool({
    ...loginOptions(db.app),
    connectionLimit: concurrency,
    minimumIdle: concurrency,
  });
  try {
    // Open every connection before the clock starts: the ceiling is about queries, not logins.
    const first = await Promise.all(Array.from({ length: concurrency }, () => pool.getConnection()));
    const serverVersion = first[0].serverVersion();
    await Promise.all(first.map((conn) => conn.release()));

    const samplesMs: number[] = [];
    let failed = 0;
    const started = performance.now();
    const end = started + durationSeconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await pool.query(FIRST_PERSON_SQL);
          samplesMs.push(performance.now() - sent);
        } catch {
          failed++;
          await new Promise((resolve) => setTimeout(resolve, 10)); // no hot loop against a database that is down
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    const seconds = (performance.now() - started) / 1000;
    return {
      serverVersion,
      figures: {
        requestsPerSecond: samplesMs.length / seconds,
        succeeded: samplesMs.length,
        failed,
        latencyMs: latencySummary(samplesMs),
      },
    };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
