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
  'failover',
  'primary-crash',
] as const;
export type ChaosModeName = (typeof CHAOS_MODES)[number];

/** The modes that move the primary's role: they need TOPOLOGY=primary-replica (two servers, an endpoint). */
export const PAIR_MODES: readonly ChaosModeName[] = ['failover', 'primary-crash'];
