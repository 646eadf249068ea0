import uPlot from 'uplot';
import { createChaosMarkers } from './chaosMarkers.js';
import { clock } from './dom.js';
/** @import { LabEvent, TrafficSecond } from './feed.js' */

/**
 * Requests per second as the app counted them: succeeded (solid line), retried then succeeded
 * (dashed, a dot on each second with any), failed (bars: an error came back, such as a killed
 * connection), timed out (thin bars with a square on top: nothing came back before a deadline, a
 * partition or a frozen server), chaos actions (dotted vertical lines).
 * Shapes as well as colours, so the chart reads without colour vision.
 */
const SERIES = /** @type {const} */ (['succeeded', 'retried', 'failed', 'timedOut']);
/** @typedef {typeof SERIES[number]} Series */
const HEIGHT = 260;
// The window starts at the first busy second (at least the last minute), so a fresh lab's chart is not a flat line.
const MIN_WINDOW = 60;

/**
 * @param {HTMLElement} box
 * @param {HTMLElement} summary
 */
export function createTrafficChart(box, summary) {
  /** @type {uPlot | null} */
  let plot = null;
  /** @type {TrafficSecond[]} */
  let traffic = [];
  const markers = createChaosMarkers();
  /**
   * @type {{ total: number, totals: Record<Series, number>, updates: number, seconds: TrafficSecond[],
   *   chaosMarked: number }}
   */
  const state = {
    total: 0,
    totals: { succeeded: 0, retried: 0, failed: 0, timedOut: 0 },
    updates: 0,
    seconds: [],
    chaosMarked: 0,
  };
  Object.assign(window, { labChart: state }); // for the e2e test and the curious: what is charted right now

  const size = () => ({ width: Math.max(280, box.clientWidth), height: HEIGHT });
  function create() {
    const axis = { stroke: '#374151', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d1d5db' } };
    const created = new uPlot(
      {
        ...size(),
        cursor: { drag: { x: false, y: false } },
        legend: { show: false }, // the page has its own legend, with line styles spelled out
        scales: { y: { range: (u, min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
        axes: [
          { ...axis, space: 70, values: (u, splits) => splits.map((t) => clock(new Date(t * 1000))) },
          { ...axis, label: 'requests / s', labelSize: 20, size: 48 },
        ],
        series: [
          {},
          { label: 'succeeded', stroke: '#15803d', width: 2, fill: 'rgba(21, 128, 61, 0.08)', points: { show: false } },
          // A retry or two among a hundred requests would hide in the baseline: each second with any gets a dot.
          {
            label: 'retried',
            stroke: '#b45309',
            width: 2.5,
            dash: [8, 5],
            points: { show: true, size: 9, width: 2, fill: '#b45309', filter: secondsWithAny },
          },
          {
            label: 'failed',
            stroke: '#b91c1c',
            fill: 'rgba(185, 28, 28, 0.55)',
            width: 1,
            paths: uPlot.paths.bars?.({ size: [0.9, 12] }),
            points: { show: false },
          },
          {
            label: 'timed out',
            stroke: '#6d28d9',
            fill: 'rgba(109, 40, 217, 0.35)',
            width: 2,
            paths: uPlot.paths.bars?.({ size: [0.45, 6] }),
            points: { show: true, size: 8, width: 2, fill: '#6d28d9', filter: secondsWithAny },
          },
        ],
        hooks: { setCursor: [(u) => describe(u.cursor.idx)], draw: [markers.draw] },
      },
      [[], [], [], [], []],
      box,
    );
    new ResizeObserver(() => created.setSize(size())).observe(box);
    return created;
  }

  /**
   * @param {uPlot} u
   * @param {number} seriesIdx
   */
  function secondsWithAny(u, seriesIdx) {
    /** @type {number[]} */
    const indices = [];
    u.data[seriesIdx].forEach((value, idx) => {
      if ((value ?? 0) > 0) indices.push(idx);
    });
    return indices;
  }

  /** @param {TrafficSecond[]} seconds */
  function recentActivity(seconds) {
    const firstBusy = seconds.findIndex((s) => s.succeeded + s.retried + s.failed + s.timedOut > 0);
    return seconds.slice(firstBusy < 0 ? -MIN_WINDOW : Math.min(firstBusy, Math.max(0, seconds.length - MIN_WINDOW)));
  }

  /** @param {TrafficSecond[]} allSeconds */
  function show(allSeconds) {
    if (!plot) plot = create();
    const seconds = recentActivity(allSeconds.slice(0, -1)); // the last second is still running: leave it out
    traffic = seconds;
    plot.setData([seconds.map((s) => s.t), ...SERIES.map((name) => seconds.map((s) => s[name]))]);
    for (const name of SERIES) state.totals[name] = seconds.reduce((sum, s) => sum + s[name], 0);
    state.total = state.totals.succeeded + state.totals.retried + state.totals.failed + state.totals.timedOut;
    state.updates++;
    state.seconds = seconds;
    box.dataset.total = String(state.total);
    describe(plot.cursor.idx);
  }

  /**
   * Chaos actions from the app's event log: marked on the chart when their second is charted.
   * @param {LabEvent[]} events
   */
  function markChaos(events) {
    state.chaosMarked += markers.add(events);
    plot?.redraw(false);
  }

  // One sentence for everyone (screen readers included): the last 10 s, or the second under the cursor.
  /** @param {number | null | undefined} idx */
  function describe(idx) {
    if (traffic.length === 0) return;
    const pick = idx == null ? traffic.slice(-10) : [traffic[idx]];
    /** @param {Series} name */
    const sum = (name) => pick.reduce((n, s) => n + s[name], 0);
    const when = idx == null ? 'Last 10 s' : `At ${clock(new Date(traffic[idx].t * 1000))}`;
    const chaos = markers.count(pick[0].t, pick[pick.length - 1].t);
    const text =
      `${when}: ${sum('succeeded')} succeeded, ${sum('retried')} retried, ${sum('failed')} failed, ` +
      `${sum('timedOut')} timed out` +
      `${chaos ? `; ${chaos} chaos ${chaos === 1 ? 'action' : 'actions'}` : ''}.`;
    summary.textContent = `${text} ${state.total} requests in the last ${traffic.length} s.`;
    box.setAttribute('aria-label', `Requests per second. ${text}`);
  }

  return { show, markChaos };
}
