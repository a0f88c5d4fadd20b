import type { ImportState } from '../../services/import-controller';
import { formatBytes, formatCount, formatDuration, formatRange } from '../format';
import { CopyButton } from '../CopyButton';

/** Live progress of one import, then its summary: every source with format, counts and hash. */
export function ImportProgressView({ state, onCancel, onRaiseLimit, onShowEvidence, onInvestigate }: {
  state: ImportState;
  onCancel: (sourceId?: number) => void;
  onRaiseLimit: (limit: string) => void;
  onShowEvidence: () => void;
  onInvestigate: () => void;
}) {
  const p = state.progress;
  const elapsed = (Date.now() - state.startedAt) / 1000;
  const rate = p && elapsed > 0 ? p.storedEvents / elapsed : 0;
  const byteRate = p && elapsed > 0 ? p.bytesRead / elapsed : 0;
  const eta = p && byteRate > 0 ? (p.bytesTotal - p.bytesRead) / byteRate : NaN;
  const pct = p && p.bytesTotal > 0 ? Math.min(100, (p.bytesRead / p.bytesTotal) * 100) : 0;
  const sources = [...state.sources.values()];
  const logs = sources.filter((s) => s.role === 'log');
  const running = state.status === 'running';

  return (
    <section className="card" data-testid="import-progress" data-status={state.status}>
      <div className="row between">
        <h3>{running ? 'Importing…' : `Import ${state.status}`}</h3>
        {running && <button type="button" className="btn danger" onClick={() => onCancel()} data-testid="cancel-import">Cancel import</button>}
        {!running && (
          <div className="row gap">
            <button type="button" className="btn" onClick={onShowEvidence} data-testid="show-evidence">Show evidence</button>
            {state.status === 'complete' && <button type="button" className="btn primary" onClick={onInvestigate} data-testid="start-investigating">Start investigating →</button>}
          </div>
        )}
      </div>
      {p && (
        <>
          <div className="progress" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
            <div className={`progress-bar ${state.status}`} style={{ width: `${running ? pct : 100}%` }} />
          </div>
          <p className="small muted">
            {formatBytes(p.bytesRead)} of {formatBytes(p.bytesTotal)} · {formatCount(p.storedEvents)} events stored
            {running && <> · {formatCount(Math.round(rate))} events/s · ETA {formatDuration(eta)}</>}
            {running && p.currentPath && <> · reading <span className="mono">{p.currentPath}</span></>}
          </p>
        </>
      )}
      {state.error && (
        <div className="alert" role="alert">
          <p>{state.error}</p>
          {state.limit && <button type="button" className="btn small" onClick={() => onRaiseLimit(state.limit!)}>Raise this limit tenfold and import again</button>}
        </div>
      )}
      {logs.length > 0 && (
        <table className="table" data-testid="import-summary">
          <thead><tr><th>Source</th><th>Format</th><th>Time range</th><th className="num">Events</th><th className="num">Rejected</th><th>SHA-256</th><th>Status</th></tr></thead>
          <tbody>
            {logs.map((s) => (
              <tr key={s.id}>
                <td className="small" title={s.path}>{s.path}</td>
                <td>{s.format}</td>
                <td className="mono small">{formatRange(s.tsMin, s.tsMax)}</td>
                <td className="num">{formatCount(s.status === 'importing' ? (p?.perSource[s.id] ?? 0) : s.events)}</td>
                <td className="num">{formatCount(s.rejected)}</td>
                <td className="mono tiny-text">{s.sha256 ? <>{s.sha256}<CopyButton text={s.sha256} label="Copy SHA-256" /></> : '—'}</td>
                <td>
                  <span className={`status ${s.status}`}>{s.status}</span>
                  {s.status === 'importing' && <button type="button" className="btn ghost tiny" onClick={() => onCancel(s.id)} aria-label={`Cancel ${s.name}`}>Cancel</button>}
                  {s.error && <div className="small error-text">{s.error}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
