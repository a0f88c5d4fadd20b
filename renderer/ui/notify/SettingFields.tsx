import { useEffect, useRef, useState } from 'react';
import { formatDate } from '../../../shared/report/template';
import type { CaseDb } from '../../db/schema';
import type { ReportSettings } from '../../db/state/settings';
import { usePrefs } from '../prefs';
import { errorText, fromUtcInput, saveSettings, toUtcInput } from './notify-context';

/**
 * A text value kept in the case's report settings, edited freely and saved when the field loses
 * focus (one audit row per edit, not per keystroke). While the field has focus, changes made
 * elsewhere (another panel editing the same setting) do not overwrite what is being typed.
 */
export function useBlurSave(value: string, save: (v: string) => Promise<void>) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  // A field that goes away while being edited (the route changed, the section closed without a
  // click) saves what it held, as leaving it would have.
  const latest = useRef({ draft, value, save });
  latest.current = { draft, value, save };
  useEffect(() => () => {
    const l = latest.current;
    if (focused.current && l.draft !== l.value) void l.save(l.draft).catch(() => undefined);
  }, []);
  return {
    draft,
    error,
    setDraft,
    onFocus: () => { focused.current = true; },
    onBlur: () => {
      focused.current = false;
      if (draft === value) return;
      save(draft).then(() => setError(null), (e: unknown) => setError(errorText(e)));
    },
  };
}

/**
 * Letters and the regulator draft use the report's narrative while the nature of the breach is
 * empty (as the report does); the empty field says so and shows the narrative as its placeholder.
 */
export function natureFallback(settings: ReportSettings, placeholder: string): { hint?: string; placeholder: string } {
  if (settings.nature.trim() === '' && settings.narrative.trim() !== '') {
    return { hint: "empty, so the report's narrative is used", placeholder: settings.narrative };
  }
  return { placeholder };
}

type TextKey = 'organisation' | 'contact' | 'nature' | 'likelyConsequences' | 'measuresTaken' | 'measuresProposed' | 'narrative';

export function SettingField({ db, settings, name, label, hint, multiline, rows = 3, placeholder, testId }: {
  db: CaseDb; settings: ReportSettings; name: TextKey; label: string; hint?: string; multiline?: boolean; rows?: number; placeholder?: string; testId?: string;
}) {
  const { analyst } = usePrefs();
  const f = useBlurSave(settings[name], (v) => saveSettings(db, analyst, { [name]: v }));
  const common = {
    value: f.draft,
    onFocus: f.onFocus,
    onBlur: f.onBlur,
    placeholder,
    'data-testid': testId ?? `setting-${name}`,
  };
  return (
    <label className="field">
      <span>{label}{hint && <span className="muted"> · {hint}</span>}</span>
      {multiline
        ? <textarea className="input" rows={rows} {...common} onChange={(e) => f.setDraft(e.target.value)} />
        : <input className="input" {...common} onChange={(e) => f.setDraft(e.target.value)} />}
      {f.error && <span className="error small" role="alert">{f.error}</span>}
    </label>
  );
}

/** A list setting (kinds of people) written as comma-separated text. */
export function ListSettingField({ db, settings, label, hint, placeholder }: {
  db: CaseDb; settings: ReportSettings; label: string; hint?: string; placeholder?: string;
}) {
  const { analyst } = usePrefs();
  const f = useBlurSave(settings.categoriesOfPeople.join(', '), (v) => saveSettings(db, analyst, {
    categoriesOfPeople: [...new Set(v.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== ''))],
  }));
  return (
    <label className="field">
      <span>{label}{hint && <span className="muted"> · {hint}</span>}</span>
      <input className="input" value={f.draft} placeholder={placeholder} onFocus={f.onFocus} onBlur={f.onBlur}
        onChange={(e) => f.setDraft(e.target.value)} data-testid="setting-categoriesOfPeople" />
      {f.error && <span className="error small" role="alert">{f.error}</span>}
    </label>
  );
}

/**
 * When the organisation became aware of the breach. The input is read as UTC (whatever the
 * display zone), and the chosen display zone is shown next to it when it differs.
 */
export function DiscoveryField({ db, settings }: { db: CaseDb; settings: ReportSettings }) {
  const { analyst, timeZone, time } = usePrefs();
  const [invalid, setInvalid] = useState(false);
  const f = useBlurSave(toUtcInput(settings.discoveredAt), async (v) => {
    const ms = fromUtcInput(v);
    if (ms === undefined) throw new Error('Not a date and time; use the picker or write YYYY-MM-DD HH:mm.');
    await saveSettings(db, analyst, { discoveredAt: ms });
  });
  const setNow = () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    f.setDraft(toUtcInput(now));
    saveSettings(db, analyst, { discoveredAt: now }).catch(() => setInvalid(true));
  };
  return (
    <div className="field">
      <label htmlFor="notify-discovered-at">Became aware of the breach <span className="muted">(UTC; starts the 72-hour clock)</span></label>
      <div className="row gap wrap">
        <input id="notify-discovered-at" className="input mono" type="datetime-local" step={60} value={f.draft}
          onFocus={f.onFocus} onBlur={f.onBlur}
          onChange={(e) => { f.setDraft(e.target.value); setInvalid(fromUtcInput(e.target.value) === undefined); }}
          aria-invalid={invalid} data-testid="discovered-at" />
        <button type="button" className="btn small" onClick={setNow} data-testid="discovered-now">Now</button>
        {settings.discoveredAt !== null && (
          <span className="small muted" data-testid="discovered-at-saved">
            saved: <span className="mono">{formatDate(settings.discoveredAt)}</span>{timeZone !== 'UTC' && <> = <span className="mono">{time(settings.discoveredAt)}</span></>}
          </span>
        )}
      </div>
      {f.error && <span className="error small" role="alert">{f.error}</span>}
    </div>
  );
}
