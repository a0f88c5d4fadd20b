import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseDb } from '../../db/schema';
import { formatCount } from '../format';

const PAGE = 200;

/** Records no parser could read, with file and line, kept for review. */
export function RejectsTable({ db }: { db: CaseDb }) {
  const [page, setPage] = useState(0);
  const [sourceId, setSourceId] = useState<number | 'all'>('all');
  const query = () => (sourceId === 'all' ? db.rejects.toCollection() : db.rejects.where('sourceId').equals(sourceId));
  const total = useLiveQuery(() => query().count(), [db, sourceId]);
  const rows = useLiveQuery(() => query().offset(page * PAGE).limit(PAGE).toArray(), [db, page, sourceId]);
  const sources = useLiveQuery(async () => new Map((await db.sources.toArray()).map((s) => [s.id, s])), [db]);
  const withRejects = [...(sources?.values() ?? [])].filter((s) => s.rejected > 0);
  if (total === undefined || rows === undefined) return <p className="muted">Loading…</p>;
  if (total === 0 && sourceId === 'all') return <p className="muted empty">No rejected records: every record in every source was read.</p>;
  const pages = Math.ceil(total / PAGE);
  return (
    <div>
      {withRejects.length > 1 && (
        <label className="field filters">
          <span>Source</span>
          <select className="input" value={String(sourceId)} aria-label="Show rejects of one source"
            onChange={(e) => { setPage(0); setSourceId(e.target.value === 'all' ? 'all' : Number(e.target.value)); }}>
            <option value="all">All sources</option>
            {withRejects.map((s) => <option key={s.id} value={s.id}>{s.path} ({s.rejected})</option>)}
          </select>
        </label>
      )}
      <p className="summary" data-testid="rejects-summary">{formatCount(total)} records could not be read. They are kept here, with file and line, and left out of every count and chart.</p>
      <div className="table-wrap">
        <table className="table" data-testid="rejects-table">
          <thead><tr><th>Source</th><th className="num">Line</th><th>Reason</th><th>Record text</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="reject-row">
                <td className="small" title={sources?.get(r.sourceId)?.path}>{sources?.get(r.sourceId)?.path ?? r.sourceId}</td>
                <td className="num">{r.line}</td>
                <td>{r.reason}</td>
                <td><code className="raw">{r.text}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="row gap pager">
          <button type="button" className="btn small" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
          <span className="muted">Page {page + 1} of {pages}</span>
          <button type="button" className="btn small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      )}
    </div>
  );
}
