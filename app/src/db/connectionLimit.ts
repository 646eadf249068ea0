import { ConnectionLimitError } from '../../../lib/db/errors';

interface Waiter {
  resolve(): void;
  timer: NodeJS.Timeout;
}

/**
 * At most `max` connections open at once (per-request's DB_MAX_CONNECTIONS): a connection storm
 * queues here, inside the app, for a bounded time, instead of at the server, which answers
 * "Too many connections" to every client past its max_connections.
 */
export class ConnectionLimit {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly max: number) {}

  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Takes a slot, waiting first come, first served until `deadline` (epoch ms), then throws ConnectionLimitError. */
  take(deadline: number): Promise<void> {
    if (this.used < this.max) {
      this.used++;
      return Promise.resolve();
    }
    const wait = deadline - Date.now();
    if (wait <= 0) return Promise.reject(new ConnectionLimitError(this.max));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new ConnectionLimitError(this.max));
        }, wait),
      };
      this.queue.push(waiter);
    });
  }

  /** Gives a slot back: to the first waiter, if any, else to the free count. */
  give(): void {
    const next = this.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes on: `used` stays the same
    } else if (this.used > 0) {
      this.used--;
    }
  }
}
