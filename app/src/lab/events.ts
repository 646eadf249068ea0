import { EventEmitter } from 'node:events';

/** Something the lab page shows as it happens: a chaos action, or a failure the app noticed. */
export interface LabEvent {
  id: number;
  /** ISO time the event happened. */
  at: string;
  source: 'chaos' | 'app';
  /** e.g. kill, kill-query, db-stop, db-start, wait-timeout, connection-lost, retry. */
  type: string;
  message: string;
  connectionId?: number;
}

export type NewLabEvent = Omit<LabEvent, 'id' | 'at'> & { at?: string };

/** Keeps the last events for late joiners and tells live subscribers at once. */
export class LabEventLog {
  private readonly events: LabEvent[] = [];
  private readonly emitter = new EventEmitter();
  private nextId = 1;
  private readonly lastAdded = new Map<string, number>();

  constructor(private readonly keep = 200) {
    this.emitter.setMaxListeners(0);
  }

  add(event: NewLabEvent): LabEvent {
    const full: LabEvent = { ...event, id: this.nextId++, at: event.at ?? new Date().toISOString() };
    this.events.push(full);
    if (this.events.length > this.keep) this.events.shift();
    this.emitter.emit('event', full);
    return full;
  }

  /** Like add, but at most one event of this source and type per `ms`: a failing app must not flood the page. */
  addAtMostEvery(ms: number, event: NewLabEvent): LabEvent | undefined {
    const key = `${event.source}:${event.type}`;
    const now = Date.now();
    if (now - (this.lastAdded.get(key) ?? 0) < ms) return undefined;
    this.lastAdded.set(key, now);
    return this.add(event);
  }

  recent(): LabEvent[] {
    return [...this.events];
  }

  subscribe(listener: (event: LabEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
