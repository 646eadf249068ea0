/**
 * The app's connection strategies by name, and the settings every program agrees on. The app's
 * config reads them; compose and the Makefile pass an empty STRATEGY through, so the default is
 * this one.
 */
export const STRATEGIES = ['naive', 'per-request', 'pool'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export const DEFAULT_STRATEGY: StrategyName = 'per-request';
export const DEFAULT_POOL_SIZE = 8;
export const DEFAULT_DB_MAX_CONNECTIONS = 50;

/**
 * The most connections a strategy holds at once, the limit a connection storm or a demo runs into:
 * naive's one, per-request's DB_MAX_CONNECTIONS, the pool's POOL_SIZE.
 */
export function connectionBudget(
  strategy: StrategyName,
  { poolSize, dbMaxConnections }: { readonly poolSize: number; readonly dbMaxConnections: number },
): number {
  switch (strategy) {
    case 'naive':
      return 1;
    case 'per-request':
      return dbMaxConnections;
    case 'pool':
      return poolSize;
  }
}
