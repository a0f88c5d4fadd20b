import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { EVENT_KINDS } from '../../../shared/model/event';
import { canonicalAddress } from '../../../shared/net/address';
import { parseTimestamp } from '../../../shared/ingest/time/timestamp';
import type { EventDetail, EventFilter } from '../../../shared/query/types';
import type { LogEvent } from '../../../shared/model/event';
import { setLanePinned, timelineLanes } from '../../db/state/lanes';
import type { CaseDb } from '../../db/schema';
import { queryClient } from '../../services/query-client';
import { Empty, ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { EventDetailPanel } from '../events/EventDetailPanel';
import { EventList } from '../events/EventList';
import { formatCount, formatDuration } from '../format';
import { usePrefs } from '../prefs';
import { caseHref, navigate } from '../routes';
import { filterFromParams, paramsFromFilter } from './filter-params';
import { KindLegend, TimeHistogram } from './TimeHistogram';
import { Swimlanes } from './Swimlanes';

/**
 * The case over time: a zoomable histogram (drag to zoom; back or Reset to undo), swimlanes for
 * pinned addresses, and the matching events as a virtualized list that opens each event.
 */
export function TimelineView({ caseId, db, params }: { caseId: string; db: CaseDb; params: Record<string, string> }) {
  // Keyed on the parameters' content: the route hands over a new object on every hash change.
  const filter = useMemo(() => filterFromParams(params), [JSON.stringify(params)]);
  const { time, analyst } = usePrefs();
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  // The first event opened in a stretch of a log is read again from its source: that can take a moment.
  const [opening, setOpening] = useState(false);
  const hist = useAsync(() => queryClient.histogram(caseId, filter), [caseId, JSON.stringify(filter)]);
  const sources = useLiveQuery(() => db.sources.where('status').equals('complete').toArray(), [db]) ?? [];
  const lanes = useLiveQuery(() => timelineLanes(db), [db]) ?? [];
  const pins = useLiveQuery(() => db.pins.orderBy('ts').toArray(), [db]) ?? [];
  const pinnedIds = useMemo(() => new Set(pins.map((p) => p.eventId)), [pins]);

  const go = (f: EventFilter) => navigate({ page: 'case', caseId, tab: 'events', params: paramsFromFilter(f) });
  const zoomed = filter.from !== undefined || filter.to !== undefined;

  async function open(ev: Pick<LogEvent, 'id'>) {
    if (ev.id === undefined) return;
    // Said only when it takes long enough to notice, so quick opens do not flicker.
    const slow = setTimeout(() => setOpening(true), 150);
    try {
      setDetail((await queryClient.detail(caseId, ev.id)) ?? null);
      setDetailError(null);
    } catch (e) {
      setDetailError(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(slow);
      setOpening(false);
    }
  }

  const emptyCase = hist.data !== undefined && hist.data.total === 0 && Object.keys(filter).length === 0;
  if (emptyCase) {
    return <Empty>No events in this case yet. <a href={caseHref(caseId, 'import')}>Import logs</a> to see them over time.</Empty>;
  }

  return (
    <div className="timeline">
      <FilterBar filter={filter} sources={sources.filter((s) => s.role === 'log').map((s) => ({ id: s.id!, path: s.path }))} onApply={go} />
      <section className="card chart-card" aria-label="Events over time">
        <div className="row between wrap gap">
          <h3>
            Events over time
            {hist.data && <span className="muted small"> · {formatCount(hist.data.total)} events, bars of {formatDuration(hist.data.bucketMs / 1000)}{hist.data.basis === 'rollups' ? ' (from rollups)' : ''}</span>}
          </h3>
          <div className="row gap small">
            {hist.data && <span className="muted" data-testid="time-range">{time(hist.data.from)} → {time(hist.data.to)}</span>}
            <button type="button" className="btn small" disabled={!zoomed} onClick={() => go({ ...filter, from: undefined, to: undefined } as EventFilter)} data-testid="reset-zoom">Reset zoom</button>
          </div>
        </div>
        {hist.error && <ErrorNote error={hist.error} />}
        {hist.data ? (
          <>
            <TimeHistogram histogram={hist.data} onZoom={(from, to) => go({ ...filter, from, to })} />
            <div className="row between wrap"><KindLegend histogram={hist.data} /><span className="muted small">Drag across the bars to zoom in.</span></div>
          </>
        ) : <Loading what="the histogram" height="200px" />}
        {hist.data && (
          <Swimlanes
            caseId={caseId}
            lanes={lanes}
            base={hist.data}
            onAdd={(a) => setLanePinned(db, analyst, a, true)}
            onRemove={(a) => setLanePinned(db, analyst, a, false)}
          />
        )}
      </section>
      {pins.length > 0 && (
        <details className="card pins" data-testid="pinned-events">
          <summary><strong>Pinned events</strong> <span className="muted">({pins.length}) · they go into the report with their tags and notes</span></summary>
          <ul className="pin-list">
            {pins.map((p) => (
              <li key={p.eventId}>
                <button type="button" className="btn ghost small" onClick={() => void open({ id: p.eventId })}>
                  <span className="mono small">{time(p.ts)}</span> {p.summary}
                </button>
                {p.tags.map((t) => <span key={t} className="badge">{t}</span>)}
                {p.note && <span className="muted small"> — {p.note}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {opening && <p className="muted" role="status" data-testid="detail-opening">Reading the event from its source…</p>}
      <div className={detail ? 'split' : ''}>
        <EventList caseId={caseId} filter={filter} selectedId={detail?.event.id} onOpen={(ev) => void open(ev)} pinned={pinnedIds} />
        {detailError && <ErrorNote error={detailError} />}
        {detail && <EventDetailPanel caseId={caseId} db={db} detail={detail} onClose={() => setDetail(null)} />}
      </div>
    </div>
  );
}

function FilterBar({ filter, sources, onApply }: { filter: EventFilter; sources: Array<{ id: number; path: string }>; onApply: (f: EventFilter) => void }) {
  const { time, zoneLabel } = usePrefs();
  const [from, setFrom] = useState(filter.from !== undefined ? time(filter.from) : '');
  const [to, setTo] = useState(filter.to !== undefined ? time(filter.to) : '');
  const [address, setAddress] = useState(filter.address ?? '');
  const [text, setText] = useState(filter.text ?? '');
  const [kind, setKind] = useState(filter.kinds?.[0] ?? '');
  const [method, setMethod] = useState(filter.method ?? '');
  const [status, setStatus] = useState(filter.status !== undefined ? String(filter.status) : '');
  const [source, setSource] = useState(filter.sourceIds?.[0] !== undefined ? String(filter.sourceIds[0]) : '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAddress(filter.address ?? ''); setText(filter.text ?? ''); setKind(filter.kinds?.[0] ?? '');
    setMethod(filter.method ?? ''); setStatus(filter.status !== undefined ? String(filter.status) : '');
    setSource(filter.sourceIds?.[0] !== undefined ? String(filter.sourceIds[0]) : '');
    setFrom(filter.from !== undefined ? time(filter.from) : '');
    setTo(filter.to !== undefined ? time(filter.to) : '');
  }, [filter, time]);

  /** A typed time: ISO 8601, epoch or "2026-03-12 03:08:20", read in the display zone when it names none. */
  function readTime(text: string, label: string): number | undefined | null {
    const t = text.trim().replace(/\s+(UTC|GMT[+-]?\d*|[A-Z]{2,5})$/, (m) => (/UTC/.test(m) ? 'Z' : ''));
    if (!t) return undefined;
    const parsed = parseTimestamp(t.replace(' ', 'T'), zoneLabel);
    if (!parsed) { setError(`${label} "${text.trim()}" is not a time (try 2026-03-12 03:08:20).`); return null; }
    return parsed.ms;
  }

  function apply() {
    const f: EventFilter = {};
    const fromMs = readTime(from, 'From');
    const toMs = readTime(to, 'To');
    if (fromMs === null || toMs === null) return;
    if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) { setError('"To" must be after "From".'); return; }
    if (fromMs !== undefined) f.from = fromMs;
    if (toMs !== undefined) f.to = toMs;
    const a = address.trim();
    if (a) {
      const canon = canonicalAddress(a);
      if (!canon) { setError(`"${a}" is not an IP address.`); return; }
      f.address = canon;
    }
    const st = status.trim();
    if (st) {
      if (!/^\d{3}$/.test(st)) { setError(`Status "${st}" is not a three-digit HTTP status.`); return; }
      f.status = Number(st);
    }
    if (text.trim()) f.text = text.trim();
    if (kind) f.kinds = [kind as (typeof EVENT_KINDS)[number]];
    if (method.trim()) f.method = method.trim().toUpperCase();
    if (source) f.sourceIds = [Number(source)];
    setError(null);
    onApply(f);
  }

  return (
    <form className="row gap wrap filters" onSubmit={(e) => { e.preventDefault(); apply(); }} aria-label="Event filters">
      <input className="input mono time-input" placeholder={`From (${zoneLabel})`} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From time" data-testid="filter-from" />
      <input className="input mono time-input" placeholder={`To (${zoneLabel})`} value={to} onChange={(e) => setTo(e.target.value)} aria-label="To time" data-testid="filter-to" />
      <input className="input mono" placeholder="Address" value={address} onChange={(e) => setAddress(e.target.value)} aria-label="Filter by address" data-testid="filter-address" />
      <input className="input grow-input" placeholder="Text in URL, user agent, user…" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter by text" data-testid="filter-text" />
      <select className="input" value={kind} onChange={(e) => setKind(e.target.value)} aria-label="Filter by kind" data-testid="filter-kind">
        <option value="">All kinds</option>
        {EVENT_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
      </select>
      <input className="input short" placeholder="Method" value={method} onChange={(e) => setMethod(e.target.value)} aria-label="Filter by HTTP method" />
      <input className="input short" placeholder="Status" value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Filter by HTTP status" inputMode="numeric" />
      <select className="input source-select" value={source} onChange={(e) => setSource(e.target.value)} aria-label="Filter by source">
        <option value="">All sources</option>
        {sources.map((s) => <option key={s.id} value={s.id}>{s.path}</option>)}
      </select>
      <button type="submit" className="btn primary" data-testid="apply-filter">Apply</button>
      <button type="button" className="btn ghost" onClick={() => onApply({})}>Clear</button>
      {error && <span className="error small" role="alert">{error}</span>}
    </form>
  );
}
