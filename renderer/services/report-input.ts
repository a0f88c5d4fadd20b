import { RULES } from '../../shared/detect';
import type { EventKind } from '../../shared/model/event';
import type {
  ReportChecklist, ReportInput, ReportPinnedEvent, ReportSource, StepState,
} from '../../shared/report/model';
import { regulatorDeadline, regulatorSummaryDraft } from '../../shared/report/regulator';
import { registry } from '../db/cases';
import type { CaseDb } from '../db/schema';
import { DEFAULT_REPORT_SETTINGS, reportSettings } from '../db/state/settings';
import { caseFacts } from './case-facts';
import { queryClient } from './query-client';

const AUDIT_IN_REPORT = 500;

/**
 * Gathers a case report from the case database and the query worker. Nothing is typed in here:
 * every number is read from the case, so a report always says what the data says.
 */
export async function gatherReport(caseId: string, db: CaseDb, by: string, timeZone: string): Promise<ReportInput> {
  const [record, facts, suspects, exfil, sources, pins, indicators, playbooks, steps, parties, auditRows, auditTotal, settings, rangesRow] = await Promise.all([
    registry.cases.get(caseId),
    caseFacts(caseId, db),
    queryClient.suspects(caseId),
    queryClient.exfiltration(caseId),
    db.sources.toArray(),
    db.pins.orderBy('ts').toArray(),
    db.indicators.orderBy('id').toArray(),
    db.playbooks.orderBy('addedAt').toArray(),
    db.checklist.toArray(),
    db.parties.toArray(),
    db.audit.orderBy('at').reverse().limit(AUDIT_IN_REPORT).toArray(),
    db.audit.count(),
    reportSettings(db, DEFAULT_REPORT_SETTINGS),
    db.meta.get('internalRanges'),
  ]);
  const logSources = sources.filter((s) => s.role === 'log');
  const pathOf = new Map(sources.map((s) => [s.id!, s.path]));

  const evidence: ReportSource[] = logSources.map((s) => ({
    id: s.id!, path: s.path, bytes: s.bytes, sha256: s.sha256 ?? '', format: s.format ?? 'unknown', parserVersion: s.parserVersion ?? '',
    tsMin: s.tsMin ?? null, tsMax: s.tsMax ?? null, events: s.events, rejected: s.rejected, zoneless: s.zoneless,
    timeZone: s.timeZone, status: s.status,
  }));

  const pinned: ReportPinnedEvent[] = [];
  const details = await queryClient.details(caseId, pins.map((p) => p.eventId));
  for (const [k, p] of pins.entries()) {
    const d = details[k];
    pinned.push({
      eventId: p.eventId, ts: p.ts, kind: (d?.event.kind ?? 'other') as EventKind, summary: p.summary,
      src: d?.event.src ?? null, dst: d?.event.dst ?? null,
      sourcePath: pathOf.get(p.sourceId) ?? `source ${p.sourceId}`, line: p.line, raw: d?.raw ?? '',
      tags: p.tags, note: p.note, pinnedBy: p.createdBy, pinnedAt: p.createdAt,
    });
  }

  const indicatorRows = await Promise.all(indicators.map(async (i) => {
    const p = i.type === 'cidr' ? undefined : await queryClient.pivot(caseId, i.value);
    return {
      value: i.value, type: i.type, label: i.label, note: i.note, blocked: i.block,
      firstSeen: p?.known ? p.firstTs : null, lastSeen: p?.known ? p.lastTs : null,
      events: p?.events ?? 0, bytesOut: p?.bytesLeftTo ?? 0,
    };
  }));

  const flagged = suspects.filter((s) => s.score > 0).slice(0, 10);
  const checklists: ReportChecklist[] = playbooks.map(({ playbook }) => ({
    playbookId: playbook.id,
    title: playbook.title,
    steps: playbook.steps.map((step) => {
      const row = steps.find((r) => r.playbookId === playbook.id && r.stepId === step.id);
      return {
        id: step.id, phase: step.phase, title: step.title, guidance: step.guidance, answers: step.answers ?? [],
        state: (row?.state ?? 'todo') as StepState, reason: row?.reason ?? '', notes: row?.notes ?? '',
        evidence: row?.evidence ?? [], updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null,
      };
    }),
  }));

  const categories = [...new Set(parties.flatMap((p) => p.categories))].sort();
  const now = Date.now();
  let regulator: ReportInput['regulator'] = null;
  if (settings.discoveredAt !== null) {
    const draft = regulatorSummaryDraft({
      discoveredAt: settings.discoveredAt,
      parties: parties.map((p) => ({ name: p.name, contact: p.contact, categories: p.categories, records: p.records, fields: p.fields, line: 0 })),
      summary: settings.nature || settings.narrative,
      measures: settings.measuresTaken,
      contact: settings.contact,
      categoriesOfPeople: settings.categoriesOfPeople,
    });
    const summary = { ...draft, likelyConsequences: settings.likelyConsequences || draft.likelyConsequences, measuresProposed: settings.measuresProposed || draft.measuresProposed };
    regulator = { ...summary, ...regulatorDeadline(settings.discoveredAt, now) };
  }

  return {
    schemaVersion: 1,
    generatedAt: now,
    generatedBy: by,
    tool: { name: 'Tidemark', version: __TIDEMARK_VERSION__ },
    timeZone,
    case: { id: caseId, name: record?.name ?? caseId, createdAt: record?.createdAt ?? now },
    summary: {
      narrative: settings.narrative,
      firstEvent: facts.firstEvent, lastEvent: facts.lastEvent, attackStart: facts.attackStart,
      attackers: facts.attackers, exfiltratedBytes: facts.exfiltratedBytes, exfiltratedTo: facts.exfiltratedTo,
      totalEvents: logSources.reduce((n, s) => n + (s.status === 'complete' ? s.events : 0), 0),
      totalSources: logSources.length,
      rejectedRecords: logSources.reduce((n, s) => n + s.rejected, 0),
    },
    evidence,
    pinned,
    indicators: indicatorRows,
    suspects: flagged.map((s) => ({ address: s.address, score: s.score, parts: s.parts.map((p) => ({ label: p.label, points: p.points, detail: p.detail })) })),
    detections: flagged.flatMap((s) => s.rules.map((r) => ({ address: s.address, ruleId: r.ruleId, name: r.name, category: r.category, requests: r.requests }))),
    exfiltration: {
      totalOut: exfil.totalOut,
      destinations: exfil.destinations.map((d) => ({ address: d.address, bytesOut: d.bytesOut, events: d.events })),
      charted: exfil.charted, bucketMs: exfil.bucketMs, series: exfil.series,
      baseline: exfil.baseline && {
        pivotTs: exfil.baseline.pivotTs, pivotReason: exfil.baseline.pivotReason, beforePerHour: exfil.baseline.beforePerHour,
        afterPerHour: exfil.baseline.afterPerHour, beforeBytes: exfil.baseline.beforeBytes, afterBytes: exfil.baseline.afterBytes,
      },
    },
    checklists,
    parties: { count: parties.length, records: parties.reduce((n, p) => n + (p.records ?? 0), 0), categories },
    regulator,
    methods: {
      internalRanges: Array.isArray(rangesRow?.value) ? (rangesRow.value as string[]) : [],
      alwaysInternal: 'Private (RFC 1918 and unique-local IPv6), loopback, link-local, carrier-grade NAT and unspecified addresses always count as internal.',
      direction:
        'Connections follow the orig/resp convention: the source initiated, the destination answered. Bytes that left the network are the bytes ' +
        'the internal side sent: the response bytes when an external client downloaded from an internal server, the originator bytes when an ' +
        'internal host sent to an external one. A record naming only the client (a web access log) was written by our own server.',
      scoring:
        'Suspects are external addresses scored by the sum of visible parts: web-exploit requests, scanner user agents, scanning (many distinct ' +
        'paths with a high share of 4xx answers), request bursts, data sent to the address well above what a typical address receives, and ' +
        'refused connections. Each part is capped so no single noisy signal outranks an address that attacked and took data.',
      detectionRules: RULES.map((r) => ({ id: r.id, name: r.name, category: r.category, description: r.description })),
      timeZones:
        `Times are stored as UTC and shown in ${timeZone}. Sources whose timestamps carried no zone were read in the zone chosen at import ` +
        '(listed per source), and those events are counted as zone-less.',
    },
    audit: auditRows.reverse().map((a) => ({ at: a.at, by: a.by, entity: a.entity, action: a.action, detail: a.entityKey !== '*' ? `${a.entityKey}: ${a.detail}` : a.detail })),
    auditTotal,
  };
}
