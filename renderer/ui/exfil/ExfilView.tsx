import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Exfiltration } from '../../../shared/query/analytics/exfiltration';
import type { CaseDb } from '../../db/schema';
import { queryClient } from '../../services/query-client';
import { AddressLink } from '../common/AddressLink';
import { SERIES_COLORS } from '../common/palette';
import { Empty, ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { formatBytes, formatCount, formatDuration } from '../format';
import { usePrefs } from '../prefs';
import { caseHref, navigate } from '../routes';
import { paramsFromFilter } from '../timeline/filter-params';
import { InternalRanges } from './InternalRanges';

/**
 * What left the building: bytes sent by internal hosts to each external destination over time,
 * running totals, the largest single transfers, and the outbound volume before the first
 * suspicious event next to the volume after it. Every bar drills down to its events.
 */
export function ExfilView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const [version, setVersion] = useState(0);
  const [allDestinations, setAllDestinations] = useState(false);
  const x = useAsync(() => queryClient.exfiltration(caseId), [caseId, version]);
  const ranges = <InternalRanges caseId={caseId} db={db} onChanged={() => setVersion((v) => v + 1)} />;
  const { time, zoneLabel } = usePrefs();
  if (x.error) return <ErrorNote error={x.error} />;
  if (!x.data) return <Loading what="the exfiltration analysis" height="30rem" />;
  const d = x.data;
  if (d.totalOut === 0 && d.destinations.length === 0) {
    return (
      <>
        <Empty>No bytes left the network in this case: no record shows an internal host sending to an external address.</Empty>
        {ranges}
      </>
    );
  }
  const series = d.charted.map((address, i) => ({ address, key: `s${i}`, color: SERIES_COLORS[i]! }));
  const rows = d.series.map((b) => ({ t: b.t, ...Object.fromEntries(series.map((s, i) => [s.key, b.values[i]])), other: b.other }));
  const cumulative = d.cumulative.map((b) => ({ t: b.t, ...Object.fromEntries(series.map((s, i) => [s.key, b.values[i]])), other: b.other }));
  const hasOther = d.series.some((b) => b.other > 0);
  const tick = (t: number) => time(t).slice(5, 16);
  const drill = (address: string | undefined, t: number) => navigate({
    page: 'case', caseId, tab: 'events',
    params: paramsFromFilter(address ? { address, from: t, to: t + d.bucketMs } : { from: t, to: t + d.bucketMs }),
  });
  const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' };
  const nameOf = (key: string) => series.find((s) => s.key === key)?.address ?? 'other destinations';

  return (
    <div className="exfil">
      <section className="card">
        <div className="stats">
          <div className="stat"><div className="stat-label">Bytes that left</div><div className="stat-value strong" data-testid="exfil-total">{formatBytes(d.totalOut)}</div><div className="small muted">{formatCount(d.totalOut)} bytes</div></div>
          <div className="stat"><div className="stat-label">External destinations</div><div className="stat-value">{formatCount(d.destinations.length)}{d.destinations.length >= 25 ? '+' : ''}</div></div>
          <div className="stat"><div className="stat-label">Largest destination</div><div className="stat-value"><AddressLink caseId={caseId} address={d.destinations[0]?.address} /></div><div className="small muted">{formatBytes(d.destinations[0]?.bytesOut)}</div></div>
          {d.baseline && <Baseline d={d} />}
        </div>
      </section>

      <section className="card" data-testid="exfil-chart">
        <h3>Bytes out per destination over time <span className="muted small">({zoneLabel}, bars of {formatDuration(d.bucketMs / 1000)}; click a bar for its events)</span></h3>
        <div className="histogram" role="img" aria-label="Bytes that left per destination over time">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={rows} barCategoryGap={0}>
              <CartesianGrid vertical={false} strokeOpacity={0.25} />
              <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} fontSize={11} stroke="currentColor" />
              <YAxis width={72} fontSize={11} tickFormatter={(v: number) => formatBytes(v)} stroke="currentColor" />
              <Tooltip isAnimationActive={false} labelFormatter={(t) => time(Number(t))} formatter={(v, key) => [formatBytes(Number(v)), nameOf(String(key))]} contentStyle={tooltipStyle} />
              <Legend formatter={(key) => nameOf(String(key))} />
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} stackId="x" fill={s.color} isAnimationActive={false} cursor="pointer"
                  onClick={(bar) => drill(s.address, Number((bar as { payload?: { t?: number } }).payload?.t))} />
              ))}
              {hasOther && <Bar dataKey="other" stackId="x" fill={SERIES_COLORS[5]} isAnimationActive={false} cursor="pointer"
                onClick={(bar) => drill(undefined, Number((bar as { payload?: { t?: number } }).payload?.t))} />}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>

      <div className="pivot-grid">
        <section className="card">
          <h3>Running total per destination</h3>
          <div className="histogram compact" role="img" aria-label="Cumulative bytes per destination">
            <ResponsiveContainer width="100%" height={220}>
              <LineChart data={cumulative}>
                <CartesianGrid vertical={false} strokeOpacity={0.25} />
                <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} fontSize={11} stroke="currentColor" />
                <YAxis width={72} fontSize={11} tickFormatter={(v: number) => formatBytes(v)} stroke="currentColor" />
                <Tooltip isAnimationActive={false} labelFormatter={(t) => time(Number(t))} formatter={(v, key) => [formatBytes(Number(v)), nameOf(String(key))]} contentStyle={tooltipStyle} />
                {series.map((s) => <Line key={s.key} dataKey={s.key} stroke={s.color} dot={false} strokeWidth={2} isAnimationActive={false} />)}
                {hasOther && <Line dataKey="other" stroke={SERIES_COLORS[5]} dot={false} strokeDasharray="4 3" isAnimationActive={false} />}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card">
          <h3>Destinations</h3>
          <table className="table compact-table" data-testid="exfil-destinations">
            <thead><tr><th>Address</th><th className="num">Bytes out</th><th className="num">Share</th><th className="num">Bytes in</th><th /></tr></thead>
            <tbody>
              {(allDestinations ? d.destinations : d.destinations.slice(0, 12)).map((x) => (
                <tr key={x.address} data-testid="exfil-destination" data-address={x.address}>
                  <td><AddressLink caseId={caseId} address={x.address} /></td>
                  <td className="num" data-testid="exfil-bytes" data-bytes={x.bytesOut} title={`${formatCount(x.bytesOut)} bytes`}>{formatBytes(x.bytesOut)}</td>
                  <td className="num small">{d.totalOut > 0 ? `${((x.bytesOut / d.totalOut) * 100).toFixed(1)}%` : '—'}</td>
                  <td className="num small">{formatBytes(x.bytesIn)}</td>
                  <td><a className="small" href={caseHref(caseId, 'events', undefined, paramsFromFilter({ address: x.address }))}>events</a></td>
                </tr>
              ))}
            </tbody>
          </table>
          {!allDestinations && d.destinations.length > 12 && (
            <button type="button" className="btn small" onClick={() => setAllDestinations(true)}>Show {d.destinations.length - 12} more</button>
          )}
        </section>
      </div>

      <section className="card" data-testid="exfil-largest">
        <h3>Largest single transfers</h3>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Time</th><th>Kind</th><th>From (internal)</th><th>To (external)</th><th className="num">Bytes</th><th>Request</th><th /></tr></thead>
            <tbody>
              {d.largest.map((t) => (
                <tr key={t.eventId}>
                  <td className="small nowrap mono">{time(t.ts)}</td>
                  <td><span className={`kind ${t.kind}`}>{t.kind}</span></td>
                  <td>{t.internal ? <AddressLink caseId={caseId} address={t.internal} /> : <span className="muted small">our server</span>}</td>
                  <td><AddressLink caseId={caseId} address={t.external} /></td>
                  <td className="num" title={`${formatCount(t.bytes)} bytes`}>{formatBytes(t.bytes)}</td>
                  <td className="mono small break">{t.url ?? ''}</td>
                  <td><a className="small" href={caseHref(caseId, 'events', undefined, paramsFromFilter({ address: t.external, from: t.ts, to: t.ts + 1 }))}>event</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {ranges}
    </div>
  );
}

function Baseline({ d }: { d: Exfiltration }) {
  const { time } = usePrefs();
  const b = d.baseline!;
  const ratio = b.beforePerHour > 0 ? b.afterPerHour / b.beforePerHour : Infinity;
  return (
    <div className="stat baseline" data-testid="exfil-baseline">
      <div className="stat-label">Outbound per hour, before → after {time(b.pivotTs)}</div>
      <div className="stat-value">{formatBytes(b.beforePerHour)} → <strong className="error">{formatBytes(b.afterPerHour)}</strong>
        <span className="small muted"> ({Number.isFinite(ratio) ? `${ratio.toFixed(ratio < 10 ? 1 : 0)}×` : 'none before'})</span></div>
      <div className="small muted">Split at the {b.pivotReason}: {formatBytes(b.beforeBytes)} over {b.beforeHours.toFixed(1)} h before, {formatBytes(b.afterBytes)} over {b.afterHours.toFixed(1)} h after.</div>
    </div>
  );
}
