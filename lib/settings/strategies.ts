/**
 * The app's connection strategies by name, and the settings every program agrees on. The app's
 * config reads them; compose and the Makefile pass an empty STRATEGY through, so the default is
 * this one.
 */
export const STRATEGIES = ['naive', 'per-request', 'pool'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export const DEFAULT_STRATEGY: StrategyName = 'per-request';
export const DEFAULT_POOL_SIZE = 8;
