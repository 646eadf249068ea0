/**
 * Where the chaos program's lines go: stdout, one line per action, and, when CHAOS_REPORT_URL is
 * set, the lab page (POST /lab/chaos-events), so the learner sees the kill next to its effect.
 */
import { clockTime } from './lines';

/** Prints one line to stdout, with the time in front. */
export type Print = (line: string) => void;

/** A chaos action worth showing on the lab page. type: kill, kill-query, db-stop, db-start, ... */
export interface ChaosEvent {
  readonly type: string;
  readonly message: string;
  readonly connectionId?: number;
}

export function createPrinter(
  write: (text: string) => void = (text) => process.stdout.write(text),
  now = () => new Date(),
): Print {
  return (line) => write(`${clockTime(now())} ${line}\n`);
}

const REPORT_TIMEOUT_MS = 1000;

/**
 * Tells the lab page what we did, best effort: the page is a view, so a missing or slow app never
 * delays a kill or stops the chaos. A failure is printed once, then again only after a success.
 */
export class LabReporter {
  private readonly pending = new Set<Promise<void>>();
  private failing = false;

  /** token: the app's LAB_EVENTS_TOKEN, sent as a bearer token (the app refuses events without it). */
  constructor(
    private readonly url: string | undefined,
    private readonly print: Print,
    private readonly token?: string,
  ) {}

  send(event: ChaosEvent): void {
    if (!this.url) return;
    const sent = this.post(this.url, event).finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  }

  /** Waits for reports still in flight (each is bounded by its own timeout). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async post(url: string, event: ChaosEvent): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ ...event, message: event.message.slice(0, 500) }),
        signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (this.failing) this.print(`reporting to the lab page works again (${url})`);
      this.failing = false;
    } catch (err) {
      if (!this.failing)
        this.print(`could not report to the lab page (${url}): ${(err as Error).message}; the chaos goes on`);
      this.failing = true;
    }
  }
}

/** Prints the event's line and reports it to the lab page. */
export function createAnnouncer(print: Print, reporter: LabReporter): (event: ChaosEvent) => void {
  return (event) => {
    print(event.message);
    reporter.send(event);
  };
}
