import { useState } from 'react';
import { REGULATOR_DEADLINE_HOURS, regulatorDeadline } from '../../../shared/report/regulator';
import type { CaseDb, PartyRow } from '../../db/schema';
import type { ReportSettings } from '../../db/state/settings';
import { safeFileName, saveFile } from '../../services/download';
import { formatCount } from '../format';
import { usePrefs } from '../prefs';
import { errorText, formatHours, settledSettings, useNow } from './notify-context';
import { regulatorHtml, regulatorMarkdown, regulatorSummary, type RegulatorDoc } from './regulator-export';
import { DiscoveryField, ListSettingField, SettingField, natureFallback } from './SettingFields';

/** The 72-hour clock, large, with what is left (or how late it is). */
export function DeadlineBanner({ discoveredAt, now, compact }: { discoveredAt: number | null; now: number; compact?: boolean }) {
  const { time } = usePrefs();
  if (discoveredAt === null) {
    return (
      <div className={`deadline unset${compact ? ' compact' : ''}`} data-testid={compact ? 'deadline-summary' : 'regulator-deadline'} data-state="unset">
        <div className="deadline-label">Regulator deadline</div>
        <div className="deadline-value">Not started</div>
        <div className="small muted">Set when the organisation became aware of the breach; the {REGULATOR_DEADLINE_HOURS}-hour clock runs from then.</div>
      </div>
    );
  }
  const d = regulatorDeadline(discoveredAt, now);
  const state = d.overdue ? 'overdue' : d.hoursLeft < 24 ? 'soon' : 'ok';
  return (
    <div className={`deadline ${state}${compact ? ' compact' : ''}`} data-testid={compact ? 'deadline-summary' : 'regulator-deadline'}
      data-state={state} data-deadline={d.deadline} data-discovered={discoveredAt}>
      <div className="deadline-label">Notify the regulator by ({REGULATOR_DEADLINE_HOURS} h after becoming aware)</div>
      <div className="deadline-value mono" data-testid="deadline-time">{time(d.deadline)}</div>
      <div className="deadline-left" data-testid="deadline-left">
        {d.overdue ? `Overdue by ${formatHours(-d.hoursLeft)}` : `${formatHours(d.hoursLeft)} left`}
      </div>
      {!compact && <div className="small muted">Became aware: <span className="mono">{time(discoveredAt)}</span></div>}
    </div>
  );
}

/** The notification to the supervisory authority: the clock, the draft, what is still open, exports. */
export function RegulatorPanel({ db, settings, parties, caseName }: {
  db: CaseDb; settings: ReportSettings; parties: PartyRow[]; caseName: string;
}) {
  const now = useNow();
  const [exportError, setExportError] = useState<string | null>(null);
  const r = regulatorSummary(parties, settings);
  const base = safeFileName(`${caseName || 'case'}-regulator-notification`);
  // Waits for a field saved by the very click on the button (it lost focus), then exports.
  const exportAs = (name: string, mime: string, make: (doc: RegulatorDoc) => string) => {
    settledSettings(db)
      .then((fresh) => {
        saveFile(name, mime, make({ summary: regulatorSummary(parties, fresh), organisation: fresh.organisation, caseName, now: Date.now() }));
        setExportError(null);
      })
      .catch((e: unknown) => setExportError(errorText(e)));
  };

  return (
    <div className="notify-regulator">
      <section className="card regulator-clock">
        <DeadlineBanner discoveredAt={settings.discoveredAt} now={now} />
        <div className="regulator-clock-side">
          <DiscoveryField db={db} settings={settings} />
          <p className="small muted">
            GDPR Art. 33: notify without undue delay and, where feasible, within {REGULATOR_DEADLINE_HOURS} hours of becoming aware;
            a later notification must say why it is late. Other laws set other clocks; check the ones that apply.
          </p>
        </div>
      </section>

      {r.gaps.length > 0 && (
        <section className="card gaps-card" data-testid="regulator-gaps">
          <h3>Still to complete <span className="muted small">({r.gaps.length})</span></h3>
          <ul>{r.gaps.map((g) => <li key={g} data-testid="regulator-gap">{g}</li>)}</ul>
        </section>
      )}

      <section className="card" data-testid="regulator-form">
        <h3>Notification draft <span className="muted small">(Art. 33(3); saved in the case when you leave a field)</span></h3>
        <SettingField db={db} settings={settings} name="nature" label="Nature of the breach" multiline rows={4}
          {...natureFallback(settings, 'What happened, how and when; what data was involved.')} />
        <div className="notify-grid two">
          <div>
            <h4>People concerned</h4>
            <div className="stats tight">
              <div className="stat"><div className="stat-label">Approximate number</div><div className="stat-value" data-testid="regulator-people">{formatCount(r.approxPeople)}</div><div className="small muted">distinct name and contact in the parties list</div></div>
            </div>
            <ListSettingField db={db} settings={settings} label="Categories of people" hint="comma-separated" placeholder="customers, employees" />
          </div>
          <div>
            <h4>Records concerned</h4>
            <div className="stats tight">
              <div className="stat"><div className="stat-label">Approximate number</div><div className="stat-value" data-testid="regulator-records">{formatCount(r.approxRecords)}</div><div className="small muted">summed over the parties list</div></div>
            </div>
            <div className="field">
              <span>Categories of personal data <span className="muted">· from the parties list</span></span>
              {r.categoriesOfRecords.length === 0 ? <span className="small muted">none listed</span> : (
                <span className="notify-chips" data-testid="regulator-categories">{r.categoriesOfRecords.map((c) => <span className="notify-chip" key={c}>{c}</span>)}</span>
              )}
            </div>
          </div>
        </div>
        <div className="notify-grid pair">
          <SettingField db={db} settings={settings} name="likelyConsequences" label="Likely consequences" multiline rows={4}
            placeholder="Phishing using the exposed email addresses; for the people whose card digits were exposed, …" />
          <SettingField db={db} settings={settings} name="measuresTaken" label="Measures taken" multiline rows={4} />
          <SettingField db={db} settings={settings} name="measuresProposed" label="Measures proposed" multiline rows={4} />
          <SettingField db={db} settings={settings} name="contact" label="Contact point" hint="DPO or other contact" multiline rows={4} />
        </div>
        <div className="row gap wrap export-row">
          <span className="small muted">Export the draft:</span>
          <button type="button" className="btn" onClick={() => exportAs(`${base}.md`, 'text/markdown;charset=utf-8', regulatorMarkdown)} data-testid="regulator-md">Markdown</button>
          <button type="button" className="btn" onClick={() => exportAs(`${base}.html`, 'text/html;charset=utf-8', regulatorHtml)} data-testid="regulator-html">HTML</button>
        </div>
        {exportError && <p className="error small" role="alert">{exportError}</p>}
      </section>
    </div>
  );
}
