import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { toCsv, CSV_MIME } from '../../../shared/report/csv';
import { stixBundle, stixJson, STIX_MIME } from '../../../shared/report/stix';
import type { AddressPivot } from '../../../shared/query/analytics/pivot';
import { registry } from '../../db/cases';
import type { CaseDb, IndicatorRow } from '../../db/schema';
import { markIndicator, removeIndicator } from '../../db/state/indicators';
import { saveFile, safeFileName } from '../../services/download';
import { queryClient } from '../../services/query-client';
import { AddressLink } from '../common/AddressLink';
import { Empty, ErrorNote } from '../common/States';
import { useAsync } from '../common/useAsync';
import { formatBytes, formatCount } from '../format';
import { usePrefs } from '../prefs';
import { BlockRulesPanel } from './BlockRulesPanel';

/** The case's indicators: edit them, export them (CSV, block list, STIX 2.1), and block them. */
export function IndicatorsView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const { analyst, time } = usePrefs();
  const indicators = useLiveQuery(() => db.indicators.orderBy('id').toArray(), [db]);
  const caseName = useLiveQuery(() => registry.cases.get(caseId), [caseId])?.name ?? 'case';
  const stats = useAsync(async () => {
    const out = new Map<string, AddressPivot>();
    for (const i of indicators ?? []) if (i.type !== 'cidr') out.set(i.value, await queryClient.pivot(caseId, i.value));
    return out;
  }, [caseId, (indicators ?? []).map((i) => i.value).join(',')]);
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (!indicators) return null;
  const act = (f: () => Promise<void>) => f().then(() => setError(null), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  const seen = (i: IndicatorRow) => stats.data?.get(i.value);
  const base = `${safeFileName(caseName)}-indicators`;

  function exportCsv() {
    const rows = indicators!.map((i) => {
      const s = seen(i);
      return [i.value, i.type, i.label, i.note, i.block ? 'yes' : 'no', s ? new Date(s.firstTs).toISOString() : '', s ? new Date(s.lastTs).toISOString() : '', s?.events ?? '', s?.bytesLeftTo ?? '', i.createdBy, new Date(i.createdAt).toISOString()];
    });
    saveFile(`${base}.csv`, CSV_MIME, toCsv(['indicator', 'type', 'label', 'note', 'blocked', 'first_seen_utc', 'last_seen_utc', 'events', 'bytes_out_to_it', 'added_by', 'added_at_utc'], rows));
  }
  function exportBlockList() {
    const list = indicators!.filter((i) => i.block).map((i) => i.value);
    saveFile(`${safeFileName(caseName)}-blocklist.txt`, 'text/plain;charset=utf-8', `${list.join('\n')}\n`);
  }
  function exportStix() {
    const bundle = stixBundle({
      caseName, createdAt: Date.now(),
      indicators: indicators!.map((i) => {
        const s = seen(i);
        return { address: i.value, kind: i.type, label: i.label, note: i.note, ...(s?.known ? { firstSeen: s.firstTs, lastSeen: s.lastTs } : {}) };
      }),
    });
    saveFile(`${base}.stix.json`, STIX_MIME, stixJson(bundle));
  }

  return (
    <div className="indicators">
      <section className="card">
        <div className="row between wrap gap">
          <h3>Indicators <span className="muted small">{indicators.length} in this case, {indicators.filter((i) => i.block).length} on the block list</span></h3>
          <div className="row gap wrap">
            <button type="button" className="btn small" disabled={indicators.length === 0} onClick={exportCsv} data-testid="export-indicators-csv">CSV</button>
            <button type="button" className="btn small" disabled={!indicators.some((i) => i.block)} onClick={exportBlockList} data-testid="export-blocklist">Block list</button>
            <button type="button" className="btn small" disabled={indicators.length === 0} onClick={() => act(async () => exportStix())} data-testid="export-stix">STIX 2.1 bundle</button>
          </div>
        </div>
        <form className="row gap wrap" onSubmit={(e) => { e.preventDefault(); const v = input.trim(); if (v) void act(() => markIndicator(db, analyst, v, { label: 'added by hand' })).then(() => setInput('')); }}>
          <input className="input mono" placeholder="Address or CIDR block" value={input} onChange={(e) => setInput(e.target.value)} aria-label="Add an indicator" data-testid="indicator-input" />
          <button type="submit" className="btn small">Add indicator</button>
        </form>
        {error && <ErrorNote error={error} />}
        {indicators.length === 0 ? <Empty>No indicators yet. Mark addresses from their pivot, or add one above.</Empty> : (
          <div className="table-wrap">
            <table className="table" data-testid="indicators-table">
              <thead><tr><th>Indicator</th><th>Label</th><th>Note</th><th>Blocked</th><th>First seen</th><th>Last seen</th><th className="num">Events</th><th className="num">Bytes out to it</th><th /></tr></thead>
              <tbody>
                {indicators.map((i) => {
                  const s = seen(i);
                  return (
                    <tr key={i.value} data-testid="indicator-row" data-value={i.value}>
                      <td>{i.type === 'cidr' ? <span className="mono">{i.value}</span> : <AddressLink caseId={caseId} address={i.value} />}</td>
                      <td><input className="input small-input" defaultValue={i.label} aria-label={`Label of ${i.value}`} onBlur={(e) => { if (e.target.value !== i.label) void act(() => markIndicator(db, analyst, i.value, { label: e.target.value })); }} /></td>
                      <td><input className="input small-input" defaultValue={i.note} aria-label={`Note on ${i.value}`} onBlur={(e) => { if (e.target.value !== i.note) void act(() => markIndicator(db, analyst, i.value, { note: e.target.value })); }} /></td>
                      <td><input type="checkbox" checked={i.block} onChange={(e) => void act(() => markIndicator(db, analyst, i.value, { block: e.target.checked }))} aria-label={`Block ${i.value}`} data-testid="indicator-block" /></td>
                      <td className="small nowrap">{s?.known ? time(s.firstTs) : '—'}</td>
                      <td className="small nowrap">{s?.known ? time(s.lastTs) : '—'}</td>
                      <td className="num">{s ? formatCount(s.events) : '—'}</td>
                      <td className="num">{s ? formatBytes(s.bytesLeftTo) : '—'}</td>
                      <td className="actions"><button type="button" className="btn ghost tiny" onClick={() => void act(() => removeIndicator(db, analyst, i.value))} aria-label={`Remove ${i.value}`}>✕</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h3>Block rules</h3>
        <BlockRulesPanel indicators={indicators} caseName={caseName} />
      </section>
    </div>
  );
}
