# Written by `npm run make-lists` from lib/settings/strategies.ts and chaosModes.ts: do not edit.
STRATEGIES := naive per-request pool
DEFAULT_STRATEGY := per-request
CHAOS_MODES := kill-idle kill-active restart-db db-down short-wait-timeout max-connections partition freeze failover primary-crash
