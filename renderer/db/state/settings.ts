import { DEFAULT_LETTER_TEMPLATE } from '../../../shared/report/template';
import type { CaseDb } from '../schema';
import { audit } from './audit';

/** What the responder writes for the report and letters; kept in the case, saved on every edit. */
export interface ReportSettings {
  narrative: string;
  organisation: string;
  contact: string;
  /** When the organisation became aware of the breach (epoch ms); starts the 72-hour clock. */
  discoveredAt: number | null;
  nature: string;
  likelyConsequences: string;
  measuresTaken: string;
  measuresProposed: string;
  categoriesOfPeople: string[];
  letterTemplate: string;
}

export const REPORT_SETTINGS_KEY = 'reportSettings';

export async function reportSettings(db: CaseDb, defaults: ReportSettings): Promise<ReportSettings> {
  const row = await db.meta.get(REPORT_SETTINGS_KEY);
  const v = row?.value;
  return v && typeof v === 'object' ? { ...defaults, ...(v as Partial<ReportSettings>) } : defaults;
}

export async function saveReportSettings(db: CaseDb, by: string, defaults: ReportSettings, change: Partial<ReportSettings>): Promise<void> {
  await db.transaction('rw', db.meta, db.audit, async () => {
    const current = await reportSettings(db, defaults);
    await db.meta.put({ key: REPORT_SETTINGS_KEY, value: { ...current, ...change } });
    await audit(db, by, 'report', Object.keys(change).join(','), 'report settings edited', Object.keys(change).join(', '));
  });
}

/** Settings of a case nobody has edited yet. */
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  narrative: '',
  organisation: '',
  contact: '',
  discoveredAt: null,
  nature: '',
  likelyConsequences: '',
  measuresTaken: '',
  measuresProposed: '',
  categoriesOfPeople: [],
  letterTemplate: DEFAULT_LETTER_TEMPLATE,
};
