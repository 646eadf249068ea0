import { byId } from './dom.js';

/**
 * "Send traffic": loops of fetch('/person/first'), one request at a time each, started and
 * stopped by the learner, so a kill shows on the chart while requests are running.
 */
const PAUSE_WHEN_DOWN_MS = 250;
/**
 * @typedef {object} TrafficRun
 * @property {number} ok
 * @property {number} failed
 * @property {string} lastError
 * @property {number} until  Date.now() when it stops
 * @property {AbortController} stop
 * @property {boolean} done
 */
/** @type {TrafficRun | null} */
let run = null;
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (byId(id));
/** @param {string} id */
const button = (id) => /** @type {HTMLButtonElement} */ (byId(id));

export function setUpTrafficControl() {
  byId('traffic').addEventListener('submit', (event) => {
    event.preventDefault();
    if (run && !run.done) return;
    void startTraffic(Number(input('traffic-concurrency').value), Number(input('traffic-duration').value));
  });
  byId('traffic-stop').addEventListener('click', () => run?.stop.abort());
}

/**
 * @param {number} loops
 * @param {number} seconds
 */
async function startTraffic(loops, seconds) {
  /** @type {TrafficRun} */
  const current = {
    ok: 0,
    failed: 0,
    lastError: 'none',
    until: Date.now() + seconds * 1000,
    stop: new AbortController(),
    done: false,
  };
  run = current;
  setRunning(true);
  byId('traffic-status').textContent = `Sending: ${loops} loops for ${seconds} s.`;
  const ticker = setInterval(() => showCounts(current), 200);
  await Promise.all(Array.from({ length: loops }, () => requestLoop(current)));
  clearInterval(ticker);
  current.done = true;
  showCounts(current);
  setRunning(false);
  byId('traffic-status').textContent = `Stopped: ${current.ok} OK, ${current.failed} failed.`;
}

/** @param {TrafficRun} current */
async function requestLoop(current) {
  while (!current.stop.signal.aborted && Date.now() < current.until) {
    try {
      const response = await fetch('/person/first', {
        headers: { accept: 'application/json' },
        cache: 'no-store',
        signal: current.stop.signal,
      });
      /** @type {unknown} */
      const json = await response.json().catch(() => ({}));
      const body = /** @type {{ error?: string }} */ (json);
      if (response.ok) current.ok++;
      else {
        current.failed++;
        current.lastError = `${response.status} ${body.error ?? ''}`.trim();
      }
    } catch {
      if (current.stop.signal.aborted) break;
      current.failed++;
      current.lastError = 'no answer';
      await new Promise((resolve) => setTimeout(resolve, PAUSE_WHEN_DOWN_MS)); // the app is down: do not spin
    }
  }
}

/** @param {TrafficRun} current */
function showCounts(current) {
  byId('traffic-ok').textContent = String(current.ok);
  byId('traffic-failed').textContent = String(current.failed);
  byId('traffic-last-error').textContent = current.lastError;
  byId('traffic-left').textContent = current.done
    ? '–'
    : `${Math.max(0, Math.ceil((current.until - Date.now()) / 1000))} s`;
}

// The focused button becomes disabled: move the focus to the other one, so the keyboard user keeps it.
/** @param {boolean} running */
function setRunning(running) {
  const focusWasOn = document.activeElement;
  button('traffic-start').disabled = running;
  button('traffic-stop').disabled = !running;
  input('traffic-concurrency').disabled = running;
  input('traffic-duration').disabled = running;
  if (focusWasOn === byId('traffic-start') || focusWasOn === byId('traffic-stop'))
    (running ? byId('traffic-stop') : byId('traffic-start')).focus();
  byId('traffic').dataset.running = String(running);
}
