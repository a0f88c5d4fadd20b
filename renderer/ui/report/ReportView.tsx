import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { ReportInput } from '../../../shared/report/model';
import { renderReportHtml, renderReportJson, renderReportMarkdown, REPORT_JSON_MIME } from '../../../shared/report/writers';
import type { CaseDb } from '../../db/schema';
import { DEFAULT_REPORT_SETTINGS, reportSettings, saveReportSettings } from '../../db/state/settings';
import { saveFile, safeFileName } from '../../services/download';
import { savePdf } from '../../services/print';
import { gatherReport } from '../../services/report-input';
import { ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { useServices } from '../services';
import { usePrefs } from '../prefs';

/**
 * The case as a finished record: a preview of the report built from the case data, and exports
 * as PDF, self-contained HTML, Markdown and JSON. The narrative is the responder's own words;
 * every number comes from the case.
 */
export function ReportView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const { analyst, timeZone, zoneLabel } = usePrefs();
  const { host } = useServices();
  const [version, setVersion] = useState(0);
  const settings = useLiveQuery(() => reportSettings(db, DEFAULT_REPORT_SETTINGS), [db]);
  const report = useAsync(async () => {
    const input = await gatherReport(caseId, db, analyst, zoneLabel);
    return { input, html: renderReportHtml(input) };
  }, [caseId, analyst, zoneLabel, version]);
  const [narrative, setNarrative] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const name = (input: ReportInput) => `${safeFileName(input.case.name)}-report`;
  async function pdf(input: ReportInput, html: string) {
    setBusy('pdf');
    try {
      await savePdf(host, html, input.case.name, `${name(input)}.pdf`);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="report-view">
      <section className="card">
        <div className="row between wrap gap">
          <div>
            <h3>Report</h3>
            <p className="small muted">Built from the case data just now; times in {zoneLabel}{timeZone === 'local' ? ' (your local zone)' : ''}. Change the zone at the top to write it in another.</p>
          </div>
          {report.data && (
            <div className="row gap wrap">
              <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void pdf(report.data!.input, report.data!.html)} data-testid="report-pdf">{busy === 'pdf' ? 'Printing…' : 'PDF'}</button>
              <button type="button" className="btn" onClick={() => saveFile(`${name(report.data!.input)}.html`, 'text/html;charset=utf-8', report.data!.html)} data-testid="report-html">HTML</button>
              <button type="button" className="btn" onClick={() => saveFile(`${name(report.data!.input)}.md`, 'text/markdown;charset=utf-8', renderReportMarkdown(report.data!.input))} data-testid="report-md">Markdown</button>
              <button type="button" className="btn" onClick={() => saveFile(`${name(report.data!.input)}.json`, REPORT_JSON_MIME, renderReportJson(report.data!.input))} data-testid="report-json">JSON</button>
              <button type="button" className="btn ghost" onClick={() => setVersion((v) => v + 1)} data-testid="report-refresh">Rebuild</button>
            </div>
          )}
        </div>
        <label className="field">
          <span>Summary in your own words (what happened, what it means, what was done)</span>
          <textarea
            className="input" rows={4} value={narrative ?? settings?.narrative ?? ''} maxLength={20_000}
            onChange={(e) => setNarrative(e.target.value)}
            onBlur={() => {
              if (narrative === null || narrative === settings?.narrative) return;
              void saveReportSettings(db, analyst, DEFAULT_REPORT_SETTINGS, { narrative }).then(() => { setNarrative(null); setVersion((v) => v + 1); });
            }}
            data-testid="report-narrative"
          />
        </label>
        {error && <ErrorNote error={error} />}
      </section>
      {report.error && <ErrorNote error={report.error} />}
      {!report.data ? <Loading what="the report" height="40rem" /> : (
        // The preview runs no script and loads nothing: an empty sandbox, and the report's own CSP.
        <iframe className="report-preview" title="Report preview" sandbox="" srcDoc={report.data.html} data-testid="report-preview" />
      )}
    </div>
  );
}
