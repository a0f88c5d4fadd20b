import { queryClient } from './query-client';
import type { CaseDb } from '../db/schema';
import type { ReportSummary } from '../../shared/report/model';

/**
 * What the case's data says about the incident: the facts reports and letters are built on
 * (the report summary's own fields, plus everything that left to any destination).
 */
export type CaseFacts = Pick<ReportSummary, 'firstEvent' | 'lastEvent' | 'attackStart' | 'attackers' | 'exfiltratedBytes' | 'exfiltratedTo'> & {
  totalOut: number;
};

export async function caseFacts(caseId: string, db: CaseDb): Promise<CaseFacts> {
  const [span, suspects, exfil, indicators] = await Promise.all([
    queryClient.span(caseId),
    queryClient.suspects(caseId),
    queryClient.exfiltration(caseId),
    db.indicators.toArray(),
  ]);
  const top = suspects[0] && suspects[0].score > 0 ? suspects[0] : undefined;
  const marked = indicators.filter((i) => i.type !== 'cidr').map((i) => i.value);
  const attackers = marked.length ? marked : top ? [top.address] : [];
  const table = await Promise.all(attackers.map((a) => queryClient.pivot(caseId, a)));
  const exfiltratedTo = table.map((p) => ({ address: p.address, bytes: p.internal ? 0 : p.bytesLeftTo }));
  return {
    firstEvent: span?.from ?? null,
    lastEvent: span ? span.to - 1 : null,
    attackStart: top?.firstTs ?? null,
    attackers,
    exfiltratedBytes: exfiltratedTo.reduce((n, x) => n + x.bytes, 0),
    exfiltratedTo,
    totalOut: exfil.totalOut,
  };
}
