import type { ScanResult } from '../../../shared/contract/scan';
import { FORMAT_IDS, type FieldMapping, type FormatId } from '../../../shared/model/format';
import { formatBytes } from '../format';

const FORMAT_LABELS: Record<FormatId, string> = {
  'access-combined': 'Access log (combined)',
  'access-common': 'Access log (common)',
  'vpc-flow': 'AWS VPC Flow Logs',
  'zeek-conn': 'Zeek conn.log',
  'zeek-http': 'Zeek http.log',
  csv: 'CSV / TSV with header',
  ndjson: 'NDJSON (one JSON per line)',
  'json-array': 'JSON array',
  unknown: 'Not a log (keep as evidence only)',
};

/** The fields a column mapping can feed, most useful first. */
const MAPPED: { key: keyof FieldMapping; label: string }[] = [
  { key: 'ts', label: 'Time' }, { key: 'src', label: 'Source address' }, { key: 'srcPort', label: 'Source port' },
  { key: 'dst', label: 'Destination address' }, { key: 'dstPort', label: 'Destination port' },
  { key: 'origBytes', label: 'Bytes sent by source' }, { key: 'respBytes', label: 'Bytes sent by destination' },
  { key: 'action', label: 'Action' }, { key: 'proto', label: 'Protocol' }, { key: 'method', label: 'HTTP method' },
  { key: 'url', label: 'URL' }, { key: 'status', label: 'Status' }, { key: 'ua', label: 'User agent' }, { key: 'user', label: 'User' },
];

export function ScanTable({ scan, overrides, mappings, onOverride, onMapping }: {
  scan: ScanResult;
  overrides: Record<string, FormatId>;
  mappings: Record<string, FieldMapping>;
  onOverride: (path: string, f: FormatId) => void;
  onMapping: (path: string, m: FieldMapping) => void;
}) {
  return (
    <div className="scan" data-testid="scan-table">
      <h3>What the files hold</h3>
      {scan.truncated && <p className="muted small">Showing the first {scan.entries.length} entries; the import reads them all.</p>}
      {scan.failures.map((f) => <p key={f.path} className="error small">{f.path}: {f.message}</p>)}
      <table className="table">
        <thead><tr><th>Entry</th><th className="num">Size</th><th>Format</th><th>First line</th></tr></thead>
        <tbody>
          {scan.entries.map((e) => {
            const chosen = overrides[e.path] ?? e.detected;
            const tabular = (chosen === 'csv' || chosen === 'ndjson' || chosen === 'json-array') && (e.columns?.length ?? 0) > 0;
            const mapping = mappings[e.path] ?? e.mapping ?? {};
            return (
              <tr key={e.path} data-testid="scan-row">
                <td className="small" title={e.path}>{e.path}</td>
                <td className="num">{formatBytes(e.size)}</td>
                <td>
                  <select className="input" value={chosen} aria-label={`Format of ${e.name}`}
                    onChange={(ev) => onOverride(e.path, ev.target.value as FormatId)}>
                    {FORMAT_IDS.map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}{f === e.detected ? ' (detected)' : ''}</option>)}
                  </select>
                  {e.detected !== 'unknown' && <div className="muted small">confidence {Math.round(e.confidence * 100)}%</div>}
                  {tabular && (
                    <details>
                      <summary className="small">Column mapping</summary>
                      <div className="mapping">
                        {MAPPED.map(({ key, label }) => (
                          <label key={key} className="field small">
                            <span>{label}</span>
                            <select className="input" value={mapping[key] ?? ''}
                              onChange={(ev) => onMapping(e.path, { ...mapping, [key]: ev.target.value || undefined })}>
                              <option value="">—</option>
                              {e.columns!.map((c) => <option key={c} value={c}>{c}</option>)}
                            </select>
                          </label>
                        ))}
                      </div>
                    </details>
                  )}
                </td>
                <td><code className="raw">{e.preview[0] ?? ''}</code></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
