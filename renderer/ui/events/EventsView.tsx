import { useEffect, useState } from 'react';
import type { CaseDb } from '../../db/schema';
import type { EventDetail, EventFilter, EventPage } from '../../../shared/query/types';
import { EVENT_KINDS, type EventKind, type LogEvent } from '../../../shared/model/event';
import { canonicalAddress } from '../../../shared/net/address';
import { queryClient } from '../../services/query-client';
import { formatBytes, formatCount, formatTime } from '../format';

const PAGE = 100;

/** Events in time order, filtered by address, kind and text, each opening to its raw record. */
export function EventsView({ caseId }: { caseId: string; db: CaseDb }) {
  const [address, setAddress] = useState('');
  const [text, setText] = useState('');
  const [kind, setKind] = useState<EventKind | ''>('');
  const [filter, setFilter] = useState<EventFilter>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<EventPage | null>(null);
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setError(null);
    queryClient.page(caseId, filter, offset, PAGE).then(
      (p) => alive && setPage(p),
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => { alive = false; };
  }, [caseId, filter, offset]);

  function apply() {
    const f: EventFilter = {};
    const a = address.trim();
    if (a) {
      const canon = canonicalAddress(a);
      if (!canon) { setError(`"${a}" is not an IP address.`); return; }
      f.address = canon;
    }
    if (text.trim()) f.text = text.trim();
    if (kind) f.kinds = [kind];
    setOffset(0);
    setFilter(f);
  }

  async function open(ev: LogEvent) {
    if (ev.id === undefined) return;
    setDetail((await queryClient.detail(caseId, ev.id)) ?? null);
  }

  return (
    <div className="events">
      <form className="row gap wrap filters" onSubmit={(e) => { e.preventDefault(); apply(); }}>
        <input className="input mono" placeholder="Address" value={address} onChange={(e) => setAddress(e.target.value)} aria-label="Filter by address" data-testid="filter-address" />
        <input className="input" placeholder="Text in URL, user agent, user…" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter by text" />
        <select className="input" value={kind} onChange={(e) => setKind(e.target.value as EventKind | '')} aria-label="Filter by kind">
          <option value="">All kinds</option>
          {EVENT_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <button type="submit" className="btn" data-testid="apply-filter">Apply</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {page && (
        <p className="summary" data-testid="events-total">
          {formatCount(page.total)} events{page.total > 0 && <> · showing {formatCount(offset + 1)}–{formatCount(Math.min(page.total, offset + PAGE))}</>}
        </p>
      )}
      <div className="split">
        <div className="table-wrap">
          <table className="table events-table" data-testid="events-table">
            <thead><tr><th>Time (UTC)</th><th>Kind</th><th>Source</th><th>Destination</th><th>What</th><th className="num" title="Bytes sent by the source / by the destination">Sent by src / dst</th></tr></thead>
            <tbody>
              {page?.rows.map((ev) => (
                <tr key={ev.id} onClick={() => void open(ev)} tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') void open(ev); }} className={detail?.event.id === ev.id ? 'selected' : ''} data-testid="event-row">
                  <td className="mono small nowrap">{formatTime(ev.ts)}</td>
                  <td><span className={`kind ${ev.kind}`}>{ev.kind}</span></td>
                  <td className="mono small">{ev.src}{ev.srcPort !== undefined && `:${ev.srcPort}`}</td>
                  <td className="mono small">{ev.dst}{ev.dstPort !== undefined && `:${ev.dstPort}`}</td>
                  <td className="small ellipsis">{summarize(ev)}</td>
                  <td className="num small">{formatBytes(ev.origBytes)} / {formatBytes(ev.respBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && page.total === 0 && <p className="muted empty">No events match.</p>}
          {page && page.total > PAGE && (
            <div className="row gap pager">
              <button type="button" className="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
              <button type="button" className="btn small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
            </div>
          )}
        </div>
        {detail && <EventDetailPanel detail={detail} onClose={() => setDetail(null)} />}
      </div>
    </div>
  );
}

function summarize(ev: LogEvent): string {
  if (ev.kind === 'http') return [ev.method, ev.url, ev.status].filter((x) => x !== undefined).join(' ');
  if (ev.kind === 'flow') return [ev.proto, ev.action].filter(Boolean).join(' ');
  return ev.operation ?? ev.message ?? '';
}

function EventDetailPanel({ detail, onClose }: { detail: EventDetail; onClose: () => void }) {
  const { event, raw, source } = detail;
  const entries = Object.entries(event).filter(([k]) => k !== 'fields' && k !== 'id' && k !== 'sourceId');
  return (
    <aside className="detail card" data-testid="event-detail" aria-label="Event detail">
      <div className="row between"><h3>Event</h3><button type="button" className="btn ghost small" onClick={onClose}>Close</button></div>
      <dl className="kv">
        {entries.map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd className="mono">{k === 'ts' ? formatTime(v as number) : String(v)}</dd></div>
        ))}
        {event.fields && Object.entries(event.fields).map(([k, v]) => (
          <div key={`f.${k}`}><dt className="muted">{k}</dt><dd className="mono">{v}</dd></div>
        ))}
      </dl>
      <h4>Raw record</h4>
      <pre className="raw block" data-testid="raw-text">{raw}</pre>
      <h4>Evidence</h4>
      <dl className="kv">
        <div><dt>File</dt><dd className="mono" data-testid="detail-path">{source?.path}</dd></div>
        <div><dt>Line</dt><dd className="mono" data-testid="detail-line">{event.line}</dd></div>
        <div><dt>SHA-256</dt><dd className="mono small">{source?.sha256}</dd></div>
        <div><dt>Format</dt><dd>{source?.format} (parser {source?.parserVersion})</dd></div>
      </dl>
    </aside>
  );
}
