import type { AuditRow, CaseDb } from '../schema';

/**
 * Every edit of the case state writes one audit row, inside the edit's own transaction, so the
 * trail can never miss an edit that was saved (or record one that was not).
 */
export function audit(db: CaseDb, by: string, entity: AuditRow['entity'], entityKey: string, action: string, detail: string) {
  return db.audit.add({ at: Date.now(), by, entity, entityKey, action, detail });
}
