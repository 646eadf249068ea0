import { cpus, totalmem } from 'node:os';
import { serverInfo, serverLabel } from '../../lib/db/serverInfo';
import type { Machine } from './figures';

/** What the numbers were measured on, the database server included: they mean little without it. */
export function describeMachine(dbVersion: string, dbAddress: string): Machine {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() || 'unknown CPU',
    cores: cores.length,
    memoryBytes: totalmem(),
    nodeVersion: process.version,
    // "MySQL 9.7.4 (9.7.4-2)": the server by name, and the version string it reported.
    dbVersion: dbVersion === 'unknown' ? dbVersion : `${serverLabel(serverInfo(dbVersion))} (${dbVersion})`,
    dbAddress,
  };
}
