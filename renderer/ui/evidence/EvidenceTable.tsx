import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseDb } from '../../db/schema';
import type { EvidenceSource } from '../../../shared/model/source';
import { formatBytes, formatCount, formatRange } from '../format';
import { CopyButton } from '../CopyButton';

/** Orders sources as a tree (each container followed by its entries) with their depth. */
function asTree(sources: EvidenceSource[]): { s: EvidenceSource; depth: number; label: string }[] {
  const children = new Map<number | undefined, EvidenceSource[]>();
  for (const s of sources) {
    const key = s.parentId;
    const list = children.get(key) ?? [];
    list.push(s);
    children.set(key, list);
  }
  const out: { s: EvidenceSource; depth: number; label: string }[] = [];
  const visit = (parent: EvidenceSource | undefined, depth: number) => {
    for (const s of children.get(parent?.id) ?? []) {
      // Inside an archive, show the entry's own path (web/access.log.gz), not the whole chain.
      const label = parent && s.path.startsWith(parent.path) ? s.path.slice(parent.path.length).replace(/^!?\//, '') : s.path;
      out.push({ s, depth, label: label || s.name });
      visit(s, depth + 1);
    }
  };
  visit(undefined, 0);
  return out;
}

export function EvidenceTable({ db }: { db: CaseDb }) {
  const sources = useLiveQuery(() => db.sources.toArray(), [db]);
  const rows = useMemo(() => asTree(sources ?? []), [sources]);
  // The same bytes imported twice count twice: say so where it happens.
  const firstWithHash = useMemo(() => {
    const first = new Map<string, EvidenceSource>();
    for (const s of sources ?? []) if (s.role === 'log' && s.status === 'complete' && s.sha256 && !first.has(s.sha256)) first.set(s.sha256, s);
    return first;
  }, [sources]);
  if (sources === undefined) return <p className="muted">Loading evidence…</p>;
  if (sources.length === 0) return <p className="muted empty">No evidence yet. Import files on the Import tab.</p>;
  const logs = sources.filter((s) => s.role === 'log' && s.status === 'complete');
  const total = logs.reduce((n, s) => n + s.events, 0);
  const rejected = logs.reduce((n, s) => n + s.rejected, 0);
  return (
    <div>
      <p className="summary" data-testid="evidence-summary">
        {formatCount(total)} {total === 1 ? 'event' : 'events'} from {formatCount(logs.length)} log {logs.length === 1 ? 'source' : 'sources'}
        {' · '}{formatCount(rejected)} rejected {rejected === 1 ? 'record' : 'records'}
      </p>
      <div className="table-wrap">
        <table className="table evidence" data-testid="evidence-table">
          <thead>
            <tr>
              <th>Source</th><th>Format</th><th className="num">Bytes</th><th>SHA-256</th><th>Time range</th>
              <th className="num">Events</th><th className="num">Rejected</th><th>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ s, depth, label }) => (
              <tr key={s.id} data-testid="evidence-row" data-path={s.path} data-status={s.status}>
                <td style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }} title={s.path}>
                  <span className="src-icon" aria-hidden="true">{s.role === 'container' ? '▣' : '≡'}</span>
                  <span className="src-name">{label}</span>
                  {s.role === 'container' && <span className="badge">{s.containerKind}</span>}
                </td>
                <td>
                  {s.format ?? ''}{s.formatChosenBy === 'user' && <span className="badge">chosen</span>}
                  {s.role === 'log' && s.status === 'complete' && s.sha256 && firstWithHash.get(s.sha256)?.id !== s.id && (
                    <span className="badge warn" data-testid="duplicate" title={`Same SHA-256 as ${firstWithHash.get(s.sha256)?.path}; its events are in the case twice.`}>duplicate</span>
                  )}
                </td>
                <td className="num">{formatBytes(s.bytes)}</td>
                <td className="mono small hash" data-testid="sha256" data-sha256={s.sha256 ?? ''} title={s.sha256}>
                  {s.sha256 ? <>{s.sha256.slice(0, 16)}…<CopyButton text={s.sha256} label="Copy SHA-256" /></> : '—'}
                </td>
                <td className="mono small">{formatRange(s.tsMin, s.tsMax)}{s.zoneless > 0 && <span className="badge warn" title={`${formatCount(s.zoneless)} times had no zone; read as ${s.timeZone}`}>zone assumed</span>}</td>
                <td className="num" data-testid="events">{s.role === 'log' ? formatCount(s.events) : ''}</td>
                <td className="num" data-testid="rejected">{s.role === 'log' ? formatCount(s.rejected) : ''}</td>
                <td>
                  <span className={`status ${s.status}`}>{s.status}</span>
                  {s.error && <div className="small error-text">{s.error}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
