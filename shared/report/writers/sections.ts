/** What the HTML and Markdown writers share: the sections, their order and a few labels. */

import { DETECTION_CATEGORIES } from '../../detect';
import type { PlaybookPhase } from '../../playbook/schema';
import type { ReportChecklist, ReportDetection, StepState } from '../model';
import { formatCount, plural } from './format';

/** The report's sections in order: id (also the HTML `id` and `data-section`), number and title. */
export const REPORT_SECTIONS = [
  { id: 'summary', number: '1', title: 'Summary' },
  { id: 'evidence', number: '2', title: 'Scope and evidence' },
  { id: 'timeline', number: '3', title: 'Timeline of pinned events' },
  { id: 'indicators', number: '4', title: 'Indicators' },
  { id: 'suspects', number: '5', title: 'Suspects and detections' },
  { id: 'exfiltration', number: '6', title: 'Exfiltration' },
  { id: 'checklist', number: '7', title: 'Checklist' },
  { id: 'parties', number: '8', title: 'Affected parties and notification' },
  { id: 'appendix', number: '9', title: 'Appendix: methods and audit trail' },
] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number]['id'];

export function sectionInfo(id: ReportSectionId): (typeof REPORT_SECTIONS)[number] {
  return REPORT_SECTIONS.find((s) => s.id === id)!;
}

/** Suspects listed in a report at most (the input may hold more). */
export const REPORT_TOP_SUSPECTS = 10;

export const STEP_STATE_LABELS: Readonly<Record<StepState, string>> = {
  todo: 'To do',
  'in-progress': 'In progress',
  done: 'Done',
  'not-applicable': 'Not applicable',
};

export const PHASE_LABELS: Readonly<Record<PlaybookPhase, string>> = { investigation: 'Investigation', resolution: 'Resolution' };
export const PHASES: readonly PlaybookPhase[] = ['investigation', 'resolution'];

export const EVIDENCE_KIND_LABELS: Readonly<Record<string, string>> = { pin: 'Pinned event', indicator: 'Indicator', view: 'View' };

/** "7 of 11 steps done, 1 in progress, 2 to do, 1 not applicable." */
export function checklistProgress(c: ReportChecklist): string {
  const count = (s: StepState) => c.steps.filter((x) => x.state === s).length;
  return `${formatCount(count('done'))} of ${plural(c.steps.length, 'step')} done, ${formatCount(count('in-progress'))} in progress, ` +
    `${formatCount(count('todo'))} to do, ${formatCount(count('not-applicable'))} not applicable.`;
}

/** A playbook's steps by phase, investigation first; steps of an unknown phase come last, under "Other steps". */
export function stepGroups(c: ReportChecklist): Array<{ title: string; steps: ReportChecklist['steps'] }> {
  const known = new Set<string>(PHASES);
  const groups = PHASES.map((phase) => ({ title: PHASE_LABELS[phase], steps: c.steps.filter((s) => s.phase === phase) }));
  groups.push({ title: 'Other steps', steps: c.steps.filter((s) => !known.has(s.phase)) });
  return groups.filter((g) => g.steps.length > 0);
}

/**
 * Detection hits grouped by address (in order of first appearance), then by category in display
 * order, most requests first. `first` marks the first row of each address.
 */
export function groupedDetections(list: readonly ReportDetection[]): Array<ReportDetection & { first: boolean }> {
  const order = new Map<string, number>();
  for (const d of list) if (!order.has(d.address)) order.set(d.address, order.size);
  const catOrder = new Map<string, number>(DETECTION_CATEGORIES.map((c, i) => [c.id, i]));
  const sorted = [...list].sort((a, b) =>
    (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0)
    || (catOrder.get(a.category) ?? 99) - (catOrder.get(b.category) ?? 99)
    || b.requests - a.requests
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  let prev: string | undefined;
  return sorted.map((d) => {
    const first = d.address !== prev;
    prev = d.address;
    return { ...d, first };
  });
}

/** Distinct addresses among detection hits. */
export function detectionAddresses(list: readonly ReportDetection[]): number {
  return new Set(list.map((d) => d.address)).size;
}
