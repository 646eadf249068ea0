/**
 * What other programs may use of the chaos program in-process: the drill runs its kill-idle
 * mode and round loop under load, and the lab page's test aims its kill-idle mode at one app process.
 * Everything else in chaos/src is its own business. The program itself is main.ts.
 */
export { LabReporter, createAnnouncer } from './announce';
export { CHAOS_MODES, type ChaosModeName } from './config';
export { ChaosDbSession } from './dbSession';
export { killSleepingConnections } from './killConnections';
export { killIdleMode } from './modes/killIdle';
export { runChaos } from './runChaos';
// The drill's partition and freeze phases run the chaos program's own modes, one round each.
export { loadChaosConfig } from './config';
export { createMode } from './modes/createMode';
export { SavedSettings } from './savedSettings';
export { chaosLine, chaosLineTime, PRIMARY_CRASH_DONE, switchoverDone } from './lines';
