import { cpus, totalmem } from 'node:os';
import type { Machine } from './figures';

/** What the numbers were measured on: they mean little without it. */
export function describeMachine(dbVersion: string, dbAddress: string): Machine {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() || 'unknown CPU',
    cores: cores.length,
    memoryBytes: totalmem(),
    nodeVersion: process.version,
    dbVersion,
    dbAddress,
  };
}
