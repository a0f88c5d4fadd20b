import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { BAD_EXTERNAL_ADDRESS_PLAYBOOK } from '../../../shared/playbook/builtin';
import { importRunbook } from '../../../shared/playbook/runbook-import';
import { parsePlaybook, type Playbook } from '../../../shared/playbook/schema';
import { registry } from '../../db/cases';
import type { CaseDb } from '../../db/schema';
import { addPlaybook, ensureBuiltinPlaybook, removePlaybook } from '../../db/state/checklist';
import { DEFAULT_REPORT_SETTINGS, reportSettings } from '../../db/state/settings';
import { queryClient } from '../../services/query-client';
import { ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { usePrefs } from '../prefs';
import { AuditTrail } from './AuditTrail';
import { StepCard } from './StepCard';
import type { CaseKnowledge } from './StepFacts';

/**
 * The guided investigation and resolution checklist: the playbooks this case runs, step by
 * step, each showing what the case already knows for it. Its state, notes and evidence feed
 * the report.
 */
export function ChecklistView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const { analyst } = usePrefs();
  useEffect(() => { void ensureBuiltinPlaybook(db, analyst, BAD_EXTERNAL_ADDRESS_PLAYBOOK); }, [db, analyst]);
  const playbooks = useLiveQuery(() => db.playbooks.orderBy('addedAt').toArray(), [db]);
  const rows = useLiveQuery(() => db.checklist.toArray(), [db]) ?? [];
  const pins = useLiveQuery(() => db.pins.orderBy('ts').toArray(), [db]) ?? [];
  const indicators = useLiveQuery(() => db.indicators.toArray(), [db]) ?? [];
  const parties = useLiveQuery(() => db.parties.toArray(), [db]) ?? [];
  const sources = useLiveQuery(() => db.sources.where('status').equals('complete').filter((s) => s.role === 'log').count(), [db]) ?? 0;
  const settings = useLiveQuery(() => reportSettings(db, DEFAULT_REPORT_SETTINGS), [db]);
  const caseName = useLiveQuery(() => registry.cases.get(caseId), [caseId])?.name ?? 'case';
  const data = useAsync(async () => ({ suspects: await queryClient.suspects(caseId), exfil: await queryClient.exfiltration(caseId) }), [caseId]);

  if (data.error) return <ErrorNote error={data.error} />;
  if (!playbooks || !data.data) return <Loading what="the checklist" height="30rem" />;
  const k: CaseKnowledge = {
    ...data.data, indicators, pins: pins.length, sources, caseName,
    parties: { count: parties.length, records: parties.reduce((n, p) => n + (p.records ?? 0), 0) },
    discoveredAt: settings?.discoveredAt ?? null,
  };
  const rowOf = (pb: string, step: string) => rows.find((r) => r.playbookId === pb && r.stepId === step);

  return (
    <div className="checklist">
      {playbooks.map(({ playbook }) => {
        const closed = playbook.steps.filter((s) => { const st = rowOf(playbook.id, s.id)?.state; return st === 'done' || st === 'not-applicable'; }).length;
        let n = 0;
        return (
          <section key={playbook.id} className="playbook" data-testid="playbook" data-playbook={playbook.id}>
            <div className="card playbook-head">
              <div className="row between wrap gap">
                <h2>{playbook.title}</h2>
                <div className="row gap">
                  <span className="small muted" data-testid="playbook-progress">{closed} of {playbook.steps.length} steps closed</span>
                  {playbooks.length > 1 && <button type="button" className="btn ghost small" onClick={() => void removePlaybook(db, analyst, playbook.id)}>Remove playbook</button>}
                </div>
              </div>
              <div className="progress"><div className="progress-bar complete" style={{ width: `${(closed / Math.max(1, playbook.steps.length)) * 100}%` }} /></div>
              <p className="muted">{playbook.summary}</p>
              {playbook.source && <p className="small muted">Source: {playbook.source}</p>}
            </div>
            {(['investigation', 'resolution'] as const).map((phase) => (
              <div key={phase} className="phase">
                <h3 className="phase-title">{phase === 'investigation' ? 'Investigation' : 'Resolution'}</h3>
                {playbook.steps.filter((s) => s.phase === phase).map((step) => (
                  <StepCard key={step.id} caseId={caseId} db={db} playbookId={playbook.id} step={step} row={rowOf(playbook.id, step.id)} k={k} pins={pins} indicators={indicators} index={++n} />
                ))}
              </div>
            ))}
          </section>
        );
      })}
      <AddPlaybook onAdd={(p) => addPlaybook(db, analyst, p)} />
      <AuditTrail db={db} />
    </div>
  );
}

/** Imports a vendor runbook (text or Markdown with Investigation and Resolution lists) or a playbook JSON file. */
function AddPlaybook({ onAdd }: { onAdd: (p: Playbook) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  async function read(file: File) {
    try {
      const text = await file.text();
      const playbook = /\.json$/i.test(file.name) ? parsePlaybook(JSON.parse(text) as unknown) : importRunbook(text, { source: `Imported from ${file.name}` });
      await onAdd(playbook);
      setAdded(`Added “${playbook.title}” with ${playbook.steps.length} steps.`);
      setError(null);
    } catch (e) {
      setError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      setAdded(null);
    }
  }
  return (
    <section className="card">
      <h3>Run another playbook</h3>
      <p className="small muted">
        A vendor runbook as text or Markdown, with numbered “Investigation” and “Resolution” lists, becomes a playbook; so does a
        Tidemark playbook JSON file (see docs/playbook-format.md).
      </p>
      <input type="file" accept=".txt,.md,.markdown,.json,text/plain,text/markdown,application/json" onChange={(e) => { const f = e.target.files?.[0]; if (f) void read(f); e.target.value = ''; }} aria-label="Import a runbook or playbook" data-testid="playbook-file" />
      {added && <p className="small" role="status">{added}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
    </section>
  );
}
