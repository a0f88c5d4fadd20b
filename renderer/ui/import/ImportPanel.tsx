import { useEffect, useRef, useState } from 'react';
import { defaultImportOptions, type ImportOptions } from '../../../shared/contract/import-options';
import type { PickedItem } from '../../../shared/contract/ipc';
import type { ScanResult } from '../../../shared/contract/scan';
import type { FieldMapping, FormatId } from '../../../shared/model/format';
import type { CaseDb } from '../../db/schema';
import type { ImportState } from '../../services/import-controller';
import { useServices } from '../services';
import { onMenuCommand } from '../../host/menu-commands';
import { formatBytes } from '../format';
import { ScanTable } from './ScanTable';
import { ImportProgressView } from './ImportProgressView';
import { navigate } from '../routes';
import { ImportOptionsForm } from './ImportOptionsForm';

/**
 * The import screen: pick or drop files and folders, check the detected formats (override them,
 * map CSV/JSON columns), set the time zone and the case's own address ranges, then import and
 * follow each source's progress.
 */
export function ImportPanel({ caseId, db, onDone }: { caseId: string; db: CaseDb; onDone: () => void }) {
  const { host, imports } = useServices();
  const [picked, setPicked] = useState<PickedItem[]>([]);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [scanning, setScanning] = useState(false);
  const [overrides, setOverrides] = useState<Record<string, FormatId>>({});
  const [mappings, setMappings] = useState<Record<string, FieldMapping>>({});
  const [options, setOptions] = useState<ImportOptions>(defaultImportOptions);
  const [run, setRun] = useState<ImportState | undefined>(() => imports.latest(caseId));
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const lastOptions = useRef<{ tokens: string[]; options: ImportOptions } | null>(null);

  useEffect(() => imports.subscribe((s) => { if (s.caseId === caseId) setRun(s); }), [imports, caseId]);
  useEffect(() => host.prepareImport(), [host]);
  // The desktop File menu's Open files… / Open folder… land here.
  useEffect(() => onMenuCommand((c) => {
    void guard(async () => add(await (c === 'openFiles' ? host.pickFiles() : host.pickFolder())));
  }), [host]);
  useEffect(() => {
    void db.meta.get('internalRanges').then((m) => {
      if (Array.isArray(m?.value)) setOptions((o) => ({ ...o, internalRanges: m.value as string[] }));
    });
  }, [db]);

  function add(items: PickedItem[]) {
    if (items.length === 0) return;
    setPicked((p) => [...p, ...items]);
    setScan(null);
  }

  async function guard(fn: () => Promise<void>) {
    setError(null);
    try { await fn(); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  }

  async function runScan() {
    setScanning(true);
    await guard(async () => setScan(await host.scan(picked.map((p) => p.token), options)));
    setScanning(false);
  }

  async function start(opts: ImportOptions) {
    const tokens = picked.map((p) => p.token);
    const full = { ...opts, formatOverrides: overrides, mappings };
    lastOptions.current = { tokens, options: full };
    await guard(async () => {
      await imports.start(caseId, tokens, full);
      setPicked([]);
      setScan(null);
    });
  }

  async function retryWithRaisedLimit(limit: string) {
    const last = lastOptions.current;
    if (!last) return;
    const limits = { ...last.options.limits };
    const key = limit as keyof typeof limits;
    if (key in limits) limits[key] = limits[key] * 10;
    await guard(async () => { await imports.start(caseId, last.tokens, { ...last.options, limits }); });
  }

  const running = run?.status === 'running';
  return (
    <div className="import">
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          // The bridge reads the DataTransfer synchronously, before this handler returns.
          const pending = host.fromDrop(e.dataTransfer);
          void guard(async () => add(await pending));
        }}
      >
        <p><strong>Drop log files, archives or folders here</strong></p>
        <p className="muted small">zip, tar, tar.gz / tgz, gz (nested too) · access logs, VPC flow logs, Zeek, CSV, JSON, NDJSON</p>
        <div className="row gap center">
          <button type="button" className="btn" onClick={() => void guard(async () => add(await host.pickFiles()))} data-testid="pick-files">Add files…</button>
          <button type="button" className="btn" onClick={() => void guard(async () => add(await host.pickFolder()))}>Add folder…</button>
        </div>
      </div>

      {picked.length > 0 && (
        <section className="card">
          <h3>To import</h3>
          <ul className="picked" data-testid="picked-list">
            {picked.map((p) => (
              <li key={p.token}>
                <span aria-hidden="true">{p.kind === 'folder' ? '▣' : '≡'}</span> {p.name}
                <span className="muted small"> · {formatBytes(p.size)}</span>
                <button type="button" className="btn ghost tiny" aria-label={`Remove ${p.name}`}
                  onClick={() => { setPicked(picked.filter((x) => x !== p)); setScan(null); }}>✕</button>
              </li>
            ))}
          </ul>
          <ImportOptionsForm options={options} onChange={setOptions} />
          <div className="row gap">
            <button type="button" className="btn" onClick={() => void runScan()} disabled={scanning || running} data-testid="check-formats">
              {scanning ? 'Checking…' : 'Check formats'}
            </button>
            <button type="button" className="btn primary" onClick={() => void start(options)} disabled={running} data-testid="start-import">
              Import {picked.length} item{picked.length === 1 ? '' : 's'}
            </button>
          </div>
          {scan && (
            <ScanTable
              scan={scan}
              overrides={overrides}
              mappings={mappings}
              onOverride={(path, f) => setOverrides({ ...overrides, [path]: f })}
              onMapping={(path, m) => setMappings({ ...mappings, [path]: m })}
            />
          )}
        </section>
      )}

      {error && <p className="error" role="alert">{error}</p>}

      {run && (
        <ImportProgressView
          state={run}
          onCancel={(sourceId) => imports.cancel(run.importId, sourceId)}
          onRaiseLimit={retryWithRaisedLimit}
          onShowEvidence={onDone}
          onInvestigate={() => navigate({ page: 'case', caseId, tab: 'suspects' })}
        />
      )}
    </div>
  );
}
