/** The numbers of one measured phase, and of the whole run: what the table, the chart and the targets read. */
import type { StrategyName } from '../../lib/settings/strategies';
import type { ProfileSummary } from './cpuProfile';
import type { PortRange } from './timeWait';

export interface LatencyMs {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * CPU time per successful answer, in µs, by process (cpuMeter.ts); null where a process was not
 * there (no app in a DB pattern, no docker-proxy) or could not be read.
 */
export interface CpuUse {
  readonly app: number | null;
  readonly db: number | null;
  /** Docker's userland proxies of the lab's published ports (the database's, the composed app's). */
  readonly proxy: number | null;
  /** The drill process: the load generator, or the DB pattern's client loops. */
  readonly drill: number;
  /** The app's read system calls per answer: the HTTP request's, plus the database replies'. */
  readonly appReads: number | null;
}

export interface Figures {
  /** Successful answers (2xx, or queries that returned) per second. */
  readonly requestsPerSecond: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly latencyMs: LatencyMs;
  /** Where the CPU went, for the phases the drill measures it in (measureSteps.ts). */
  readonly cpu?: CpuUse;
}

/**
 * What a strategy is measured against: the HTTP ceiling (the app without the database), and each
 * strategy's database pattern without HTTP (named by the strategy whose pattern it is).
 */
export type Ceiling = 'http' | StrategyName;

/** One line of the table: a ceiling, or a strategy with or without chaos. */
export type DrillRow =
  | { readonly kind: 'ceiling'; readonly ceiling: Ceiling; readonly figures: Figures; readonly rssBytes: number | null }
  | {
      readonly kind: 'strategy';
      readonly strategy: StrategyName;
      readonly chaos: boolean;
      readonly figures: Figures;
      /** Requests the app retried on a fresh connection (db_retries_total during the phase). */
      readonly retried: number;
      /** Connections the chaos killed during the phase (0 without chaos). */
      readonly kills: number;
      /** The failed requests by what the app answered (db_errors_total by kind over the phase). */
      readonly failedBy: Readonly<Record<string, number>>;
      /** The app's resident memory at the end of the phase. */
      readonly rssBytes: number;
    }
  | {
      /** GET /person/first whose statement waits `waitMs` on the server (SLEEP), no chaos. */
      readonly kind: 'waiting';
      readonly strategy: StrategyName;
      readonly waitMs: number;
      /** The most connections the strategy runs queries on at once: naive 1, per-request DB_MAX_CONNECTIONS, the pool POOL_SIZE. */
      readonly connections: number;
      readonly figures: Figures;
    }
  | {
      /** The connection storm: many more clients than the app has connections, no chaos. */
      readonly kind: 'storm';
      readonly strategy: StrategyName;
      readonly clients: number;
      readonly figures: Figures;
      /** The failed requests by what the app answered (db_errors_total by kind over the phase). */
      readonly failedBy: Readonly<Record<string, number>>;
      readonly rssBytes: number;
    }
  | {
      /** One POOL_SIZE of the sweep: the pool app, and the pool's database pattern at that size. */
      readonly kind: 'sweep';
      readonly poolSize: number;
      readonly figures: Figures;
      readonly pattern: Figures;
      /** The pool app again with queries that wait on the server (null: not measured). */
      readonly waiting: { readonly waitMs: number; readonly figures: Figures } | null;
    }
  | {
      /**
       * naive with the connector's pipelining off (DB_PIPELINING=off), no chaos: its shared connection
       * runs one statement at a time, as a pooled connection does.
       */
      readonly kind: 'unpipelined';
      readonly figures: Figures;
    }
  | {
      /** One strategy with the lab's instrumentation on or off (INSTRUMENTATION), no chaos. */
      readonly kind: 'instrumentation';
      readonly strategy: StrategyName;
      readonly instrumented: boolean;
      readonly figures: Figures;
    }
  | {
      /** One strategy's app under node --cpu-prof, no chaos: where its main thread's time went. */
      readonly kind: 'profile';
      readonly strategy: StrategyName;
      readonly figures: Figures;
      /** The profile's samples over the measured phase only. */
      readonly profile: ProfileSummary;
    }
  | {
      /** The app as the learner runs it: in its container on the compose network. */
      readonly kind: 'composed';
      readonly strategy: StrategyName | 'http';
      readonly chaos: boolean;
      readonly figures: Figures;
      /** Right after the phase, in the app container: sockets in TIME_WAIT towards the database, and its port range. */
      readonly ports: { readonly timeWait: number; readonly range: PortRange | null } | null;
    };

export type StrategyRow = Extract<DrillRow, { kind: 'strategy' }>;
export type StormRow = Extract<DrillRow, { kind: 'storm' }>;
export type WaitingRow = Extract<DrillRow, { kind: 'waiting' }>;
export type CeilingRow = Extract<DrillRow, { kind: 'ceiling' }>;
export type SweepRow = Extract<DrillRow, { kind: 'sweep' }>;
export type InstrumentationRow = Extract<DrillRow, { kind: 'instrumentation' }>;
export type ComposedRow = Extract<DrillRow, { kind: 'composed' }>;
export type ProfileRow = Extract<DrillRow, { kind: 'profile' }>;

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly nodeVersion: string;
  readonly dbVersion: string;
  readonly dbAddress: string;
}

export interface DrillSettingsUsed {
  readonly concurrency: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly chaosIntervalMs: number;
  /** Clients of the connection storm phase (0: none). */
  readonly stormClients: number;
  /** Whose sleeping connections the chaos killed: the app user. */
  readonly chaosTargetUser: string;
  /** The app tuning variables handed to the apps (POOL_SIZE...); the app's defaults for the rest. */
  readonly appTuning: Readonly<Record<string, string>>;
  readonly note: string | undefined;
  /** The app's POOL_SIZE in the strategy rows (the lab's setting, else the app's default). */
  readonly poolSize: number;
  /** Load average (1, 5, 15 min) when the run started and when it ended: how quiet the machine was. */
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
}

export interface DrillRun {
  readonly startedAt: Date;
  readonly settings: DrillSettingsUsed;
  readonly machine: Machine;
  readonly rows: readonly DrillRow[];
}

export const findStrategyRow = (rows: readonly DrillRow[], strategy: StrategyName, chaos: boolean) =>
  rows.find((row): row is StrategyRow => row.kind === 'strategy' && row.strategy === strategy && row.chaos === chaos);

export const findCeiling = (rows: readonly DrillRow[], ceiling: Ceiling) =>
  rows.find((row): row is CeilingRow => row.kind === 'ceiling' && row.ceiling === ceiling);

export const rowsOfKind = <K extends DrillRow['kind']>(rows: readonly DrillRow[], kind: K) =>
  rows.filter((row): row is Extract<DrillRow, { kind: K }> => row.kind === kind);
