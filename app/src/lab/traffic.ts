/** Requests per second, split the way the lab page charts them. */
export type Outcome = 'succeeded' | 'retried' | 'failed';

export interface TrafficSecond {
  /** Unix time in whole seconds. */
  t: number;
  succeeded: number;
  retried: number;
  failed: number;
}

/** A ring of per-second counters for the last `seconds` seconds; O(1) per request. */
export class TrafficRecorder {
  private readonly ring: TrafficSecond[];

  constructor(
    private readonly seconds = 300,
    private readonly now = () => Date.now(),
  ) {
    this.ring = Array.from({ length: seconds }, () => ({ t: 0, succeeded: 0, retried: 0, failed: 0 }));
  }

  record(outcome: Outcome): void {
    const t = Math.floor(this.now() / 1000);
    const slot = this.ring[t % this.seconds];
    if (slot.t !== t) Object.assign(slot, { t, succeeded: 0, retried: 0, failed: 0 });
    slot[outcome]++;
  }

  /** The last `count` complete-or-current seconds, oldest first, with empty seconds filled in. */
  recent(count = this.seconds): TrafficSecond[] {
    const newest = Math.floor(this.now() / 1000);
    const out: TrafficSecond[] = [];
    for (let t = newest - Math.min(count, this.seconds) + 1; t <= newest; t++) {
      const slot = this.ring[t % this.seconds];
      out.push(slot.t === t ? { ...slot } : { t, succeeded: 0, retried: 0, failed: 0 });
    }
    return out;
  }
}
