import { useEffect, useState } from 'react';
import { openCase } from '../db/cases';
import type { CaseDb } from '../db/schema';
import { ImportPanel } from './import/ImportPanel';
import { EvidenceTable } from './evidence/EvidenceTable';
import { RejectsTable } from './evidence/RejectsTable';
import { EventsView } from './events/EventsView';

export const CASE_TABS = ['import', 'evidence', 'events', 'rejects'] as const;
export type CaseTab = (typeof CASE_TABS)[number];
const LABELS: Record<CaseTab, string> = { import: 'Import', evidence: 'Evidence', events: 'Events', rejects: 'Rejected records' };

export function CaseView({ caseId, tab, onTab }: { caseId: string; tab: CaseTab; onTab: (t: CaseTab) => void }) {
  const [db, setDb] = useState<CaseDb | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let opened: CaseDb | null = null;
    openCase(caseId).then(
      (d) => { opened = d; if (alive) setDb(d); else d.close(); },
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => { alive = false; opened?.close(); setDb(null); };
  }, [caseId]);

  if (error) return <p className="error" role="alert">This case could not be opened: {error}</p>;
  if (!db) return <p className="muted">Opening case…</p>;
  return (
    <div className="case">
      <div className="tabs" role="tablist" aria-label="Case views">
        {CASE_TABS.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            aria-selected={t === tab}
            className={t === tab ? 'tab active' : 'tab'}
            onClick={() => onTab(t)}
            data-testid={`tab-${t}`}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'import' && <ImportPanel caseId={caseId} db={db} onDone={() => onTab('evidence')} />}
        {tab === 'evidence' && <EvidenceTable db={db} />}
        {tab === 'events' && <EventsView caseId={caseId} db={db} />}
        {tab === 'rejects' && <RejectsTable db={db} />}
      </div>
    </div>
  );
}
