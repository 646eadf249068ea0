'use strict';
/*
 * The lab page, in plain browser JavaScript (no build step). Five parts:
 *   status      strategy, server, database state, the app's connections (every second)
 *   events      chaos actions and failures, newest first
 *   chart       requests per second as the app counted them (uPlot)
 *   feed        /lab/events (server-sent events); /lab/status every 2 s when that is not working
 *   traffic     fetch loops against /person/first, started and stopped by the learner
 * Server data only ever reaches the page through textContent, never as HTML.
 */
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const clock = (date) => date.toLocaleTimeString('en-GB', { hour12: false });

  const STRATEGY_NOTES = {
    naive: 'one connection for the whole app, never replaced',
    'per-request': 'a new connection for each request, closed after the response',
    pool: 'a pool of connections, checked before reuse and replaced when broken',
  };

  /* ---------- status ---------- */

  let downSince = null;
  let lastConnections = '';

  function showStatus(status) {
    $('strategy').textContent = status.strategy;
    $('strategy-note').textContent = STRATEGY_NOTES[status.strategy] ?? '';
    $('server').textContent = status.server ? `${status.server.flavor} ${status.server.version}` : 'not reached yet';
    showDatabase(status.databaseError);
    showConnections(status.connections, status.databaseError, status.strategy);
    showPool(status.pool);
    chart.show(status.traffic);
  }

  function showDatabase(error) {
    const db = $('db-status');
    if (error === null) {
      if (downSince) addPageEvent('db-reachable', `The database answers again after ${Math.round((Date.now() - downSince) / 1000)} s of downtime.`);
      downSince = null;
      db.dataset.state = 'up';
      db.textContent = '✓ reachable';
      return;
    }
    if (!downSince) {
      downSince = Date.now();
      addPageEvent('db-unreachable', `The database does not answer the lab (${error}).`);
    }
    db.dataset.state = 'down';
    db.textContent = `✗ ${error}, for ${Math.round((Date.now() - downSince) / 1000)} s`;
  }

  const NO_CONNECTIONS = {
    naive: 'No open connections: the naive strategy\'s only connection is gone, and it never opens another.',
    'per-request': 'No open connections right now: per-request holds one only while a request runs.',
    pool: 'No open connections right now: the pool opens them when requests need them.',
  };

  function showConnections(connections, error, strategy) {
    const key = JSON.stringify([connections, error]);
    if (key === lastConnections) return; // unchanged: leave the table alone
    lastConnections = key;
    const body = $('connections').tBodies[0];
    $('connections-count').textContent = connections ? `${connections.length} open` : 'unknown';
    if (!connections || connections.length === 0) {
      const text = connections ? NO_CONNECTIONS[strategy] ?? 'No open connections right now.' : `The process list cannot be read: ${error}.`;
      body.replaceChildren(el('tr', { className: 'empty' }, el('td', { colSpan: 4, textContent: text })));
      return;
    }
    body.replaceChildren(...connections.map((c) => el('tr', { className: `command-${c.command.toLowerCase()}` },
      el('th', { scope: 'row', textContent: `#${c.id}` }),
      el('td', { textContent: c.command }),
      el('td', { className: 'num', textContent: String(c.idleSeconds) }),
      el('td', { textContent: c.state ?? '–' }))));
  }

  function showPool(pool) {
    $('pool').hidden = !pool;
    if (pool) $('pool').textContent = `Pool: at most ${pool.size}; ${pool.total} open, ${pool.idle} idle, ${pool.active} in use, ${pool.waiting} requests waiting.`;
  }

  /* ---------- events ---------- */

  const seenEvents = new Set();
  const KEEP_EVENTS = 100;
  const TONE = { kill: 'chaos', 'kill-query': 'chaos', 'wait-timeout': 'chaos', 'max-connections': 'chaos',
    'db-stop': 'chaos', 'db-start': 'recovery', 'db-restart': 'chaos', restart: 'chaos', retry: 'retry',
    'db-reachable': 'recovery', 'db-unreachable': 'failure' };

  function addEvents(events) {
    for (const event of events) {
      const key = `${event.id}@${event.at}`; // ids restart with the app; the time tells them apart
      if (seenEvents.has(key)) continue;
      seenEvents.add(key);
      showEvent(event);
    }
  }

  let pageEventId = 0;
  function addPageEvent(type, message) {
    showEvent({ id: `page-${++pageEventId}`, at: new Date().toISOString(), source: 'page', type, message });
  }

  // A failing app reports the same failure twice a second: repeats fold into one line with a count.
  function showEvent(event) {
    const list = $('events');
    list.querySelector('.empty')?.remove();
    const sameAs = [event.source, event.type, event.message, event.connectionId ?? ''].join('|');
    const newest = list.firstElementChild;
    if (newest?.dataset.sameAs === sameAs) return repeatEvent(newest, event);
    const item = el('li', { className: `event tone-${TONE[event.type] ?? 'failure'}` },
      el('time', { dateTime: event.at, textContent: clock(new Date(event.at)) }),
      el('span', { className: 'tag', textContent: event.type }),
      el('span', { className: 'source', textContent: event.source === 'page' ? 'seen by this page' : `from ${event.source}` }),
      el('span', { className: 'repeats' }),
      el('span', { className: 'message', textContent: event.message }));
    if (event.connectionId !== undefined) item.append(el('span', { className: 'conn', textContent: `connection #${event.connectionId}` }));
    Object.assign(item.dataset, { id: String(event.id), type: event.type, source: event.source, sameAs, count: '1', firstAt: event.at, shownAt: String(Date.now()) });
    list.prepend(item);
    while (list.children.length > KEEP_EVENTS) list.lastElementChild.remove();
  }

  function repeatEvent(item, event) {
    const count = Number(item.dataset.count) + 1;
    item.dataset.count = String(count);
    const time = item.querySelector('time');
    time.dateTime = event.at;
    time.textContent = clock(new Date(event.at));
    item.querySelector('.repeats').textContent = `×${count} since ${clock(new Date(item.dataset.firstAt))}`;
  }

  /* ---------- chart ---------- */

  const chart = (() => {
    const box = $('chart');
    const SERIES = ['succeeded', 'retried', 'failed'];
    let plot = null;
    let traffic = [];
    const state = { total: 0, totals: { succeeded: 0, retried: 0, failed: 0 }, updates: 0, seconds: [] };
    window.labChart = state; // for the e2e test and the curious: what is charted right now

    const size = () => ({ width: Math.max(280, box.clientWidth), height: 260 });
    function create() {
      plot = new uPlot({
        ...size(),
        cursor: { drag: { x: false, y: false } },
        legend: { show: false }, // the page has its own legend, with line styles spelled out
        scales: { y: { range: (u, min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
        axes: [
          { stroke: '#374151', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d1d5db' }, space: 70,
            values: (u, splits) => splits.map((t) => clock(new Date(t * 1000))) },
          { stroke: '#374151', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d1d5db' }, label: 'requests / s', labelSize: 20, size: 48 },
        ],
        series: [
          {},
          { label: 'succeeded', stroke: '#15803d', width: 2, fill: 'rgba(21, 128, 61, 0.08)', points: { show: false } },
          { label: 'retried', stroke: '#b45309', width: 2.5, dash: [8, 5], points: { show: false } },
          { label: 'failed', stroke: '#b91c1c', fill: 'rgba(185, 28, 28, 0.55)', width: 1, paths: uPlot.paths.bars({ size: [0.9, 12] }), points: { show: false } },
        ],
        hooks: { setCursor: [(u) => describe(u.cursor.idx)] },
      }, [[], [], [], []], box);
      new ResizeObserver(() => plot.setSize(size())).observe(box);
    }

    // The window starts at the first busy second (at least the last minute), so a fresh lab's chart is not a flat line.
    const MIN_WINDOW = 60;
    function recentActivity(seconds) {
      const firstBusy = seconds.findIndex((s) => s.succeeded + s.retried + s.failed > 0);
      return seconds.slice(firstBusy < 0 ? -MIN_WINDOW : Math.min(firstBusy, Math.max(0, seconds.length - MIN_WINDOW)));
    }

    function show(allSeconds) {
      if (!plot) create();
      const seconds = recentActivity(allSeconds.slice(0, -1)); // the last second is still running: leave it out
      traffic = seconds;
      plot.setData([seconds.map((s) => s.t), ...SERIES.map((name) => seconds.map((s) => s[name]))]);
      for (const name of SERIES) state.totals[name] = seconds.reduce((sum, s) => sum + s[name], 0);
      state.total = state.totals.succeeded + state.totals.retried + state.totals.failed;
      state.updates++;
      state.seconds = seconds;
      box.dataset.total = String(state.total);
      describe(plot.cursor.idx);
    }

    // One sentence for everyone (screen readers included): the last 10 s, or the second under the cursor.
    function describe(idx) {
      if (traffic.length === 0) return;
      const pick = idx == null ? traffic.slice(-10) : [traffic[idx]];
      const sum = (name) => pick.reduce((n, s) => n + s[name], 0);
      const when = idx == null ? 'Last 10 s' : `At ${clock(new Date(traffic[idx].t * 1000))}`;
      const text = `${when}: ${sum('succeeded')} succeeded, ${sum('retried')} retried, ${sum('failed')} failed.`;
      $('chart-summary').textContent = `${text} ${state.total} requests in the last ${traffic.length} s.`;
      box.setAttribute('aria-label', `Requests per second. ${text}`);
    }

    return { show };
  })();

  /* ---------- feed ---------- */

  const SILENCE_MS = 5000; // no server-sent event for this long: poll instead
  let lastMessageAt = Date.now();
  let pollTimer = null;

  function setFeed(state, text) {
    const feed = $('feed');
    feed.dataset.state = state;
    feed.textContent = text;
  }

  function connect() {
    const source = new EventSource('/lab/events');
    const on = (name, handle) => source.addEventListener(name, (message) => {
      lastMessageAt = Date.now();
      stopPolling();
      setFeed('live', '● live (server-sent events)');
      handle(JSON.parse(message.data));
    });
    on('hello', ({ events, status }) => { addEvents(events); showStatus(status); });
    on('status', showStatus);
    on('lab-event', (event) => addEvents([event]));
    // Until the stream works again, poll: EventSource retries on its own after a network error,
    // but gives up for good after an HTTP error (e.g. a proxy's 502), so then we start a new one later.
    source.onerror = () => {
      setFeed('reconnecting', 'reconnecting…');
      startPolling();
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 15_000);
    };
  }

  async function poll() {
    try {
      const response = await fetch('/lab/status', { cache: 'no-store', signal: AbortSignal.timeout(1900) });
      const status = await response.json();
      addEvents(status.events);
      showStatus(status);
      setFeed('polling', '◐ polling every 2 s');
    } catch {
      setFeed('down', '✗ the app does not answer');
    }
  }
  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, 2000);
    void poll();
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  setInterval(() => { if (Date.now() - lastMessageAt > SILENCE_MS) startPolling(); }, 1000);
  connect();

  /* ---------- traffic ---------- */

  let run = null;

  async function requestLoop(current) {
    while (!current.stop.signal.aborted && Date.now() < current.until) {
      try {
        const response = await fetch('/person/first', { headers: { accept: 'application/json' }, cache: 'no-store', signal: current.stop.signal });
        const body = await response.json().catch(() => ({}));
        if (response.ok) current.ok++;
        else {
          current.failed++;
          current.lastError = `${response.status} ${body.error ?? ''}`.trim();
        }
      } catch {
        if (current.stop.signal.aborted) break;
        current.failed++;
        current.lastError = 'no answer';
        await new Promise((resolve) => setTimeout(resolve, 250)); // the app is down: do not spin
      }
    }
  }

  function showTraffic() {
    if (!run) return;
    $('traffic-ok').textContent = String(run.ok);
    $('traffic-failed').textContent = String(run.failed);
    $('traffic-last-error').textContent = run.lastError;
    $('traffic-left').textContent = run.done ? '–' : `${Math.max(0, Math.ceil((run.until - Date.now()) / 1000))} s`;
  }

  function setRunning(running) {
    const focusWasOn = document.activeElement;
    $('traffic-start').disabled = running;
    $('traffic-stop').disabled = !running;
    $('traffic-concurrency').disabled = running;
    $('traffic-duration').disabled = running;
    if (focusWasOn === $('traffic-start') || focusWasOn === $('traffic-stop')) (running ? $('traffic-stop') : $('traffic-start')).focus();
    $('traffic').dataset.running = String(running);
  }

  async function startTraffic(loops, seconds) {
    const current = { ok: 0, failed: 0, lastError: 'none', until: Date.now() + seconds * 1000, stop: new AbortController(), done: false };
    run = current;
    setRunning(true);
    $('traffic-status').textContent = `Sending: ${loops} loops for ${seconds} s.`;
    const ticker = setInterval(showTraffic, 200);
    await Promise.all(Array.from({ length: loops }, () => requestLoop(current)));
    clearInterval(ticker);
    current.done = true;
    showTraffic();
    setRunning(false);
    $('traffic-status').textContent = `Stopped: ${current.ok} OK, ${current.failed} failed.`;
  }

  $('traffic').addEventListener('submit', (event) => {
    event.preventDefault();
    if (run && !run.done) return;
    void startTraffic(Number($('traffic-concurrency').value), Number($('traffic-duration').value));
  });
  $('traffic-stop').addEventListener('click', () => run?.stop.abort());
})();
