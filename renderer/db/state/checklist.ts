import type { Playbook } from '../../../shared/playbook/schema';
import type { CaseDb, ChecklistRow } from '../schema';
import { audit } from './audit';

/** Adds a playbook to the case (the built-in one on first use, or an imported one). */
export async function addPlaybook(db: CaseDb, by: string, playbook: Playbook): Promise<void> {
  await db.transaction('rw', db.playbooks, db.audit, async () => {
    if (await db.playbooks.get(playbook.id)) throw new Error(`This case already runs a playbook with the id "${playbook.id}".`);
    await db.playbooks.add({ id: playbook.id, playbook, addedAt: Date.now(), addedBy: by });
    await audit(db, by, 'checklist', playbook.id, 'playbook added', playbook.title);
  });
}

export async function ensureBuiltinPlaybook(db: CaseDb, by: string, playbook: Playbook): Promise<void> {
  if ((await db.playbooks.count()) > 0) return;
  await addPlaybook(db, by, playbook).catch(() => undefined);
}

export async function removePlaybook(db: CaseDb, by: string, playbookId: string): Promise<void> {
  await db.transaction('rw', db.playbooks, db.checklist, db.audit, async () => {
    const row = await db.playbooks.get(playbookId);
    if (!row) return;
    await db.playbooks.delete(playbookId);
    await db.checklist.where('playbookId').equals(playbookId).delete();
    await audit(db, by, 'checklist', playbookId, 'playbook removed', row.playbook.title);
  });
}

export type StepChange = Partial<Pick<ChecklistRow, 'state' | 'reason' | 'notes' | 'evidence'>>;

/** Saves one edit of a step and records exactly what changed in the audit trail. */
export async function updateStep(db: CaseDb, by: string, playbookId: string, stepId: string, change: StepChange): Promise<void> {
  if (change.state === 'not-applicable' && change.reason !== undefined && !change.reason.trim()) {
    throw new Error('Say why the step does not apply.');
  }
  await db.transaction('rw', db.checklist, db.audit, async () => {
    const prev = await db.checklist.get([playbookId, stepId]);
    const base: ChecklistRow = prev ?? { playbookId, stepId, state: 'todo', reason: '', notes: '', evidence: [], updatedBy: by, updatedAt: 0 };
    const next: ChecklistRow = { ...base, ...change, updatedBy: by, updatedAt: Date.now() };
    await db.checklist.put(next);
    const what: string[] = [];
    if (change.state !== undefined && change.state !== base.state) what.push(`state ${base.state} → ${change.state}`);
    if (change.reason !== undefined && change.reason !== base.reason) what.push(`reason: ${change.reason.slice(0, 120)}`);
    if (change.notes !== undefined && change.notes !== base.notes) what.push(`notes: ${change.notes.slice(0, 120)}`);
    if (change.evidence !== undefined) what.push(`evidence: ${change.evidence.map((e) => e.label).join(', ').slice(0, 160) || '(none)'}`);
    if (what.length) await audit(db, by, 'checklist', `${playbookId}/${stepId}`, 'step updated', what.join('; '));
  });
}
