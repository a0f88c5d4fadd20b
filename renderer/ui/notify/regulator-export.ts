import { htmlDocument } from '../../../shared/report/writers/document';
import { regulatorDeadline, regulatorSummaryDraft, type RegulatorSummary } from '../../../shared/report/regulator';
import { escapeHtml, escapeMarkdown, formatDate } from '../../../shared/report/template';
import type { PartyRow } from '../../db/schema';
import type { ReportSettings } from '../../db/state/settings';
import { formatHours } from './notify-context';

/**
 * The regulator summary (GDPR Art. 33(3)) from the parties and the case's report settings, and
 * its Markdown and HTML exports. Every string is escaped for its format: categories come from
 * the imported list, prose from the responder.
 */

const GAP_PROSE = 'Describe the likely consequences and the measures proposed.';

/** The draft with the responder's own answers filled in, and the gaps that are still open. */
export function regulatorSummary(parties: ReadonlyArray<Pick<PartyRow, 'name' | 'contact' | 'categories' | 'records'>>, s: ReportSettings): RegulatorSummary {
  const draft = regulatorSummaryDraft({
    discoveredAt: s.discoveredAt ?? NaN,
    parties,
    // As in the report: the nature of the breach, or else the responder's narrative.
    summary: s.nature.trim() || s.narrative,
    measures: s.measuresTaken,
    contact: s.contact,
    categoriesOfPeople: s.categoriesOfPeople,
  });
  const gaps = draft.gaps.filter((g) => g !== GAP_PROSE);
  if (s.discoveredAt === null) gaps.unshift('Say when the organisation became aware of the breach; the 72-hour deadline runs from then.');
  if (s.likelyConsequences.trim() === '') gaps.push('Describe the likely consequences for the people concerned.');
  if (s.measuresProposed.trim() === '') gaps.push('Describe the measures proposed.');
  return { ...draft, likelyConsequences: s.likelyConsequences.trim(), measuresProposed: s.measuresProposed.trim(), gaps };
}

export interface RegulatorDoc {
  summary: RegulatorSummary;
  organisation: string;
  caseName: string;
  now: number;
}

function deadlineLine(discoveredAt: number, now: number): { aware: string; deadline: string; status: string; overdue: boolean } | null {
  if (!Number.isFinite(discoveredAt)) return null;
  const d = regulatorDeadline(discoveredAt, now);
  return {
    aware: formatDate(discoveredAt),
    deadline: formatDate(d.deadline),
    status: d.overdue ? `overdue by ${formatHours(-d.hoursLeft)}` : `${formatHours(d.hoursLeft)} left`,
    overdue: d.overdue,
  };
}

const orNone = (s: string) => (s.trim() === '' ? '(not yet described)' : s);
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

export function regulatorMarkdown({ summary: r, organisation, caseName, now }: RegulatorDoc): string {
  const md = (s: string) => escapeMarkdown(s);
  const dl = deadlineLine(r.discoveredAt, now);
  const out: string[] = [];
  out.push('# Personal data breach: notification to the supervisory authority (draft)', '');
  if (organisation.trim()) out.push(`**Controller:** ${md(organisation)}  `);
  if (caseName.trim()) out.push(`**Case:** ${md(caseName)}  `);
  out.push(dl ? `**Became aware:** ${dl.aware}  ` : '**Became aware:** (not yet set)  ');
  if (dl) out.push(`**72-hour deadline:** ${dl.deadline} (${dl.status} as of ${formatDate(now)})`);
  out.push('');
  const section = (title: string, body: string) => out.push(`## ${title}`, '', body, '');
  section('Nature of the breach', md(orNone(r.nature)));
  section('People concerned', [
    `- Approximate number: ${count(r.approxPeople)}`,
    `- Categories: ${r.categoriesOfPeople.length ? r.categoriesOfPeople.map(md).join(', ') : '(not yet given)'}`,
  ].join('\n'));
  section('Personal data records concerned', [
    `- Approximate number: ${count(r.approxRecords)}`,
    `- Categories: ${r.categoriesOfRecords.length ? r.categoriesOfRecords.map(md).join(', ') : '(none listed)'}`,
  ].join('\n'));
  section('Likely consequences', md(orNone(r.likelyConsequences)));
  section('Measures taken', md(orNone(r.measuresTaken)));
  section('Measures proposed', md(orNone(r.measuresProposed)));
  section('Contact point', md(orNone(r.contactPoint)));
  if (r.gaps.length) section('Still to complete (not part of the notification)', r.gaps.map((g) => `- ${md(g)}`).join('\n'));
  return out.join('\n');
}

/** A self-contained HTML page; the CSP allows nothing but its inline style. */
export function regulatorHtml({ summary: r, organisation, caseName, now }: RegulatorDoc): string {
  const h = escapeHtml;
  const prose = (s: string) => escapeHtml(orNone(s)).split(/\n[ \t]*\n+/).map((p) => `<p>${p.replaceAll('\n', '<br>')}</p>`).join('\n');
  const dl = deadlineLine(r.discoveredAt, now);
  const rows: Array<[string, string]> = [];
  if (organisation.trim()) rows.push(['Controller', h(organisation)]);
  if (caseName.trim()) rows.push(['Case', h(caseName)]);
  rows.push(['Became aware', dl ? h(dl.aware) : '(not yet set)']);
  if (dl) rows.push(['72-hour deadline', `${h(dl.deadline)} <span class="status${dl.overdue ? ' overdue' : ''}">(${h(dl.status)} as of ${h(formatDate(now))})</span>`]);
  const list = (items: string[], none: string) => (items.length ? items.map(h).join(', ') : none);
  return htmlDocument({
    title: 'Personal data breach notification (draft)',
    css: REGULATOR_CSS,
    body: `
<h1>Personal data breach: notification to the supervisory authority (draft)</h1>
<table>
${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${v}</td></tr>`).join('\n')}
</table>
<h2>Nature of the breach</h2>
${prose(r.nature)}
<h2>People concerned</h2>
<table>
<tr><th>Approximate number</th><td>${h(count(r.approxPeople))}</td></tr>
<tr><th>Categories</th><td>${list(r.categoriesOfPeople, '(not yet given)')}</td></tr>
</table>
<h2>Personal data records concerned</h2>
<table>
<tr><th>Approximate number</th><td>${h(count(r.approxRecords))}</td></tr>
<tr><th>Categories</th><td>${list(r.categoriesOfRecords, '(none listed)')}</td></tr>
</table>
<h2>Likely consequences</h2>
${prose(r.likelyConsequences)}
<h2>Measures taken</h2>
${prose(r.measuresTaken)}
<h2>Measures proposed</h2>
${prose(r.measuresProposed)}
<h2>Contact point</h2>
${prose(r.contactPoint)}
${r.gaps.length ? `<div class="gaps"><h2>Still to complete (not part of the notification)</h2>\n<ul>\n${r.gaps.map((g) => `<li>${h(g)}</li>`).join('\n')}\n</ul></div>` : ''}`,
  });
}

const REGULATOR_CSS = `
  body { font: 11pt/1.5 system-ui, 'DejaVu Sans', sans-serif; color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
  table { border-collapse: collapse; } th { text-align: left; vertical-align: top; white-space: nowrap; width: 11rem; padding: .15rem 1rem .15rem 0; color: #555; font-weight: 600; } td { padding: .15rem 0; }
  .status { color: #555; } .status.overdue { color: #a33; font-weight: 600; }
  .gaps { background: #fff8e6; border: 1px solid #e8c66a; padding: .6rem 1rem; border-radius: 6px; margin-top: 2rem; } .gaps h2 { margin-top: .2rem; }
`;
