/**
 * Chaos actions as marks on the chart: a dotted vertical line at the second of each kill, restart
 * or outage. Per-request and pool shrug kills off, so without the mark a kill would leave no trace there.
 */
/**
 * @import uPlot from 'uplot'
 * @import { LabEvent } from './feed.js'
 * @typedef {{ t: number, types: Map<string, number> }} Mark  one second's chaos actions, counted by type
 */
const KEEP_SECONDS = 300;
const INK = '#991b1b';
const LABEL_BACKGROUND = 'rgba(255, 255, 255, 0.9)';
const GROUP_PX = 48; // CSS pixels

export function createChaosMarkers() {
  /** @type {Map<number, Mark>} whole second → its mark */
  const bySecond = new Map();

  /**
   * Returns how many of the events are chaos actions, now marked.
   * @param {LabEvent[]} events
   */
  function add(events) {
    let added = 0;
    for (const event of events) {
      if (event.source !== 'chaos') continue;
      added++;
      const t = Math.floor(Date.parse(event.at) / 1000);
      const mark = bySecond.get(t) ?? { t, types: new Map() };
      mark.types.set(event.type, (mark.types.get(event.type) ?? 0) + 1);
      bySecond.set(t, mark);
    }
    const oldest = Date.now() / 1000 - KEEP_SECONDS;
    for (const t of bySecond.keys()) if (t < oldest) bySecond.delete(t);
    return added;
  }

  /** @type {(from: number, to: number) => Mark[]} */
  const within = (from, to) =>
    [...bySecond.values()].filter((mark) => mark.t >= from && mark.t <= to).sort((a, b) => a.t - b.t);
  /** @type {(mark: Pick<Mark, 'types'>) => string} */
  const label = (mark) => [...mark.types].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ');

  // Marks a few pixels apart (a kill every second) would stack their labels: one label counts them all.
  /**
   * @param {(Mark & { x: number })[]} marks
   * @param {number} distance
   */
  function nearbyGroups(marks, distance) {
    /** @type {{ x: number, types: Map<string, number> }[]} */
    const groups = [];
    for (const mark of marks) {
      const group = groups.at(-1);
      if (!group || mark.x - group.x > distance) {
        groups.push({ x: mark.x, types: new Map(mark.types) });
        continue;
      }
      for (const [type, n] of mark.types) group.types.set(type, (group.types.get(type) ?? 0) + n);
    }
    return groups;
  }

  /**
   * uPlot's draw hook: on the canvas, above the series, in canvas pixels.
   * @param {uPlot} u
   */
  function draw(u) {
    const { ctx, bbox } = u;
    const { min, max } = u.scales.x;
    if (min == null || max == null) return; // no data charted yet: nothing to mark
    const px = devicePixelRatio;
    ctx.save();
    ctx.strokeStyle = INK;
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash([2 * px, 3 * px]);
    ctx.font = `600 ${12 * px}px system-ui, sans-serif`;
    const marks = within(min, max).map((mark) => ({ ...mark, x: Math.round(u.valToPos(mark.t, 'x', true)) }));
    for (const { x } of marks) {
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
    }
    const rowsFreeFrom = [-Infinity, -Infinity, -Infinity]; // the label of a close group goes one row lower
    for (const group of nearbyGroups(marks, GROUP_PX * px)) {
      const text = label(group);
      const width = ctx.measureText(text).width;
      // Right of the first line, or left of it near the right edge, so the label stays on the canvas.
      const left = group.x + 4 * px + width <= bbox.left + bbox.width ? group.x + 4 * px : group.x - 4 * px - width;
      const row = rowsFreeFrom.findIndex((free) => left >= free);
      if (row < 0) continue; // no room: the lines and the sentence below the chart still count it
      rowsFreeFrom[row] = left + width + 8 * px;
      const top = bbox.top + (2 + 16 * row) * px;
      ctx.fillStyle = LABEL_BACKGROUND; // readable over the lines it crosses
      ctx.fillRect(left - 2 * px, top, width + 4 * px, 15 * px);
      ctx.fillStyle = INK;
      ctx.fillText(text, left, top + 12 * px);
    }
    ctx.restore();
  }

  /** @type {(from: number, to: number) => number} For the chart's sentence: how many chaos actions in these seconds. */
  const count = (from, to) =>
    within(from, to).reduce((n, mark) => n + [...mark.types.values()].reduce((a, b) => a + b, 0), 0);

  return { add, draw, count };
}
