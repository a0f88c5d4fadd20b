import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseDb } from '../../db/schema';
import { usePrefs } from '../prefs';

/** Who changed what and when in this case, newest first. */
export function AuditTrail({ db }: { db: CaseDb }) {
  const { time } = usePrefs();
  const rows = useLiveQuery(() => db.audit.orderBy('at').reverse().limit(200).toArray(), [db]) ?? [];
  const total = useLiveQuery(() => db.audit.count(), [db]) ?? 0;
  return (
    <details className="card" data-testid="audit-trail">
      <summary><strong>Audit trail</strong> <span className="muted small">{total} change{total === 1 ? '' : 's'}{total > rows.length ? `, latest ${rows.length} shown` : ''}</span></summary>
      <table className="table compact-table">
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="audit-row">
              <td className="small nowrap">{time(r.at)}</td>
              <td className="small">{r.by}</td>
              <td className="small">{r.entity} · {r.action}</td>
              <td className="small break">{r.entityKey !== '*' ? <span className="mono">{r.entityKey}</span> : null} {r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
