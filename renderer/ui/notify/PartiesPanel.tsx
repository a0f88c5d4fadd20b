import { Fragment, useRef, useState } from 'react';
import { parsePartiesCsv, type PartyParseError } from '../../../shared/report/parties';
import type { CaseDb, IndicatorRow, PartyRow, PinRow } from '../../db/schema';
import { addParties, removeParty, updateParty, type PartyInput } from '../../db/state/parties';
import { AddressLink } from '../common/AddressLink';
import { Empty } from '../common/States';
import { formatCount } from '../format';
import { usePrefs } from '../prefs';
import { caseHref } from '../routes';
import { paramsFromFilter } from '../timeline/filter-params';
import { PartyForm } from './PartyForm';
import { errorText, fieldKeysOf } from './notify-context';

/** Larger lists are refused: they are read into memory in one piece. */
const MAX_CSV_BYTES = 50 * 1024 * 1024;
const PAGE = 100;
const SHOWN_ERRORS = 50;

interface ImportResult {
  file: string;
  added: number;
  errors: PartyParseError[];
  duplicates: number;
}

/** The affected parties: CSV import, hand entry, the list with edit / remove, evidence links. */
export function PartiesPanel({ caseId, db, parties, pins, indicators }: {
  caseId: string; db: CaseDb; parties: PartyRow[]; pins: PinRow[]; indicators: IndicatorRow[];
}) {
  const { analyst } = usePrefs();
  const fieldKeys = fieldKeysOf(parties);
  const [editing, setEditing] = useState<number | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<number | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const shown = showAll ? parties : parties.slice(0, PAGE);

  const act = (f: () => Promise<void>) => f().then(() => setActionError(null), (e: unknown) => setActionError(errorText(e)));

  return (
    <div className="notify-parties">
      <CsvImport db={db} parties={parties} />

      <section className="card">
        <div className="row between wrap gap">
          <h3>Affected parties <span className="muted small">({formatCount(parties.length)})</span></h3>
          {fieldKeys.length > 0 && <span className="small muted">Extra columns: {fieldKeys.join(', ')}</span>}
        </div>
        {actionError && <p className="error small" role="alert">{actionError}</p>}
        {parties.length === 0 ? (
          <Empty>No affected parties yet. Import the list your organisation exported (CSV), or add people by hand below.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table parties-table" data-testid="parties-table">
              <thead>
                <tr>
                  <th>Name</th><th>Contact</th><th>Data categories</th><th className="num">Records</th><th>Other columns</th><th>Evidence</th><th />
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => (
                  <Fragment key={p.id}>
                    <tr data-testid="party-row" data-party-id={p.id} className={editing === p.id ? 'selected' : undefined}>
                      <td className="party-name">
                        <span data-testid="party-row-name">{p.name}</span>
                        {p.origin === 'manual' && <span className="badge" title="Entered by hand">manual</span>}
                      </td>
                      <td className="small party-contact">{p.contact || <span className="muted">—</span>}</td>
                      <td>
                        {p.categories.length === 0 ? <span className="muted small">—</span> : (
                          <span className="notify-chips">{p.categories.map((c) => <span className="notify-chip" key={c}>{c}</span>)}</span>
                        )}
                      </td>
                      <td className="num">{p.records === null ? <span className="muted" title="Not given">?</span> : formatCount(p.records)}</td>
                      <td>
                        <dl className="party-fields">
                          {Object.entries(p.fields).map(([k, v]) => (
                            <div key={k}><dt>{k}</dt><dd>{v || <span className="muted">—</span>}</dd></div>
                          ))}
                        </dl>
                      </td>
                      <td>
                        {p.evidence.length === 0 ? <span className="muted small">none linked</span> : (
                          <ul className="plain small" data-testid="party-evidence-links">
                            {p.evidence.map((e) => <li key={`${e.kind}:${e.ref}`}><EvidenceLink caseId={caseId} e={e} pins={pins} indicators={indicators} /></li>)}
                          </ul>
                        )}
                      </td>
                      <td className="actions nowrap">
                        <button type="button" className="btn small" onClick={() => { setEditing(editing === p.id ? null : p.id!); setConfirmRemove(null); }}
                          data-testid="party-edit">{editing === p.id ? 'Close' : 'Edit'}</button>
                        {confirmRemove === p.id ? (
                          <>
                            <button type="button" className="btn small danger" onClick={() => act(() => removeParty(db, analyst, p.id!))} data-testid="party-remove-confirm">Remove</button>
                            <button type="button" className="btn small ghost" onClick={() => setConfirmRemove(null)}>Keep</button>
                          </>
                        ) : (
                          <button type="button" className="btn small ghost" onClick={() => setConfirmRemove(p.id!)} data-testid="party-remove" aria-label={`Remove ${p.name}`}>Remove…</button>
                        )}
                      </td>
                    </tr>
                    {editing === p.id && (
                      <tr className="party-edit-row">
                        <td colSpan={7}>
                          <PartyForm
                            initial={p} fieldKeys={fieldKeys} pins={pins} indicators={indicators} testId="party-edit-form"
                            onSubmit={async (change) => { await updateParty(db, analyst, p.id!, change); setEditing(null); }}
                            onCancel={() => setEditing(null)}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {!showAll && parties.length > PAGE && (
          <button type="button" className="btn small show-more" onClick={() => setShowAll(true)} data-testid="parties-show-all">
            Show all {formatCount(parties.length)} parties
          </button>
        )}
      </section>

      <section className="card">
        <h3>Add a party by hand</h3>
        <PartyForm
          fieldKeys={fieldKeys} pins={pins} indicators={indicators} testId="party-add"
          onSubmit={(party: PartyInput) => addParties(db, analyst, [party], 'by hand')}
        />
      </section>
    </div>
  );
}

function EvidenceLink({ caseId, e, pins, indicators }: {
  caseId: string; e: PartyRow['evidence'][number]; pins: PinRow[]; indicators: IndicatorRow[];
}) {
  if (e.kind === 'indicator') {
    const still = indicators.some((i) => i.value === e.ref);
    return (
      <span>
        {e.ref.includes('/') ? <span className="mono">{e.ref}</span> : <AddressLink caseId={caseId} address={e.ref} />}
        {!still && <span className="muted"> (no longer an indicator)</span>}
      </span>
    );
  }
  const pin = pins.find((p) => String(p.eventId) === e.ref);
  if (!pin) return <span className="muted">{e.label} (no longer pinned)</span>;
  return (
    <a href={caseHref(caseId, 'events', undefined, paramsFromFilter({ from: pin.ts, to: pin.ts + 1 }))} title={pin.summary}>
      pinned: {e.label}
    </a>
  );
}

/** Reads a CSV list, adds its valid rows and says exactly what happened to the others. */
function CsvImport({ db, parties }: { db: CaseDb; parties: PartyRow[] }) {
  const { analyst } = usePrefs();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onFile(file: File) {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      if (file.size > MAX_CSV_BYTES) throw new Error(`${file.name} is ${formatCount(file.size)} bytes; lists up to 50 MB can be imported. Split it and import the parts.`);
      const { parties: parsed, errors } = parsePartiesCsv(await file.text());
      const seen = new Set(parties.map((p) => `${p.name.toLowerCase()}\u0000${p.contact.toLowerCase()}`));
      const duplicates = parsed.filter((p) => seen.has(`${p.name.toLowerCase()}\u0000${p.contact.toLowerCase()}`)).length;
      await addParties(
        db, analyst,
        parsed.map((p): PartyInput => ({ name: p.name, contact: p.contact, categories: p.categories, records: p.records, fields: p.fields, evidence: [], origin: 'csv' })),
        `from ${file.name.slice(0, 120)}`,
      );
      setResult({ file: file.name, added: parsed.length, errors, duplicates });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <section className="card">
      <h3>Import a list</h3>
      <p className="small muted">
        A CSV with a header line. Tidemark recognises the name (or first and last name), email or contact, data categories (several per
        cell, separated by <code>;</code> or <code>,</code>) and records affected; every other column is kept and can be used in letters.
      </p>
      <div className="row gap wrap">
        <input ref={input} type="file" accept=".csv,.tsv,.txt,text/csv" disabled={busy}
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void onFile(f); }}
          aria-label="CSV list of affected parties" data-testid="parties-file" />
        {busy && <span className="small muted">Reading…</span>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <div className="import-result" data-testid="parties-import-result" data-added={result.added} data-errors={result.errors.length}>
          <p>
            <strong>{result.added === 0 ? 'No parties added' : `Added ${formatCount(result.added)} ${result.added === 1 ? 'party' : 'parties'}`}</strong>
            {' '}from <span className="mono">{result.file}</span>
            {result.errors.length > 0 && <>; <span className="error">{formatCount(result.errors.length)} {result.errors.length === 1 ? 'row was' : 'rows were'} not imported</span></>}.
            {result.duplicates > 0 && <span className="muted"> {formatCount(result.duplicates)} of them were already listed (same name and contact); remove the copies if the file was imported twice.</span>}
          </p>
          {result.errors.length > 0 && (
            <ul className="parse-errors small">
              {result.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                <li key={i} data-testid="parties-import-error" data-line={e.line}><span className="mono">Line {e.line}</span>: {e.message}</li>
              ))}
              {result.errors.length > SHOWN_ERRORS && <li className="muted">… and {formatCount(result.errors.length - SHOWN_ERRORS)} more.</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
