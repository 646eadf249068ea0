import type { ChaosModeName } from '../config';
import { dbDownMode } from './dbDown';
import { failoverMode } from './failover';
import { freezeMode } from './freeze';
import { killActiveMode } from './killActive';
import { killIdleMode } from './killIdle';
import { maxConnectionsMode } from './maxConnections';
import type { ChaosMode, ModeContext } from './mode';
import { partitionMode } from './partition';
import { primaryCrashMode } from './primaryCrash';
import { restartDbMode } from './restartDb';
import { shortWaitTimeoutMode } from './shortWaitTimeout';

const MODES: Record<ChaosModeName, (ctx: ModeContext) => ChaosMode> = {
  'kill-idle': killIdleMode,
  'kill-active': killActiveMode,
  'restart-db': restartDbMode,
  'db-down': dbDownMode,
  'short-wait-timeout': shortWaitTimeoutMode,
  'max-connections': maxConnectionsMode,
  partition: partitionMode,
  freeze: freezeMode,
  failover: failoverMode,
  'primary-crash': primaryCrashMode,
};

export function createMode(name: ChaosModeName, ctx: ModeContext): ChaosMode {
  return MODES[name](ctx);
}
