import type { CaseDb } from '../../db/schema';

export function ReportView(_: { caseId: string; db: CaseDb }) {
  return <p className="muted">Coming in this change.</p>;
}
