import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { CaseDb } from '../../db/schema';
import { queryClient } from '../../services/query-client';
import { AddressLink } from '../common/AddressLink';
import { Empty, ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { formatBytes, formatCount } from '../format';
import { usePrefs } from '../prefs';

/**
 * The entry point of an investigation: external addresses ranked by a score whose parts are
 * all on screen, so the responder sees why an address is on top and can disagree.
 */
export function SuspectsView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const { data, error, loading } = useAsync(() => queryClient.suspects(caseId), [caseId]);
  const { time, zoneLabel } = usePrefs();
  const indicators = useLiveQuery(() => db.indicators.toArray(), [db]) ?? [];
  const marked = new Set(indicators.map((i) => i.value));
  const [showAll, setShowAll] = useState(false);

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="suspects" height="20rem" />;
  if (data.length === 0) return <Empty>No external addresses in this case yet. Import logs to rank them.</Empty>;
  const max = Math.max(1, data[0]!.score);
  // Addresses with any signal, and at least the ten busiest; the quiet tail on request.
  const flagged = data.filter((s) => s.score > 0).length;
  const shown = showAll ? data : data.slice(0, Math.max(10, flagged));
  return (
    <div className="suspects" aria-busy={loading}>
      <p className="summary">
        External addresses ranked by suspicion. Each score is the sum of the parts shown: web-exploit attempts,
        scanner tools, scanning, request bursts, data sent to the address and refused connections.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="suspects-table">
          <thead>
            <tr>
              <th className="num">#</th><th>Address</th><th>Score</th><th>Why</th>
              <th className="num">Events</th><th className="num">HTTP</th><th className="num">Exploit</th>
              <th className="num">Bytes left to it</th><th className="num">Denied</th>
              <th>First seen ({zoneLabel})</th><th>Last seen</th><th className="num">Sources</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s, i) => (
              <tr key={s.address} data-testid="suspect-row" data-address={s.address}>
                <td className="num muted">{i + 1}</td>
                <td className="nowrap">
                  <AddressLink caseId={caseId} address={s.address} />
                  {marked.has(s.address) && <span className="badge warn" title="Marked as an indicator">IOC</span>}
                </td>
                <td className="score-cell">
                  <div className="score-bar" aria-hidden="true"><div style={{ width: `${(s.score / max) * 100}%` }} /></div>
                  <span className="num" data-testid="suspect-score">{s.score}</span>
                </td>
                <td>
                  <ul className="parts">
                    {s.parts.map((p) => (
                      <li key={p.id} className={`part ${p.id}`} title={p.detail}>
                        <strong>{p.label}</strong> <span className="muted">+{p.points}</span>
                        <div className="small muted">{p.detail}</div>
                      </li>
                    ))}
                    {s.parts.length === 0 && <li className="muted small">Nothing unusual</li>}
                  </ul>
                </td>
                <td className="num">{formatCount(s.events)}</td>
                <td className="num">{formatCount(s.httpRequests)}</td>
                <td className="num">{s.exploitRequests > 0 ? <strong className="error">{s.exploitRequests}</strong> : 0}</td>
                <td className="num nowrap">{formatBytes(s.bytesOut)}</td>
                <td className="num">{s.denied}</td>
                <td className="small nowrap">{time(s.firstTs)}</td>
                <td className="small nowrap">{time(s.lastTs)}</td>
                <td className="num">{s.sourceIds.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < data.length && (
        <p className="row center">
          <button type="button" className="btn small" onClick={() => setShowAll(true)} data-testid="show-all-suspects">
            Show {formatCount(data.length - shown.length)} more addresses with no signal
          </button>
        </p>
      )}
    </div>
  );
}
