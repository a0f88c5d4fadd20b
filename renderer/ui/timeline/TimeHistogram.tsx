import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import { EVENT_KINDS } from '../../../shared/model/event';
import type { Histogram } from '../../../shared/query/analytics/histogram';
import { KIND_COLORS } from '../common/palette';
import { formatCount } from '../format';
import { usePrefs } from '../prefs';

type Row = { t: number } & Record<string, number>;

function toRows(h: Histogram): Row[] {
  return h.buckets.map((b) => {
    const row: Row = { t: b.t };
    EVENT_KINDS.forEach((k, i) => { if (b.counts[i]) row[k] = b.counts[i]!; });
    return row;
  });
}

function indexOf(state: MouseHandlerDataParam): number | undefined {
  const i = state.activeIndex;
  return typeof i === 'number' ? i : typeof i === 'string' && i !== '' ? Number(i) : undefined;
}

/**
 * Events over time, stacked by kind. Drag across the bars to zoom into that span; the parent
 * owns the range (it lives in the URL), so back undoes a zoom.
 */
export function TimeHistogram({ histogram, height = 180, onZoom, compact = false, label }: {
  histogram: Histogram;
  height?: number;
  onZoom?: (from: number, to: number) => void;
  compact?: boolean;
  label?: string;
}) {
  const { time } = usePrefs();
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const rows = toRows(histogram);
  const kinds = EVENT_KINDS.filter((k) => rows.some((r) => r[k]));
  const shortTime = (t: number) => {
    const s = time(t);
    return histogram.to - histogram.from > 2 * 86_400_000 ? s.slice(5, 16) : s.slice(11, histogram.bucketMs < 60_000 ? 19 : 16);
  };

  return (
    <div
      className={compact ? 'histogram compact' : 'histogram'}
      data-testid={compact ? 'lane-chart' : 'histogram'}
      data-bucket-ms={histogram.bucketMs}
      data-total={histogram.total}
      aria-label={label ?? `Events over time, ${formatCount(histogram.total)} in all, ${histogram.buckets.length} bars`}
      role="img"
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={rows}
          barCategoryGap={0}
          margin={compact ? { top: 2, right: 8, bottom: 2, left: 0 } : { top: 8, right: 8, bottom: 0, left: 0 }}
          onMouseDown={onZoom ? (s) => { const i = indexOf(s); if (i !== undefined) setDrag({ a: i, b: i }); } : undefined}
          onMouseMove={onZoom ? (s) => { const i = indexOf(s); if (drag && i !== undefined) setDrag({ ...drag, b: i }); } : undefined}
          onMouseUp={onZoom ? () => {
            if (drag) {
              const lo = Math.min(drag.a, drag.b);
              const hi = Math.max(drag.a, drag.b);
              const from = rows[lo]!.t;
              const to = rows[hi]!.t + histogram.bucketMs;
              setDrag(null);
              // A click without a drag zooms into that one bar.
              onZoom(Math.max(from, histogram.from), Math.min(to, histogram.to));
            }
          } : undefined}
          onMouseLeave={() => setDrag(null)}
        >
          {!compact && <CartesianGrid vertical={false} strokeOpacity={0.25} />}
          <XAxis dataKey="t" hide={compact} tickFormatter={shortTime} minTickGap={40} fontSize={11} stroke="currentColor" />
          <YAxis hide={compact} width={48} fontSize={11} allowDecimals={false} stroke="currentColor" tickFormatter={(v: number) => formatCount(v)} />
          {!compact && (
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(t) => `${time(Number(t))} (+${Math.round(histogram.bucketMs / 1000)} s)`}
              formatter={(v, name) => [formatCount(Number(v)), String(name)]}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
          )}
          {kinds.map((k) => (
            <Bar key={k} dataKey={k} stackId="k" fill={KIND_COLORS[k]} isAnimationActive={false} />
          ))}
          {drag && (
            <ReferenceArea x1={rows[Math.min(drag.a, drag.b)]!.t} x2={rows[Math.max(drag.a, drag.b)]!.t} fill="var(--accent)" fillOpacity={0.15} strokeOpacity={0} />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function KindLegend({ histogram }: { histogram: Histogram }) {
  const totals = EVENT_KINDS.map((_, i) => histogram.buckets.reduce((n, b) => n + (b.counts[i] ?? 0), 0));
  return (
    <ul className="legend">
      {EVENT_KINDS.map((k, i) => totals[i]! > 0 && (
        <li key={k}><span className="swatch" style={{ background: KIND_COLORS[k] }} />{k} <span className="muted">{formatCount(totals[i]!)}</span></li>
      ))}
    </ul>
  );
}
