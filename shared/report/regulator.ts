/**
 * The notification to the supervisory authority (GDPR Art. 33 and laws modelled on it): the
 * 72-hour clock, and a draft of what the notification must describe, pre-filled from the case.
 *
 * Art. 33(1): notify without undue delay and, where feasible, not later than 72 hours after
 * becoming aware of the breach; `discoveredAt` is that moment. Art. 33(3) lists the contents:
 * the nature of the breach, the categories and approximate number of people and of records
 * concerned, a contact point, the likely consequences, and the measures taken or proposed.
 * Tidemark fills in what the case knows (counts, categories, dates) and leaves the judgement
 * (consequences, proposed measures) to the people responsible for it.
 */

import type { AffectedParty } from './parties';

const HOUR_MS = 3_600_000;

/** Hours from becoming aware of a breach to the regulator deadline. */
export const REGULATOR_DEADLINE_HOURS = 72;

export interface RegulatorDeadline {
  /** Epoch ms: discovery plus 72 hours. */
  deadline: number;
  /** Hours from `now` to the deadline, fractional; negative once it has passed. */
  hoursLeft: number;
  /** True once `now` is past the deadline (at the deadline itself there is still time). */
  overdue: boolean;
}

/** The 72-hour notification deadline for a breach discovered at `discoveredAt` (epoch ms). */
export function regulatorDeadline(discoveredAt: number, now: number): RegulatorDeadline {
  if (!Number.isFinite(discoveredAt)) throw new Error(`The discovery time is not a time (got ${String(discoveredAt)}).`);
  if (!Number.isFinite(now)) throw new Error(`The current time is not a time (got ${String(now)}).`);
  const deadline = discoveredAt + REGULATOR_DEADLINE_HOURS * HOUR_MS;
  return { deadline, hoursLeft: (deadline - now) / HOUR_MS, overdue: now > deadline };
}

/** The contents of the notification (GDPR Art. 33(3)), in the order a regulator's form asks. */
export interface RegulatorSummary {
  /** Nature of the breach: what happened, how, when. Prose. */
  nature: string;
  /** Kinds of people concerned (customers, employees, patients, …). */
  categoriesOfPeople: string[];
  /** Approximate number of people concerned. */
  approxPeople: number;
  /** Kinds of personal data concerned (the union of the parties' categories). */
  categoriesOfRecords: string[];
  /** Approximate number of records concerned. */
  approxRecords: number;
  /** Likely consequences for the people concerned. Prose; left to the responder. */
  likelyConsequences: string;
  /** Measures taken to address the breach and mitigate its effects. Prose. */
  measuresTaken: string;
  /** Measures proposed. Prose; left to the responder. */
  measuresProposed: string;
  /** Who the regulator can contact for more information (the DPO or another contact point). */
  contactPoint: string;
  /** Epoch ms at which the organisation became aware of the breach. */
  discoveredAt: number;
  /**
   * What the draft could not know, in sentences for the person completing it (for example that
   * some parties had no record count). Not part of the notification itself.
   */
  gaps: string[];
}

/** What the case knows that bears on the notification. */
export interface RegulatorFacts {
  discoveredAt: number;
  parties: ReadonlyArray<Pick<AffectedParty, 'name' | 'contact' | 'categories' | 'records'>>;
  /** The incident summary, as a starting point for the nature of the breach. */
  summary?: string;
  /** Measures already taken. */
  measures?: string;
  contact?: string;
  /** Kinds of people, when the responder has said (the parties list does not tell). */
  categoriesOfPeople?: readonly string[];
}

/**
 * A first draft of the notification from the case facts. People are counted once per distinct
 * name and contact (a person listed twice is one person); records are summed over all rows.
 */
export function regulatorSummaryDraft(facts: RegulatorFacts): RegulatorSummary {
  const gaps: string[] = [];

  const people = new Set<string>();
  let approxRecords = 0;
  let withoutCount = 0;
  const categories = new Map<string, string>();
  for (const p of facts.parties) {
    people.add(`${p.name.trim().toLowerCase()}\u0000${p.contact.trim().toLowerCase()}`);
    if (p.records === null) withoutCount++;
    else approxRecords += p.records;
    for (const c of p.categories) {
      const key = c.trim().toLowerCase();
      if (key !== '' && !categories.has(key)) categories.set(key, c.trim());
    }
  }

  if (facts.parties.length === 0) gaps.push('No affected parties are listed yet; the numbers of people and records are zero until a list is loaded.');
  if (withoutCount > 0) {
    gaps.push(
      `${withoutCount} of ${facts.parties.length} listed ${facts.parties.length === 1 ? 'party has' : 'parties have'} no record count; the number of records counts only the others.`,
    );
  }
  if (facts.parties.length > 0 && categories.size === 0) gaps.push('The parties list names no data categories.');
  const categoriesOfPeople = [...new Set((facts.categoriesOfPeople ?? []).map((c) => c.trim()).filter((c) => c !== ''))];
  if (categoriesOfPeople.length === 0) gaps.push('Say which kinds of people are concerned (customers, employees, …).');
  const nature = facts.summary?.trim() ?? '';
  if (nature === '') gaps.push('Describe the nature of the breach.');
  const measuresTaken = facts.measures?.trim() ?? '';
  if (measuresTaken === '') gaps.push('Describe the measures taken.');
  const contactPoint = facts.contact?.trim() ?? '';
  if (contactPoint === '') gaps.push('Give a contact point for the regulator.');
  gaps.push('Describe the likely consequences and the measures proposed.');

  return {
    nature,
    categoriesOfPeople,
    approxPeople: people.size,
    categoriesOfRecords: [...categories.values()].sort((a, b) => a.localeCompare(b, 'en')),
    approxRecords,
    likelyConsequences: '',
    measuresTaken,
    measuresProposed: '',
    contactPoint,
    discoveredAt: facts.discoveredAt,
    gaps,
  };
}
