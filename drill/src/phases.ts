/**
 * The drill's plan: which phases run, in which order, how long, and which app process each needs.
 * Ceilings first, then each strategy: warm-up, load without chaos, the same load with chaos, and the
 * connection storm (the same request from many more clients than the app has connections).
 */
import type { StrategyName } from '../../lib/settings/strategies';
import type { DrillOptions } from './args';

/** The app process a phase talks to: one per strategy, and one for the HTTP ceiling. */
export type AppKey = 'ceiling' | StrategyName;

export type Step =
  | {
      readonly kind: 'warmup';
      readonly app: AppKey;
      readonly path: '/livez' | '/person/first';
      readonly seconds: number;
    }
  | { readonly kind: 'http-ceiling'; readonly app: 'ceiling'; readonly seconds: number }
  | { readonly kind: 'db-ceiling'; readonly app: null; readonly seconds: number }
  | { readonly kind: 'strategy'; readonly app: StrategyName; readonly chaos: boolean; readonly seconds: number }
  | { readonly kind: 'storm'; readonly app: StrategyName; readonly clients: number; readonly seconds: number };

/** The HTTP ceiling's app runs per-request: it opens no connection until a route needs one, and /livez never does. */
export const CEILING_APP_STRATEGY: StrategyName = 'per-request';

export function planDrill(
  options: Pick<DrillOptions, 'strategies' | 'durationSeconds' | 'warmupSeconds' | 'stormClients'>,
): Step[] {
  const { durationSeconds: seconds, warmupSeconds, stormClients } = options;
  const warmup = (app: AppKey, path: '/livez' | '/person/first'): Step[] =>
    warmupSeconds > 0 ? [{ kind: 'warmup', app, path, seconds: warmupSeconds }] : [];
  return [
    ...warmup('ceiling', '/livez'),
    { kind: 'http-ceiling', app: 'ceiling', seconds },
    { kind: 'db-ceiling', app: null, seconds },
    ...options.strategies.flatMap((strategy): Step[] => [
      ...warmup(strategy, '/person/first'),
      { kind: 'strategy', app: strategy, chaos: false, seconds },
      { kind: 'strategy', app: strategy, chaos: true, seconds },
      // The "connection storm": far more clients than connections. Last, so it cannot slow the others.
      ...(stormClients > 0 ? [{ kind: 'storm', app: strategy, clients: stormClients, seconds } as const] : []),
    ]),
  ];
}

export function stepLabel(step: Step): string {
  switch (step.kind) {
    case 'warmup':
      return `warm-up of the ${step.app === 'ceiling' ? 'HTTP ceiling' : step.app} app (not measured)`;
    case 'http-ceiling':
      return 'HTTP ceiling: GET /livez';
    case 'db-ceiling':
      return 'DB ceiling: the SELECT via the connector';
    case 'strategy':
      return `${step.app}, ${step.chaos ? 'with kill-idle chaos' : 'no chaos'}`;
    case 'storm':
      return `${step.app}, connection storm: ${step.clients} clients`;
  }
}

export const plannedSeconds = (steps: readonly Step[]) => steps.reduce((sum, step) => sum + step.seconds, 0);
