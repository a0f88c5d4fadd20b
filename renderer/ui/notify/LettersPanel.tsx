import { useMemo, useRef, useState } from 'react';
import { CSV_MIME } from '../../../shared/report/csv';
import { DEFAULT_LETTER_TEMPLATE, renderTemplate } from '../../../shared/report/template';
import type { CaseDb, PartyRow } from '../../db/schema';
import type { ReportSettings } from '../../db/state/settings';
import type { CaseFacts } from '../../services/case-facts';
import { safeFileName, saveFile } from '../../services/download';
import { savePdf } from '../../services/print';
import { useServices } from '../services';
import type { AsyncState } from '../common/useAsync';
import { formatCount } from '../format';
import { usePrefs } from '../prefs';
import { lettersCsv, lettersHtml, lettersMarkdown, lettersText, type LetterInputs } from './letters-export';
import { EXAMPLE_PARTY, errorText, fieldKeysOf, fieldPlaceholder, letterContext, placeholderList, saveSettings, settledSettings } from './notify-context';
import { DiscoveryField, SettingField, natureFallback, useBlurSave } from './SettingFields';

const SHOWN_GAPS = 40;

/** The letter to every affected party: incident facts, the template, a preview, checks, exports. */
export function LettersPanel({ db, settings, parties, caseName, facts }: {
  db: CaseDb; settings: ReportSettings; parties: PartyRow[]; caseName: string; facts: AsyncState<CaseFacts>;
}) {
  const { analyst } = usePrefs();
  const { host } = useServices();
  const template = useBlurSave(settings.letterTemplate, (v) => saveSettings(db, analyst, { letterTemplate: v }));
  const area = useRef<HTMLTextAreaElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const fieldKeys = fieldKeysOf(parties);
  const placeholders = placeholderList(fieldKeys);
  const unusable = fieldKeys.filter((k) => fieldPlaceholder(k) === null);

  const previewParty = parties.find((p) => p.id === selected) ?? parties[0] ?? EXAMPLE_PARTY;
  // The preview follows the template as it is typed; the checks below use the saved template.
  const preview = renderTemplate(template.draft, letterContext(previewParty, settings, facts.data, caseName), 'text');

  const gaps = useMemo(() => parties
    .map((p) => ({ party: p, missing: renderTemplate(settings.letterTemplate, letterContext(p, settings, facts.data, caseName), 'text').missing }))
    .filter((x) => x.missing.length > 0), [parties, settings, facts.data, caseName]);

  const factsPending = facts.loading && !facts.data;
  const noExport = parties.length === 0 || factsPending;
  const base = safeFileName(`${caseName || 'case'}-letters`);
  // Pressing an export button takes the focus from a field being edited, which saves it; the
  // export waits for that save so the file holds what is on screen.
  const exportPdf = () => {
    settledSettings(db)
      .then((fresh) => savePdf(host, lettersHtml({ parties, settings: fresh, facts: facts.data, caseName }), `${caseName} letters`, `${base}.pdf`))
      .then(() => setExportError(null), (e: unknown) => setExportError(errorText(e)));
  };
  const exportAs = (name: string, mime: string, make: (inputs: LetterInputs) => string) => {
    settledSettings(db)
      .then((fresh) => {
        saveFile(name, mime, make({ parties, settings: fresh, facts: facts.data, caseName }));
        setExportError(null);
      })
      .catch((e: unknown) => setExportError(errorText(e)));
  };

  /** Puts a placeholder where the cursor is (the button keeps the focus in the template). */
  const insert = (path: string) => {
    const el = area.current;
    const text = `{{ ${path} }}`;
    if (!el) return;
    const start = el.selectionStart ?? template.draft.length;
    const end = el.selectionEnd ?? start;
    template.setDraft(template.draft.slice(0, start) + text + template.draft.slice(end));
    requestAnimationFrame(() => { el.focus(); el.setSelectionRange(start + text.length, start + text.length); });
  };

  return (
    <div className="notify-letters">
      <section className="card">
        <h3>What the letters say about the incident</h3>
        <p className="small muted">Saved in the case when you leave a field; the regulator summary and the report use the same answers.</p>
        <div className="notify-grid">
          <SettingField db={db} settings={settings} name="organisation" label="Organisation" placeholder="Example Ltd" />
          <SettingField db={db} settings={settings} name="contact" label="Contact point" hint="who recipients and the regulator contact" placeholder="Data protection officer, dpo@example.com, +44 …" />
          <DiscoveryField db={db} settings={settings} />
        </div>
        <div className="notify-grid two">
          <SettingField db={db} settings={settings} name="nature" label="What happened (nature of the breach)" multiline rows={4}
            {...natureFallback(settings, 'On 2 March an attacker exploited a flaw in our web shop and copied parts of the customer database…')} />
          <SettingField db={db} settings={settings} name="measuresTaken" label="Measures taken" multiline rows={4}
            placeholder="We closed the flaw, reset all passwords, blocked the attacker's addresses and informed the police…" />
        </div>
        {facts.error && <p className="small muted">The case facts (attacker addresses, bytes that left) could not be read: {facts.error}</p>}
      </section>

      <div className="letters-grid">
        <section className="card">
          <div className="row between wrap gap">
            <h3>Letter template</h3>
            <button type="button" className="btn small ghost" disabled={template.draft === DEFAULT_LETTER_TEMPLATE}
              onClick={() => { template.setDraft(DEFAULT_LETTER_TEMPLATE); void saveSettings(db, analyst, { letterTemplate: DEFAULT_LETTER_TEMPLATE }); }}
              data-testid="letter-template-reset">Restore the default</button>
          </div>
          <textarea
            ref={area} className="input mono letter-template" rows={24} spellCheck
            value={template.draft} onChange={(e) => template.setDraft(e.target.value)} onFocus={template.onFocus} onBlur={template.onBlur}
            aria-label="Letter template" data-testid="letter-template"
          />
          {template.error && <p className="error small" role="alert">{template.error}</p>}
          <h4>Placeholders <span className="muted small">(click to insert; filters: number, date, upper, list)</span></h4>
          <ul className="placeholders" data-testid="letter-placeholders">
            {placeholders.map((p) => (
              <li key={p.path}>
                <button type="button" className="placeholder-chip mono" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(p.path)} title={`Insert {{ ${p.path} }}`}>
                  {`{{ ${p.path} }}`}
                </button>
                <span className="small muted" title={p.hint}>{p.hint}</span>
              </li>
            ))}
          </ul>
          {unusable.length > 0 && (
            <p className="small muted">Columns a placeholder cannot name (rename them in the CSV to letters, digits and _): {unusable.join(', ')}</p>
          )}
        </section>

        <section className="card">
          <div className="row between wrap gap">
            <h3>Preview</h3>
            {parties.length > 0 ? (
              <label className="row gap small">
                <span className="muted">for</span>
                <select className="input preview-select" value={previewParty === EXAMPLE_PARTY ? '' : String((previewParty as PartyRow).id)}
                  onChange={(e) => setSelected(Number(e.target.value))} data-testid="letter-party">
                  {parties.map((p) => <option key={p.id} value={String(p.id)}>{p.name}{p.contact ? ` · ${p.contact}` : ''}</option>)}
                </select>
              </label>
            ) : <span className="small muted">an example party (no parties listed yet)</span>}
          </div>
          {preview.missing.length > 0 ? (
            <p className="letter-missing" role="status" data-testid="letter-preview-missing">
              Missing in this letter: {preview.missing.map((m) => <code key={m}>{m}</code>)}
            </p>
          ) : <p className="small ok-text" data-testid="letter-preview-complete">Every placeholder is filled.</p>}
          {/*
            The preview is the plain-text rendering shown as React text inside <pre>, not the HTML
            rendering through innerHTML: party names, CSV fields and the template itself then never
            reach the DOM as markup, whatever they contain, with no reliance on an escaping step.
            The letter reads the same (paragraphs are blank lines, kept by white-space: pre-wrap).
          */}
          <pre className="letter-preview" data-testid="letter-preview">{preview.output}</pre>
        </section>
      </div>

      <section className="card" data-testid="letters-check">
        <h3>Letters to send <span className="muted small">({formatCount(parties.length)})</span></h3>
        {parties.length === 0 ? (
          <p className="muted small">Import or add the affected parties first; there is one letter per party.</p>
        ) : gaps.length === 0 ? (
          <p className="small ok-text">All {formatCount(parties.length)} letters have every placeholder filled.</p>
        ) : (
          <>
            <p className="small warn-text" data-testid="letters-gaps" data-count={gaps.length}>
              {formatCount(gaps.length)} of {formatCount(parties.length)} letters have gaps; they are exported with <code>[missing: …]</code> where a value is missing.
            </p>
            <table className="table compact-table">
              <thead><tr><th>Party</th><th>Missing</th><th /></tr></thead>
              <tbody>
                {gaps.slice(0, SHOWN_GAPS).map(({ party, missing }) => (
                  <tr key={party.id} data-testid="letter-gap" className={party.id === (previewParty as PartyRow).id ? 'selected' : undefined}>
                    <td>{party.name}</td>
                    <td className="small">{missing.map((m) => <code key={m} className="missing-code">{m}</code>)}</td>
                    <td className="actions"><button type="button" className="btn small ghost" onClick={() => setSelected(party.id!)}>Preview</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {gaps.length > SHOWN_GAPS && <p className="small muted">… and {formatCount(gaps.length - SHOWN_GAPS)} more.</p>}
          </>
        )}
        <div className="row gap wrap export-row">
          <span className="small muted">Export all letters:</span>
          <button type="button" className="btn" disabled={noExport} onClick={exportPdf} data-testid="letters-pdf">PDF</button>
          <button type="button" className="btn" disabled={noExport} onClick={() => exportAs(`${base}.html`, 'text/html;charset=utf-8', lettersHtml)} data-testid="letters-html">HTML</button>
          <button type="button" className="btn" disabled={noExport} onClick={() => exportAs(`${base}.md`, 'text/markdown;charset=utf-8', lettersMarkdown)} data-testid="letters-md">Markdown</button>
          <button type="button" className="btn" disabled={noExport} onClick={() => exportAs(`${base}.txt`, 'text/plain;charset=utf-8', lettersText)} data-testid="letters-txt">Plain text</button>
          <button type="button" className="btn" disabled={noExport} onClick={() => exportAs(`${base}-mail-merge.csv`, CSV_MIME, lettersCsv)} data-testid="letters-csv">Mail-merge CSV</button>
          {factsPending && <span className="small muted">Reading the case facts…</span>}
        </div>
        {exportError && <p className="error small" role="alert">{exportError}</p>}
      </section>
    </div>
  );
}
