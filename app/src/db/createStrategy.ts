import type { StrategyName } from '../../../lib/settings/strategies';
import type { Config } from '../config';
import { createNaiveStrategy } from './naive';
import { createPerRequestStrategy } from './connectionLimit';
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
