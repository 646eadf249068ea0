/**
 * How the page hears from the app: /lab/events (server-sent events: a status every second, each
 * lab event as it happens), and /lab/status every 2 s whenever that stream is not working.
 */

/**
 * What the app sends, as app/src/lab/statusFeed.ts, serverCards.ts, traffic.ts and events.ts shape it.
 * @typedef {{ t: number, succeeded: number, retried: number, failed: number, timedOut: number }} TrafficSecond
 *   requests that ended in one second (t, in Unix seconds); timedOut: no answer from the database before a deadline
 * @typedef {{ id: number, command: string, idleSeconds: number, state: string | null }} LiveConnection
 * @typedef {{ size: number, total: number, idle: number, active: number, waiting: number }} PoolStats
 * @typedef {{ source: string, running: boolean, lagSeconds: number | null, error: string }} ReplicaStatus
 * @typedef {object} ServerCard  one server of TOPOLOGY=primary-replica (app/src/lab/serverCards.ts)
 * @property {string} name
 * @property {'primary' | 'replica' | 'detached' | 'down'} role
 * @property {{ flavor: string, version: string } | null} server
 * @property {boolean | null} readOnly
 * @property {boolean | null} superReadOnly  null on MariaDB, which has none
 * @property {ReplicaStatus | null} replica
 * @property {number | null} appConnections
 * @property {string | null} error  why it is down
 * @typedef {object} LabStatus
 * @property {string} at
 * @property {string} strategy
 * @property {{ flavor: string, version: string } | null} server
 * @property {LiveConnection[] | null} connections  null when the process list cannot be read
 * @property {string | null} databaseError
 * @property {PoolStats | null} pool
 * @property {number} inFlight  database requests waiting for their answer right now
 * @property {TrafficSecond[]} traffic
 * @property {ServerCard[] | null} servers  null with one server
 * @typedef {object} LabEvent  a chaos action or a failure; the page adds its own (source 'page')
 * @property {number | string} id
 * @property {string} at  ISO time
 * @property {string} source
 * @property {string} type
 * @property {string} message
 * @property {number} [connectionId]
 * @typedef {object} FeedMessages  the server-sent events of /lab/events, by name
 * @property {{ events: LabEvent[], status: LabStatus }} hello
 * @property {LabStatus} status
 * @property {LabEvent} lab-event
 * @typedef {object} FeedHandlers
 * @property {(status: LabStatus) => void} showStatus
 * @property {(events: LabEvent[]) => void} addEvents
 * @property {(state: string, text: string) => void} showFeedState
 */

const SILENCE_MS = 5000; // no server-sent event for this long: poll instead
const POLL_EVERY_MS = 2000;
const RECONNECT_AFTER_MS = 15_000;

/** @param {FeedHandlers} handlers */
export function startFeed({ showStatus, addEvents, showFeedState }) {
  let lastMessageAt = Date.now();
  /** @type {number | undefined} */
  let pollTimer;

  function connect() {
    const source = new EventSource('/lab/events');
    /**
     * @template {keyof FeedMessages} K
     * @param {K} name
     * @param {(data: FeedMessages[K]) => void} handle
     */
    const on = (name, handle) =>
      source.addEventListener(name, (/** @type {MessageEvent<string>} */ message) => {
        lastMessageAt = Date.now();
        stopPolling();
        showFeedState('live', '● live (server-sent events)');
        /** @type {unknown} */
        const data = JSON.parse(message.data);
        handle(/** @type {FeedMessages[K]} */ (data));
      });
    on('hello', ({ events, status }) => {
      addEvents(events);
      showStatus(status);
    });
    on('status', showStatus);
    on('lab-event', (event) => addEvents([event]));
    // Until the stream works again, poll: EventSource retries on its own after a network error,
    // but gives up for good after an HTTP error (e.g. a proxy's 502), so then we start a new one later.
    source.onerror = () => {
      showFeedState('reconnecting', 'reconnecting…');
      startPolling();
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_AFTER_MS);
    };
  }

  async function poll() {
    try {
      const response = await fetch('/lab/status', {
        cache: 'no-store',
        signal: AbortSignal.timeout(POLL_EVERY_MS - 100),
      });
      /** @type {unknown} */
      const body = await response.json();
      const status = /** @type {LabStatus & { events: LabEvent[] }} */ (body);
      addEvents(status.events);
      showStatus(status);
      showFeedState('polling', `◐ polling every ${POLL_EVERY_MS / 1000} s`);
    } catch {
      showFeedState('down', '✗ the app does not answer');
    }
  }
  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, POLL_EVERY_MS);
    void poll();
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }

  setInterval(() => {
    if (Date.now() - lastMessageAt > SILENCE_MS) startPolling();
  }, 1000);
  connect();
}
