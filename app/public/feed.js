/**
 * How the page hears from the app: /lab/events (server-sent events: a status every second, each
 * lab event as it happens), and /lab/status every 2 s whenever that stream is not working.
 */
const SILENCE_MS = 5000; // no server-sent event for this long: poll instead
const POLL_EVERY_MS = 2000;
const RECONNECT_AFTER_MS = 15_000;

export function startFeed({ showStatus, addEvents, showFeedState }) {
  let lastMessageAt = Date.now();
  let pollTimer = null;

  function connect() {
    const source = new EventSource('/lab/events');
    const on = (name, handle) => source.addEventListener(name, (message) => {
      lastMessageAt = Date.now();
      stopPolling();
      showFeedState('live', '● live (server-sent events)');
      handle(JSON.parse(message.data));
    });
    on('hello', ({ events, status }) => { addEvents(events); showStatus(status); });
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
      const response = await fetch('/lab/status', { cache: 'no-store', signal: AbortSignal.timeout(POLL_EVERY_MS - 100) });
      const status = await response.json();
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
    pollTimer = null;
  }

  setInterval(() => { if (Date.now() - lastMessageAt > SILENCE_MS) startPolling(); }, 1000);
  connect();
}
