import { connectionBudget as budgetOf, type StrategyName } from '../../../lib/settings/strategies';
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
export const connectionBudget = (config: Config): number =>
  budgetOf(config.strategy, { poolSize: config.pool.size, dbMaxConnections: config.dbMaxConnections });
