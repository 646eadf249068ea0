/**
 * Requests per second, split the way the lab page charts them. timedOut: the database did not answer
 * before a deadline (a partition, a frozen server), apart from failed (an error came back: a killed
 * connection, a refused connect).
 */
export type Outcome = 'succeeded' | 'retried' | 'failed' | 'timedOut';

export interface TrafficSecond {
  /** Unix time in whole seconds. */
  t: number;
  succeeded: number;
  retried: number;
  failed: number;
  timedOut: number;
}

const empty = (t: number): TrafficSecond => ({ t, succeeded: 0, retried: 0, failed: 0, timedOut: 0 });

/** A ring of per-second counters for the last `seconds` seconds; O(1) per request. */
export class TrafficRecorder {
  private readonly ring: TrafficSecond[];

  constructor(
    private readonly seconds = 300,
    private readonly now = () => Date.now(),
  ) {
    this.ring = Array.from({ length: seconds }, () => empty(0));
  }

  record(outcome: Outcome): void {
    const t = Math.floor(this.now() / 1000);
    const slot = this.ring[t % this.seconds];
    if (slot.t !== t) Object.assign(slot, empty(t));
    slot[outcome]++;
  }

  /** The last `count` complete-or-current seconds, oldest first, with empty seconds filled in. */
  recent(count = this.seconds): TrafficSecond[] {
    const newest = Math.floor(this.now() / 1000);
    const out: TrafficSecond[] = [];
    for (let t = newest - Math.min(count, this.seconds) + 1; t <= newest; t++) {
      const slot = this.ring[t % this.seconds];
      out.push(slot.t === t ? { ...slot } : empty(t));
    }
    return out;
  }
}
