import type { StrategyName } from '../../../lib/settings/strategies';
import type { Config } from '../config';
import { createNaiveStrategy } from './naive';
import { createPerRequestStrategy } from './perRequest';
import { createPoolStrategy } from './pool';
import type { ConnectionHooks, ConnectionStrategy, StrategyFactory } from './strategy';

const FACTORIES: Record<StrategyName, StrategyFactory> = {
  naive: createNaiveStrategy,
  'per-request': createPerRequestStrategy,
  pool: createPoolStrategy,
};

export function createStrategy(config: Config, hooks: ConnectionHooks): ConnectionStrategy {
  return FACTORIES[config.strategy](config, hooks);
}

/** The most connections the strategy holds at once: the limit a connection storm or a demo runs into. */
export function connectionBudget(config: Config): number {
  switch (config.strategy) {
    case 'naive':
      return 1;
    case 'per-request':
      return config.dbMaxConnections;
    case 'pool':
      return config.pool.size;
  }
}
