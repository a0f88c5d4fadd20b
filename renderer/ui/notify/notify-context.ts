import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { TemplateContext } from '../../../shared/report/template';
import { registry } from '../../db/cases';
import type { CaseDb, IndicatorRow, PartyRow, PinRow } from '../../db/schema';
import type { PartyInput } from '../../db/state/parties';
import { DEFAULT_REPORT_SETTINGS, reportSettings, saveReportSettings, type ReportSettings } from '../../db/state/settings';
import type { CaseFacts } from '../../services/case-facts';

/**
 * What the Notification tab reads and shares between its panels: the report settings (with the
 * defaults this tab starts from), the parties, the evidence they can be linked to, and the
 * context a letter is rendered from.
 */

/** The same defaults the Report tab reads the settings with. */
export const SETTINGS_DEFAULTS: ReportSettings = DEFAULT_REPORT_SETTINGS;

export interface NotifyData {
  settings: ReportSettings | undefined;
  parties: PartyRow[] | undefined;
  pins: PinRow[];
  indicators: IndicatorRow[];
  caseName: string;
}

export function useNotifyData(caseId: string, db: CaseDb): NotifyData {
  const settings = useLiveQuery(() => reportSettings(db, SETTINGS_DEFAULTS), [db]);
  const parties = useLiveQuery(() => db.parties.toArray(), [db]);
  const pins = useLiveQuery(() => db.pins.orderBy('ts').toArray(), [db]) ?? [];
  const indicators = useLiveQuery(() => db.indicators.toArray(), [db]) ?? [];
  const caseName = useLiveQuery(() => registry.cases.get(caseId).then((c) => c?.name ?? ''), [caseId]) ?? '';
  return { settings, parties, pins, indicators, caseName };
}

/** Saves still running (a field saves when it loses focus, which is also when an export button is pressed). */
const pendingSaves = new Set<Promise<void>>();

export function saveSettings(db: CaseDb, by: string, change: Partial<ReportSettings>): Promise<void> {
  const p = saveReportSettings(db, by, SETTINGS_DEFAULTS, change);
  // Failures are the caller's to report; the tracker only needs to know when it is over.
  const tracked: Promise<void> = p.catch(() => undefined).finally(() => pendingSaves.delete(tracked));
  pendingSaves.add(tracked);
  return p;
}

/**
 * The settings as saved once every save in flight has finished: what an export must use, so a
 * field edited just before pressing Export is in the file.
 */
export async function settledSettings(db: CaseDb): Promise<ReportSettings> {
  await Promise.all([...pendingSaves]);
  return reportSettings(db, SETTINGS_DEFAULTS);
}

/** The extra CSV columns of the parties, in the order they first appear. */
export function fieldKeysOf(parties: ReadonlyArray<Pick<PartyRow, 'fields'>>): string[] {
  const keys = new Set<string>();
  for (const p of parties) for (const k of Object.keys(p.fields)) keys.add(k);
  return [...keys];
}

/**
 * How a template refers to a column: `Policy number` is `policy_number` (the template's lookup
 * normalises headers the same way). Null when the header has characters a placeholder path
 * cannot hold (letters outside ASCII, for example), so the column cannot be used in a letter.
 */
export function fieldPlaceholder(key: string): string | null {
  const id = key.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z0-9_-]+$/.test(id) ? `party.fields.${id}` : null;
}

/** Every placeholder a letter can use, with what it holds. */
export function placeholderList(fieldKeys: readonly string[]): Array<{ path: string; hint: string }> {
  const out = [
    { path: 'party.name', hint: 'the recipient' },
    { path: 'party.contact', hint: 'their email or address' },
    { path: 'party.categories | list', hint: 'their data involved' },
    { path: 'party.records | number', hint: 'their records involved' },
    { path: 'incident.organisation', hint: 'your organisation' },
    { path: 'incident.name', hint: 'the case name' },
    { path: 'incident.summary', hint: 'what happened (nature)' },
    { path: 'incident.measures', hint: 'measures taken' },
    { path: 'incident.contact', hint: 'contact point' },
    { path: 'incident.discoveredAt | date', hint: 'when you became aware' },
    { path: 'incident.startedAt | date', hint: 'first attacker event' },
    { path: 'incident.endedAt | date', hint: 'last event in the case' },
    { path: 'incident.attackerAddresses | list', hint: 'attacker addresses' },
    { path: 'incident.exfiltratedBytes | number', hint: 'bytes that left to them' },
  ];
  for (const k of fieldKeys) {
    const p = fieldPlaceholder(k);
    if (p) out.push({ path: p, hint: `column “${k}”` });
  }
  return out;
}

/** The party a letter is previewed for before any list is loaded. */
export const EXAMPLE_PARTY: PartyInput = {
  name: 'Alex Example',
  contact: 'alex@example.com',
  categories: ['name', 'email address'],
  records: 1,
  fields: {},
  evidence: [],
  origin: 'manual',
};

/** Empty text counts as missing, so a letter with a blank field is flagged rather than sent with a gap. */
function present(s: string): string | undefined {
  return s.trim() === '' ? undefined : s;
}

/**
 * The context one party's letter is rendered from. Blank values are left out (not set to ''),
 * so `renderTemplate` reports them in `missing` and writes `[missing: …]` where they belong.
 */
export function letterContext(
  party: Pick<PartyRow, 'name' | 'contact' | 'categories' | 'records' | 'fields'>,
  s: ReportSettings,
  facts: CaseFacts | undefined,
  caseName: string,
): TemplateContext {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(party.fields)) if (v.trim() !== '') fields[k] = v;
  const ctx = {
    incident: {
      name: present(caseName),
      organisation: present(s.organisation),
      // NaN is not printable, so an unset discovery time shows as missing.
      discoveredAt: s.discoveredAt ?? NaN,
      startedAt: facts ? (facts.attackStart ?? facts.firstEvent ?? undefined) : undefined,
      endedAt: facts?.lastEvent ?? undefined,
      // As in the report: the nature of the breach, or else the responder's narrative.
      summary: present(s.nature) ?? present(s.narrative),
      attackerAddresses: facts && facts.attackers.length > 0 ? facts.attackers : undefined,
      exfiltratedBytes: facts?.exfiltratedBytes,
      contact: present(s.contact),
      measures: present(s.measuresTaken),
    },
    party: {
      name: party.name,
      contact: present(party.contact),
      categories: party.categories.length > 0 ? party.categories : undefined,
      records: party.records,
      fields,
    },
  };
  // The blanks above are `undefined` on purpose (see the doc comment); the shape is otherwise TemplateContext's.
  return ctx as unknown as TemplateContext;
}

/** A datetime-local value (`YYYY-MM-DDTHH:mm`) for an epoch-ms time, read as UTC. */
export function toUtcInput(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().slice(0, 16);
}

/** Epoch ms from a datetime-local value read as UTC; null when empty, undefined when invalid. */
export function fromUtcInput(value: string): number | null | undefined {
  if (value.trim() === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined;
  const ms = Date.parse(`${value}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The current time, refreshed every `everyMs`, for countdowns. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** "52 h 10 min" from fractional hours. */
export function formatHours(hours: number): string {
  const totalMin = Math.round(Math.abs(hours) * 60);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Totals over the parties: how many, records (and how many rows had no count), distinct categories. */
export function partyTotals(parties: ReadonlyArray<Pick<PartyRow, 'records' | 'categories'>>) {
  let records = 0;
  let unknown = 0;
  const categories = new Map<string, string>();
  for (const p of parties) {
    if (p.records === null) unknown++;
    else records += p.records;
    for (const c of p.categories) if (!categories.has(c.toLowerCase())) categories.set(c.toLowerCase(), c);
  }
  return { parties: parties.length, records, unknownRecords: unknown, categories: [...categories.values()].sort((a, b) => a.localeCompare(b, 'en')) };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
