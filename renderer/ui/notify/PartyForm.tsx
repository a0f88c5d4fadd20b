import { useId, useState, type FormEvent } from 'react';
import { splitCategories } from '../../../shared/report/parties';
import type { IndicatorRow, PartyRow, PinRow } from '../../db/schema';
import type { PartyInput } from '../../db/state/parties';
import { formatTime } from '../format';
import { errorText } from './notify-context';

type Evidence = PartyRow['evidence'][number];

/** The evidence a party can be linked to: the case's pinned events and its indicators. */
export function evidenceOptions(pins: readonly PinRow[], indicators: readonly IndicatorRow[]): Evidence[] {
  return [
    ...pins.map((p): Evidence => ({ kind: 'pin', ref: String(p.eventId), label: `${formatTime(p.ts)} · ${p.summary}`.slice(0, 160) })),
    ...indicators.map((i): Evidence => ({ kind: 'indicator', ref: i.value, label: i.label ? `${i.value} · ${i.label}`.slice(0, 160) : i.value })),
  ];
}

const keyOf = (e: Pick<Evidence, 'kind' | 'ref'>) => `${e.kind}:${e.ref}`;

/** A small multi-select of pinned events and indicators; links no longer in the case stay listed. */
export function EvidencePicker({ value, onChange, pins, indicators }: {
  value: Evidence[]; onChange: (v: Evidence[]) => void; pins: readonly PinRow[]; indicators: readonly IndicatorRow[];
}) {
  const id = useId();
  const options = evidenceOptions(pins, indicators);
  const known = new Set(options.map(keyOf));
  const stale = value.filter((e) => !known.has(keyOf(e)));
  const all = [...options, ...stale];
  const selected = value.map(keyOf);
  const pinOptions = all.filter((o) => o.kind === 'pin');
  const indicatorOptions = all.filter((o) => o.kind === 'indicator');
  const label = (o: Evidence) => (known.has(keyOf(o)) ? o.label : `${o.label} (no longer in the case)`);
  return (
    <div className="field">
      <label htmlFor={id}>Evidence of their exposure <span className="muted">(pinned events, indicators; Ctrl/⌘-click for several)</span></label>
      {all.length === 0 ? (
        <span className="small muted" data-testid="party-evidence-none">Nothing to link yet: pin events on the timeline or mark indicators first.</span>
      ) : (
        <select
          id={id}
          className="input evidence-select"
          multiple
          size={Math.min(6, all.length + (pinOptions.length > 0 ? 1 : 0) + (indicatorOptions.length > 0 ? 1 : 0))}
          value={selected}
          onChange={(e) => {
            const picked = new Set([...e.target.selectedOptions].map((o) => o.value));
            onChange(all.filter((o) => picked.has(keyOf(o))));
          }}
          data-testid="party-evidence"
        >
          {pinOptions.length > 0 && (
            <optgroup label="Pinned events">
              {pinOptions.map((o) => <option key={keyOf(o)} value={keyOf(o)}>{label(o)}</option>)}
            </optgroup>
          )}
          {indicatorOptions.length > 0 && (
            <optgroup label="Indicators">
              {indicatorOptions.map((o) => <option key={keyOf(o)} value={keyOf(o)}>{label(o)}</option>)}
            </optgroup>
          )}
        </select>
      )}
    </div>
  );
}

/** A record count as typed: digits, optionally grouped (1,204); empty is unknown. */
function parseRecords(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(t)) return undefined;
  const n = Number(t.replaceAll(',', ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Adds a party by hand, or edits one. Besides name, contact, categories and records it offers one
 * input per extra column the list already has, so a hand-entered party can fill the same letter
 * placeholders as the imported ones.
 */
export function PartyForm({ initial, fieldKeys, pins, indicators, onSubmit, onCancel, testId }: {
  initial?: PartyRow;
  fieldKeys: readonly string[];
  pins: readonly PinRow[];
  indicators: readonly IndicatorRow[];
  onSubmit: (party: PartyInput) => Promise<void>;
  onCancel?: () => void;
  testId: string;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [contact, setContact] = useState(initial?.contact ?? '');
  const [categories, setCategories] = useState(initial?.categories.join(', ') ?? '');
  const [records, setRecords] = useState(initial?.records === null || initial?.records === undefined ? '' : String(initial.records));
  const [fields, setFields] = useState<Record<string, string>>(initial?.fields ?? {});
  const [evidence, setEvidence] = useState<Evidence[]>(initial?.evidence ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = [...new Set([...fieldKeys, ...Object.keys(initial?.fields ?? {})])];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = parseRecords(records);
    if (name.trim() === '') { setError('Give the party a name; a letter is addressed to it.'); return; }
    if (n === undefined) { setError(`"${records.trim()}" is not a number of records; write a whole number such as 12, or leave it empty.`); return; }
    const cleanFields: Record<string, string> = {};
    for (const k of keys) cleanFields[k] = (fields[k] ?? '').trim();
    setBusy(true);
    try {
      await onSubmit({
        name: name.trim(), contact: contact.trim(), categories: splitCategories(categories), records: n, fields: cleanFields, evidence,
        origin: initial?.origin ?? 'manual',
      });
      setError(null);
      if (!initial) {
        setName(''); setContact(''); setCategories(''); setRecords(''); setFields({}); setEvidence([]);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="party-form" onSubmit={submit} data-testid={testId}>
      <div className="party-form-grid">
        <label className="field"><span>Name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required aria-required data-testid="party-name" />
        </label>
        <label className="field"><span>Contact (email or address)</span>
          <input className="input" value={contact} onChange={(e) => setContact(e.target.value)} data-testid="party-contact" />
        </label>
        <label className="field"><span>Data categories <span className="muted">(comma-separated)</span></span>
          <input className="input" value={categories} onChange={(e) => setCategories(e.target.value)} placeholder="name, email address" data-testid="party-categories" />
        </label>
        <label className="field"><span>Records affected</span>
          <input className="input" inputMode="numeric" value={records} onChange={(e) => setRecords(e.target.value)} placeholder="unknown" data-testid="party-records" />
        </label>
        {keys.map((k) => (
          <label className="field" key={k}><span>{k}</span>
            <input className="input" value={fields[k] ?? ''} onChange={(e) => setFields((f) => ({ ...f, [k]: e.target.value }))}
              data-testid="party-field" data-field={k} />
          </label>
        ))}
      </div>
      <EvidencePicker value={evidence} onChange={setEvidence} pins={pins} indicators={indicators} />
      <div className="row gap wrap party-form-actions">
        <button type="submit" className="btn primary" disabled={busy} data-testid={`${testId}-submit`}>{initial ? 'Save party' : 'Add party'}</button>
        {onCancel && <button type="button" className="btn" onClick={onCancel}>Cancel</button>}
        {error && <span className="error small" role="alert">{error}</span>}
      </div>
    </form>
  );
}
