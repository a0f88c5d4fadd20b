import { useState } from 'react';
import type { PlaybookStep } from '../../../shared/playbook/schema';
import type { StepState } from '../../../shared/report/model';
import type { CaseDb, ChecklistRow, IndicatorRow, PinRow } from '../../db/schema';
import { updateStep } from '../../db/state/checklist';
import { usePrefs } from '../prefs';
import { StepFacts, type CaseKnowledge } from './StepFacts';

export const STATE_LABELS: Record<StepState, string> = {
  todo: 'To do', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable',
};
const STATES = Object.keys(STATE_LABELS) as StepState[];

/**
 * One playbook step: its guidance, what the case already knows for it, its state (with a reason
 * when it does not apply), notes and evidence links. Every change is saved at once, with who and
 * when, and lands in the audit trail.
 */
export function StepCard({ caseId, db, playbookId, step, row, k, pins, indicators, index }: {
  caseId: string; db: CaseDb; playbookId: string; step: PlaybookStep; row: ChecklistRow | undefined; k: CaseKnowledge;
  pins: PinRow[]; indicators: IndicatorRow[]; index: number;
}) {
  const { analyst, time } = usePrefs();
  const state = row?.state ?? 'todo';
  // Local text only while it is being edited (null otherwise shows what is saved), so a save of
  // another field arriving mid-typing never overwrites what the responder is writing.
  const [draftNotes, setDraftNotes] = useState<string | null>(null);
  const [draftReason, setDraftReason] = useState<string | null>(null);
  const notes = draftNotes ?? row?.notes ?? '';
  const reason = draftReason ?? row?.reason ?? '';
  const [askReason, setAskReason] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (change: Parameters<typeof updateStep>[4]) =>
    updateStep(db, analyst, playbookId, step.id, change).then(() => setError(null), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));

  function choose(s: StepState) {
    if (s === 'not-applicable' && !reason.trim()) { setAskReason(true); return; }
    setAskReason(false);
    void save(s === 'not-applicable' ? { state: s, reason } : { state: s }).then(() => setDraftReason(null));
  }

  const evidence = row?.evidence ?? [];
  const options = [
    ...pins.filter((p) => !evidence.some((e) => e.kind === 'pin' && e.ref === String(p.eventId)))
      .map((p) => ({ kind: 'pin' as const, ref: String(p.eventId), label: `Pinned: ${time(p.ts)} ${p.summary}`.slice(0, 140) })),
    ...indicators.filter((i) => !evidence.some((e) => e.kind === 'indicator' && e.ref === i.value))
      .map((i) => ({ kind: 'indicator' as const, ref: i.value, label: `Indicator: ${i.value}${i.label ? ` (${i.label})` : ''}` })),
  ];

  return (
    <article className={`step card state-${state}`} data-testid="step" data-step={step.id} data-state={state}>
      <header className="row between wrap gap">
        <h4 className="step-title"><span className="step-no">{index}</span>{step.title}</h4>
        <div className="segmented" role="radiogroup" aria-label={`State of "${step.title}"`}>
          {STATES.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={s === state} className={s === state ? `seg active ${s}` : 'seg'} onClick={() => choose(s)} data-testid={`state-${s}`}>
              {STATE_LABELS[s]}
            </button>
          ))}
        </div>
      </header>
      <p className="guidance">{step.guidance}</p>
      {(askReason || state === 'not-applicable') && (
        <form className="row gap wrap" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) { setAskReason(false); void save({ state: 'not-applicable', reason }).then(() => setDraftReason(null)); } }}>
          <input className="input grow-input" value={reason} onChange={(e) => setDraftReason(e.target.value)} placeholder="Why this step does not apply" aria-label="Reason the step does not apply" data-testid="step-reason" autoFocus={askReason} />
          <button type="submit" className="btn small" disabled={!reason.trim()}>{state === 'not-applicable' ? 'Save reason' : 'Mark not applicable'}</button>
        </form>
      )}
      {step.answers && step.answers.length > 0 && <StepFacts caseId={caseId} answers={step.answers} k={k} />}
      <label className="field">
        <span>Notes</span>
        <textarea className="input" rows={2} value={notes} onChange={(e) => setDraftNotes(e.target.value)}
          onBlur={() => { if (draftNotes !== null && draftNotes !== (row?.notes ?? '')) void save({ notes: draftNotes }).then(() => setDraftNotes(null)); else setDraftNotes(null); }} data-testid="step-notes" maxLength={20_000} />
      </label>
      <div className="row gap wrap evidence-links">
        <span className="small muted">Evidence:</span>
        {evidence.length === 0 && <span className="small muted">none linked</span>}
        {evidence.map((e) => (
          <span key={`${e.kind}${e.ref}`} className="badge chip" data-testid="step-evidence">
            {e.label}
            <button type="button" className="btn ghost tiny" aria-label={`Unlink ${e.label}`} onClick={() => void save({ evidence: evidence.filter((x) => !(x.kind === e.kind && x.ref === e.ref)) })}>✕</button>
          </span>
        ))}
        {options.length > 0 && (
          <select className="input small-input" value="" aria-label="Link evidence" data-testid="step-link-evidence"
            onChange={(ev) => { const o = options[Number(ev.target.value)]; if (o) void save({ evidence: [...evidence, o] }); }}>
            <option value="">Link a pinned event or indicator…</option>
            {options.map((o, i) => <option key={`${o.kind}${o.ref}`} value={i}>{o.label}</option>)}
          </select>
        )}
        <button type="button" className="btn ghost tiny" onClick={() => void save({ evidence: [...evidence, { kind: 'view', ref: window.location.hash, label: `View: ${decodeURIComponent(window.location.hash.replace(/^#\/case\/[^/]+\//, ''))}` }] })}>
          + this view
        </button>
      </div>
      {error && <p className="error small" role="alert">{error}</p>}
      {row && <p className="small muted who" data-testid="step-who">Last change by {row.updatedBy}, {time(row.updatedAt)}{row.state === 'not-applicable' && row.reason ? ` — not applicable: ${row.reason}` : ''}</p>}
    </article>
  );
}
