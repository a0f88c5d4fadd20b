/**
 * Charts for reports as inline SVG strings. Pure functions: no DOM, no fonts or images to load,
 * nothing external. Every piece of text (labels come from log data) is escaped, every colour is
 * checked against a strict pattern, and each chart is `role="img"` with a `<title>` and a
 * `<desc>` that says in words what the chart shows.
 */

import { escapeHtml } from '../template';
import { MISSING, formatBytes, formatCount, formatDuration, isUtc, timeParts, truncate, visibleControls, zoneOffsetMs } from './format';

/** Series colours, readable on white paper and distinct in greyscale order. */
export const CHART_PALETTE = ['#d6453d', '#2f6fd6', '#c98a00', '#1f8f5f', '#8b4fd1'] as const;
/** The colour of the "everything else" stack. */
export const CHART_OTHER_COLOR = '#8b95a5';

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const INK = '#1c2430';
const MUTED = '#5b6472';
const GRID = '#e3e7ed';
const AXIS = '#9aa3b0';
/** Rough width of one character of 11px sans-serif text, to lay out legends and labels. */
const CHAR_PX = 6.1;

/** How values are shown: bytes (binary-unit ticks), counts, or a formatter of the caller's. */
export type ValueFormat = 'bytes' | 'count' | ((n: number) => string);

export interface StackedBarsOptions {
  /** One bar per bucket, oldest first: `values[i]` belongs to `series[i]`, `other` is the rest. */
  buckets: ReadonlyArray<{ t: number; values: readonly number[]; other: number }>;
  series: ReadonlyArray<{ label: string; color: string }>;
  otherColor?: string;
  /** Legend text for the `other` stack. */
  otherLabel?: string;
  width: number;
  height: number;
  /** 'UTC' or an IANA zone; time ticks are placed and labelled in it. */
  timeZone: string;
  valueFormat?: ValueFormat;
  /** Bucket width; taken from the spacing of the buckets when not given. */
  bucketMs?: number;
  /** Accessible title (also the tooltip of the whole chart). */
  title?: string;
  /** Unique in the page: prefixes the ids of the title and description. */
  id?: string;
}

/**
 * A stacked bar chart over time (the exfiltration chart): one bar per bucket, stacked by series
 * with `other` on top, a value axis with a few round ticks, time ticks in the report's zone, and
 * a legend. Each bar carries a `<title>` with its time and values.
 */
export function stackedBarsSvg(options: StackedBarsOptions): string {
  const width = clampSize(options.width, 320, 4000, 720);
  const height = clampSize(options.height, 160, 3000, 300);
  const id = safeId(options.id ?? 'chart-stacked');
  const fmt = valueFormatter(options.valueFormat ?? 'bytes');
  const title = options.title ?? 'Bytes over time';
  const series = options.series.map((s, i) => ({ label: label(s.label), color: safeColor(s.color, CHART_PALETTE[i % CHART_PALETTE.length]!) }));
  const otherColor = safeColor(options.otherColor ?? CHART_OTHER_COLOR, CHART_OTHER_COLOR);
  const otherLabel = label(options.otherLabel ?? 'Other');
  const buckets = options.buckets.filter((b) => Number.isFinite(b.t));
  const hasOther = buckets.some((b) => num(b.other) > 0);

  const legendItems = [...series, ...(hasOther || series.length === 0 ? [{ label: otherLabel, color: otherColor }] : [])];
  const legend = layoutLegend(legendItems, width - 16);

  const totals = buckets.map((b) => b.values.reduce((s, v) => s + num(v), 0) + num(b.other));
  const max = Math.max(0, ...totals);
  const ticks = valueTicks(max, options.valueFormat ?? 'bytes');
  const top = ticks[ticks.length - 1] ?? 1;

  const yLabelWidth = Math.max(...ticks.map((t) => fmt(t).length)) * CHAR_PX + 10;
  const plot = {
    x: Math.round(Math.max(44, yLabelWidth)),
    y: legend.height + 12,
    w: 0,
    h: 0,
  };
  plot.w = width - plot.x - 12;
  plot.h = height - plot.y - 46;

  const out: string[] = [];
  out.push(openSvg(id, width, height, title, describeStacked(buckets, series, otherLabel, totals, fmt, options)));
  out.push(legend.svg);

  // Value axis and grid.
  for (const t of ticks) {
    const y = plot.y + plot.h - (t / top) * plot.h;
    out.push(`<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${r(y)}" y2="${r(y)}" stroke="${t === 0 ? AXIS : GRID}" stroke-width="1"/>`);
    out.push(`<text x="${plot.x - 6}" y="${r(y + 3.5)}" text-anchor="end" font-size="10" fill="${MUTED}">${escapeHtml(fmt(t))}</text>`);
  }

  if (buckets.length === 0 || max <= 0) {
    out.push(
      `<text x="${r(plot.x + plot.w / 2)}" y="${r(plot.y + plot.h / 2)}" text-anchor="middle" font-size="12" fill="${MUTED}">` +
        `${buckets.length === 0 ? 'No data to chart.' : 'Nothing in this period.'}</text>`,
    );
    out.push('</svg>');
    return out.join('');
  }

  const bucketMs = options.bucketMs && options.bucketMs > 0 ? options.bucketMs : inferBucketMs(buckets);
  const t0 = buckets[0]!.t;
  const t1 = buckets[buckets.length - 1]!.t + bucketMs;
  const span = Math.max(1, t1 - t0);
  const xOf = (t: number) => plot.x + ((t - t0) / span) * plot.w;
  const bucketPx = (bucketMs / span) * plot.w;
  const gap = bucketPx >= 4 ? Math.min(2, bucketPx * 0.15) : 0;

  // Bars.
  out.push('<g>');
  buckets.forEach((b, i) => {
    const total = totals[i]!;
    if (total <= 0) return;
    const x = xOf(b.t) + gap / 2;
    const w = Math.max(0.75, bucketPx - gap);
    let y = plot.y + plot.h;
    const rects: string[] = [];
    const stack = [...series.map((s, k) => ({ ...s, v: num(b.values[k]) })), { label: otherLabel, color: otherColor, v: num(b.other) }];
    for (const part of stack) {
      if (part.v <= 0) continue;
      const h = (part.v / top) * plot.h;
      y -= h;
      rects.push(`<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(Math.max(h, 0.5))}" fill="${part.color}"/>`);
    }
    const lines = stack.filter((p) => p.v > 0).map((p) => `${p.label}: ${fmt(p.v)}`);
    const when = `${shortTime(b.t, options.timeZone)} (${formatDuration(bucketMs)})`;
    out.push(`<g><title>${escapeHtml(`${when}: ${fmt(total)} in total\n${lines.join('\n')}`)}</title>${rects.join('')}</g>`);
  });
  out.push('</g>');

  // Time axis.
  const tickStep = timeTickStep(span, Math.max(2, Math.floor(plot.w / 96)));
  const offset = zoneOffsetMs(t0, options.timeZone);
  let prevDate = '';
  for (let t = Math.ceil((t0 + offset) / tickStep) * tickStep - offset; t <= t1; t += tickStep) {
    const x = xOf(t);
    if (x < plot.x - 0.5 || x > plot.x + plot.w + 0.5) continue;
    const p = timeParts(t, options.timeZone);
    if (!p) continue;
    out.push(`<line x1="${r(x)}" x2="${r(x)}" y1="${plot.y + plot.h}" y2="${plot.y + plot.h + 4}" stroke="${AXIS}" stroke-width="1"/>`);
    const anchor = x - plot.x < 30 ? 'start' : plot.x + plot.w - x < 30 ? 'end' : 'middle';
    const dayStep = tickStep >= 86_400_000;
    const main = dayStep ? p.date : p.time.slice(0, 5);
    out.push(`<text x="${r(x)}" y="${plot.y + plot.h + 16}" text-anchor="${anchor}" font-size="10" fill="${INK}">${escapeHtml(main)}</text>`);
    if (!dayStep && p.date !== prevDate) {
      out.push(`<text x="${r(x)}" y="${plot.y + plot.h + 28}" text-anchor="${anchor}" font-size="9.5" fill="${MUTED}">${escapeHtml(p.date)}</text>`);
    }
    prevDate = p.date;
  }
  out.push(
    `<text x="${plot.x + plot.w}" y="${height - 4}" text-anchor="end" font-size="10" fill="${MUTED}">` +
      `${escapeHtml(`Time (${zoneCaption(options.timeZone, t0)}), bars of ${formatDuration(bucketMs)}`)}</text>`,
  );
  out.push('</svg>');
  return out.join('');
}

export interface BarsOptions {
  /** One horizontal bar per item, in the order given. */
  bars: ReadonlyArray<{ label: string; value: number; color?: string }>;
  color?: string;
  width: number;
  /** Height of one bar's row; the chart is as tall as its rows. */
  rowHeight?: number;
  valueFormat?: ValueFormat;
  title?: string;
  id?: string;
}

/**
 * A single-series horizontal bar chart (top destinations, top talkers): a label column, bars
 * scaled to the largest value, the value written after each bar.
 */
export function barsSvg(options: BarsOptions): string {
  const width = clampSize(options.width, 240, 4000, 720);
  const rowH = clampSize(options.rowHeight ?? 22, 14, 80, 22);
  const id = safeId(options.id ?? 'chart-bars');
  const fmt = valueFormatter(options.valueFormat ?? 'bytes');
  const title = options.title ?? 'Bars';
  const color = safeColor(options.color ?? CHART_PALETTE[1], CHART_PALETTE[1]);
  const bars = options.bars.map((b) => ({ label: label(b.label), value: Math.max(0, num(b.value)), color: safeColor(b.color ?? color, color) }));
  const height = Math.max(40, bars.length * rowH + 12);
  const labelW = Math.min(width * 0.4, Math.max(40, ...bars.map((b) => b.label.length * CHAR_PX + 10)));
  const valueW = Math.max(40, ...bars.map((b) => fmt(b.value).length * CHAR_PX + 10));
  const barX = labelW;
  const barMax = Math.max(10, width - labelW - valueW);
  const max = Math.max(0, ...bars.map((b) => b.value));

  const desc = bars.length === 0
    ? 'No data.'
    : bars.map((b) => `${b.label}: ${fmt(b.value)}`).join('; ');
  const out: string[] = [openSvg(id, width, height, title, desc)];
  if (bars.length === 0) {
    out.push(`<text x="${r(width / 2)}" y="24" text-anchor="middle" font-size="12" fill="${MUTED}">No data to chart.</text></svg>`);
    return out.join('');
  }
  bars.forEach((b, i) => {
    const y = 6 + i * rowH;
    const w = max > 0 ? (b.value / max) * barMax : 0;
    const shown = truncate(b.label, Math.max(4, Math.floor((labelW - 10) / CHAR_PX)));
    out.push(
      `<g><title>${escapeHtml(`${b.label}: ${fmt(b.value)}`)}</title>` +
        `<text x="${r(labelW - 8)}" y="${r(y + rowH / 2 + 3.5)}" text-anchor="end" font-size="11" fill="${INK}">${escapeHtml(shown)}</text>` +
        `<rect x="${r(barX)}" y="${r(y + 3)}" width="${r(Math.max(w, b.value > 0 ? 1 : 0))}" height="${r(rowH - 6)}" fill="${b.color}"/>` +
        `<text x="${r(barX + w + 6)}" y="${r(y + rowH / 2 + 3.5)}" font-size="10.5" fill="${MUTED}">${escapeHtml(fmt(b.value))}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Pieces

function openSvg(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${escapeHtml(FONT)}">` +
    `<title id="${id}-title">${escapeHtml(label(title))}</title><desc id="${id}-desc">${escapeHtml(label(desc))}</desc>`
  );
}

function layoutLegend(items: ReadonlyArray<{ label: string; color: string }>, maxWidth: number): { svg: string; height: number } {
  const rowH = 18;
  const parts: string[] = [];
  let x = 8;
  let y = 6;
  for (const item of items) {
    const text = truncate(item.label, 40);
    const w = 14 + text.length * CHAR_PX + 18;
    if (x > 8 && x + w > maxWidth) {
      x = 8;
      y += rowH;
    }
    parts.push(
      `<rect x="${r(x)}" y="${y + 2}" width="10" height="10" rx="1.5" fill="${item.color}"/>` +
        `<text x="${r(x + 14)}" y="${y + 11}" font-size="11" fill="${INK}">${escapeHtml(text)}</text>`,
    );
    x += w;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: items.length === 0 ? 0 : y + rowH };
}

function describeStacked(
  buckets: StackedBarsOptions['buckets'],
  series: ReadonlyArray<{ label: string }>,
  otherLabel: string,
  totals: number[],
  fmt: (n: number) => string,
  options: StackedBarsOptions,
): string {
  if (buckets.length === 0) return 'No data.';
  const sums = series.map((_, i) => buckets.reduce((s, b) => s + num(b.values[i]), 0));
  const other = buckets.reduce((s, b) => s + num(b.other), 0);
  const peak = totals.indexOf(Math.max(...totals));
  const parts = series.map((s, i) => `${s.label} ${fmt(sums[i]!)}`);
  if (other > 0) parts.push(`${otherLabel} ${fmt(other)}`);
  const from = shortTime(buckets[0]!.t, options.timeZone);
  const to = shortTime(buckets[buckets.length - 1]!.t, options.timeZone);
  return `${buckets.length} bars from ${from} to ${to}. Totals: ${parts.join(', ')}. ` +
    `Highest bar: ${fmt(totals[peak] ?? 0)} at ${shortTime(buckets[peak]?.t ?? 0, options.timeZone)}.`;
}

function shortTime(ms: number, timeZone: string): string {
  const p = timeParts(ms, timeZone);
  return p ? `${p.date} ${p.time.slice(0, 5)} ${p.zone}` : MISSING;
}

function zoneCaption(timeZone: string, at: number): string {
  if (isUtc(timeZone)) return 'UTC';
  const zone = timeParts(at, timeZone)?.zone ?? 'UTC';
  return zone === 'UTC' ? 'UTC' : `${label(timeZone)}, ${zone}`;
}

function valueFormatter(f: ValueFormat): (n: number) => string {
  if (f === 'bytes') return (n) => formatBytes(n, { trim: true });
  if (f === 'count') return formatCount;
  return (n) => label(f(n));
}

/** Round ticks from 0 to at least `max`: binary units for bytes, 1-2-5 steps otherwise. */
export function valueTicks(max: number, f: ValueFormat): number[] {
  const m = Number.isFinite(max) && max > 0 ? max : 0;
  let unit = 1;
  if (f === 'bytes') while (unit * 1024 <= m && unit < 1024 ** 5) unit *= 1024;
  const scaled = m / unit;
  let step = niceStep(scaled / 4);
  if (f !== 'bytes' || unit === 1) step = Math.max(1, step);
  const top = Math.max(step, Math.ceil(scaled / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v / step) * step * unit);
  return ticks;
}

function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(x));
  const rel = x / mag;
  return (rel <= 1 ? 1 : rel <= 2 ? 2 : rel <= 2.5 ? 2.5 : rel <= 5 ? 5 : 10) * mag;
}

const TIME_STEPS = [
  1_000, 5_000, 15_000, 30_000, 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000,
  86_400_000, 2 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 28 * 86_400_000,
];

function timeTickStep(span: number, maxTicks: number): number {
  for (const s of TIME_STEPS) if (span / s <= maxTicks) return s;
  return Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
}

function inferBucketMs(buckets: ReadonlyArray<{ t: number }>): number {
  let best = Infinity;
  for (let i = 1; i < buckets.length; i++) {
    const d = buckets[i]!.t - buckets[i - 1]!.t;
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? best : 60_000;
}

/** A label from untrusted text: control characters made visible, one line, at most 200 characters. */
function label(s: string): string {
  return truncate(visibleControls(String(s)).replace(/\s*\n\s*/g, ' '), 200);
}

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function safeColor(c: string, fallback: string): string {
  return COLOR.test(c) ? c : fallback;
}

function safeId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '');
  return /^[A-Za-z]/.test(clean) ? clean : `c${clean}`;
}

function num(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
}

function clampSize(v: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}
