import type { ChaosEvent, Print } from '../announce';
import type { ChaosConfig, ChaosModeName } from '../config';
import type { ChaosDbSession } from '../dbSession';
import type { DockerEngine } from '../../../lib/docker/dockerEngine';
import type { SavedSettings } from '../savedSettings';

/** What every mode may use. Created once in main.ts. */
export interface ModeContext {
  readonly config: ChaosConfig;
  /** Our own database connection, reconnecting by itself. */
  readonly session: ChaosDbSession;
  /** A line on stdout (information, not an action). */
  readonly print: Print;
  /** A chaos action: printed, and shown on the lab page. */
  readonly announce: (event: ChaosEvent) => void;
  readonly docker: DockerEngine;
  /** The original of each server setting a mode changes, saved before the change: it must outlive us. */
  readonly saved: SavedSettings;
}

/**
 * One way of breaking things. The run loop calls round() every CHAOS_INTERVAL until stopped,
 * then undo() once, then prints actions() in the summary line.
 */
export interface ChaosMode {
  readonly name: ChaosModeName;
  /** One sentence printed at start: what this mode is about to do. */
  readonly intro: string;
  /** How long undo() may take, when more than the run loop's default (8 s). */
  readonly undoDeadlineMs?: number;
  /** One round. May throw: the loop prints the error and tries again next round. */
  round(stop: AbortSignal): Promise<void>;
  /** Puts back what the mode changed (within the deadline). Never throws; false if it could not. */
  undo(deadline: AbortSignal): Promise<boolean>;
  /** What the mode did, counted: "9 connections killed". */
  actions(): string;
}
