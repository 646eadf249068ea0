/** The chaos program's modes (chaos/src/modes/ has one file each); the Makefile checks MODE= against them. */
export const CHAOS_MODES = [
  'kill-idle',
  'kill-active',
  'restart-db',
  'db-down',
  'short-wait-timeout',
  'max-connections',
  'partition',
  'freeze',
] as const;
export type ChaosModeName = (typeof CHAOS_MODES)[number];
