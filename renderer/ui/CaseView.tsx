import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { openCase } from '../db/cases';
import type { CaseDb } from '../db/schema';
import { ImportPanel } from './import/ImportPanel';
import { EvidenceTable } from './evidence/EvidenceTable';
import { RejectsTable } from './evidence/RejectsTable';
import { TimelineView } from './timeline/TimelineView';
import { SuspectsView } from './suspects/SuspectsView';
import { PivotView } from './pivot/PivotView';
import { ExfilView } from './exfil/ExfilView';
import { ChecklistView } from './checklist/ChecklistView';
import { IndicatorsView } from './indicators/IndicatorsView';
import { NotifyView } from './notify/NotifyView';
import { ReportView } from './report/ReportView';
import { CASE_TABS, type CaseTab } from './routes';

export { CASE_TABS, type CaseTab };

const LABELS: Record<CaseTab, string> = {
  suspects: 'Suspects', events: 'Timeline', pivot: 'IP pivot', exfil: 'Exfiltration',
  checklist: 'Checklist', indicators: 'Indicators', notify: 'Notification', report: 'Report',
  evidence: 'Evidence', rejects: 'Rejects', import: 'Import',
};

export function CaseView({ caseId, tab, arg, params, onTab }: {
  caseId: string; tab: CaseTab; arg?: string | undefined; params?: Record<string, string> | undefined; onTab: (t: CaseTab) => void;
}) {
  const [db, setDb] = useState<CaseDb | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  useEffect(() => {
    let alive = true;
    let opened: CaseDb | null = null;
    openCase(caseId).then(
      (d) => { opened = d; if (alive) setDb(d); else d.close(); },
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => { alive = false; opened?.close(); setDb(null); };
  }, [caseId]);

  // Arrow keys move along the tabs, as in any tab list.
  function onTabKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = CASE_TABS.indexOf(tab);
    const next = CASE_TABS[(i + (e.key === 'ArrowRight' ? 1 : CASE_TABS.length - 1)) % CASE_TABS.length]!;
    onTab(next);
    tabRefs.current[CASE_TABS.indexOf(next)]?.focus();
    e.preventDefault();
  }

  if (error) return <p className="error" role="alert">This case could not be opened: {error}</p>;
  if (!db) return <p className="muted">Opening case…</p>;
  return (
    <div className="case">
      <div className="tabs" role="tablist" aria-label="Case views" onKeyDown={onTabKey}>
        {CASE_TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => { tabRefs.current[i] = el; }}
            role="tab"
            type="button"
            aria-selected={t === tab}
            tabIndex={t === tab ? 0 : -1}
            className={t === tab ? 'tab active' : 'tab'}
            onClick={() => onTab(t)}
            data-testid={`tab-${t}`}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel" aria-label={LABELS[tab]}>
        {tab === 'import' && <ImportPanel caseId={caseId} db={db} onDone={() => onTab('evidence')} />}
        {tab === 'evidence' && <EvidenceTable db={db} />}
        {tab === 'suspects' && <SuspectsView caseId={caseId} db={db} />}
        {tab === 'events' && <TimelineView caseId={caseId} db={db} params={params ?? {}} />}
        {tab === 'pivot' && <PivotView caseId={caseId} db={db} address={arg} />}
        {tab === 'exfil' && <ExfilView caseId={caseId} db={db} />}
        {tab === 'checklist' && <ChecklistView caseId={caseId} db={db} />}
        {tab === 'indicators' && <IndicatorsView caseId={caseId} db={db} />}
        {tab === 'notify' && <NotifyView caseId={caseId} db={db} />}
        {tab === 'report' && <ReportView caseId={caseId} db={db} />}
        {tab === 'rejects' && <RejectsTable db={db} />}
      </div>
    </div>
  );
}
