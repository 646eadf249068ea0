/** Hand-written SVG (no dependency): the pieces both of the drill's charts are drawn with. */
import { count } from './format';

export const COLORS = {
  calm: '#4e79a7',
  chaos: '#e15759',
  axis: '#333',
  grid: '#ddd',
  ceiling: '#59a14f',
  limit: '#9c755f',
} as const;
export const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

export interface Panel {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Round axis ticks from 0 to at least max: steps of 1, 2 or 5 × a power of ten, about `target` of them. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const stepCount = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: stepCount + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

export const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
export const line = (x1: number, y1: number, x2: number, y2: number, attrs: string) =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`;
export const rect = (x: number, y: number, w: number, h: number, fill: string, title: string) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}"><title>${escapeXml(title)}</title></rect>`;

/** Axes, grid, tick labels and axis titles of one panel; returns its parts and the value → y mapping. */
export function axes(
  panel: Panel,
  ticks: number[],
  yTitle: string,
  xTitle: string,
): { parts: string[]; y: (v: number) => number } {
  const top = ticks[ticks.length - 1];
  const y = (v: number) => panel.bottom - (v / top) * (panel.bottom - panel.top);
  const parts: string[] = [];
  for (const tick of ticks) {
    parts.push(line(panel.left, y(tick), panel.right, y(tick), `stroke="${COLORS.grid}"`));
    parts.push(text(panel.left - 8, y(tick) + 4, count(tick), 'text-anchor="end" font-size="12"'));
  }
  parts.push(line(panel.left, panel.top, panel.left, panel.bottom, `stroke="${COLORS.axis}"`));
  parts.push(line(panel.left, panel.bottom, panel.right, panel.bottom, `stroke="${COLORS.axis}"`));
  const middle = (panel.top + panel.bottom) / 2;
  parts.push(
    text(
      panel.left - 62,
      middle,
      yTitle,
      `text-anchor="middle" font-size="13" transform="rotate(-90 ${panel.left - 62} ${middle})"`,
    ),
  );
  parts.push(text((panel.left + panel.right) / 2, panel.bottom + 48, xTitle, 'text-anchor="middle" font-size="13"'));
  return { parts, y };
}

/** The document around a chart's parts: white background, title for screen readers. */
export function svgDocument(size: { width: number; height: number }, title: string, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}" ${FONT}>`,
    `<title>${escapeXml(title)}</title>`,
    `  <rect width="${size.width}" height="${size.height}" fill="#fff"/>`,
    ...parts.map((part) => `  ${part}`),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * A dashed horizontal line from x1 to x2, labelled at its right end: just above the line, or higher
 * (`labelY`) when something else is written there.
 */
export function dashedMark(x1: number, x2: number, y: number, label: string, color: string, labelY = y - 6): string[] {
  return [
    line(x1, y, x2, y, `stroke="${color}" stroke-width="2" stroke-dasharray="7 5"`),
    text(x2 - 4, labelY, label, `text-anchor="end" font-size="12" fill="${color}"`),
  ];
}

/** Two lines of 12 px text closer than this overlap. */
export const LABEL_CLEARANCE_PX = 15;
