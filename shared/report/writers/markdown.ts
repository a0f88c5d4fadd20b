/**
 * The case report as GitHub-flavoured Markdown, with the same sections as the HTML report
 * (the chart is left out; its numbers are in the per-destination table).
 *
 * Every string from the case is untrusted: inline text goes through `escapeMarkdown` (so it
 * cannot become a link, an image, HTML, emphasis, a heading or a list), table cells also have
 * newlines turned into `<br>` (and `|` escaped), code spans and fenced blocks use a run of
 * backticks longer than any inside the text, and control characters are made visible.
 */

import { categoryLabel } from '../../detect';
import { escapeMarkdown } from '../template';
import type { ReportChecklist, ReportInput, ReportPinnedEvent } from '../model';
import {
  MISSING, formatBytes, formatCount, formatDecimal, formatDuration, formatExactBytes, formatTime, formatTimeRange,
  describeZone, plural, visibleControls,
} from './format';
import {
  EVIDENCE_KIND_LABELS, REPORT_TOP_SUSPECTS, STEP_STATE_LABELS, checklistProgress, detectionAddresses, groupedDetections,
  sectionInfo, stepGroups, type ReportSectionId,
} from './sections';

/** Renders the whole report as Markdown. Never throws on odd data. */
export function renderReportMarkdown(input: ReportInput): string {
  const tz = input.timeZone;
  const t = (ms: number | null | undefined) => formatTime(ms, tz);
  const out: string[] = [];
  const s = input.summary;

  // Title block.
  out.push(`# Incident report: ${inline(input.case.name)}`);
  out.push(bullets([
    `**Case:** ${code(input.case.id)}, opened ${t(input.case.createdAt)}`,
    `**Generated:** ${t(input.generatedAt)}`,
    `**Prepared by:** ${inline(input.generatedBy) || MISSING}`,
    `**Tool:** ${inline(`${input.tool.name} ${input.tool.version}`)}`,
    `**Times shown in:** ${inline(describeZone(tz, input.generatedAt))}`,
  ]));

  // 1 Summary.
  out.push(heading('summary'));
  const attackers = s.attackers.length > 0 ? s.attackers.map((a) => code(a)).join(', ') : 'none identified';
  out.push(bullets([
    `**Attack started:** ${t(s.attackStart)}`,
    `**${s.attackers.length === 1 ? 'Attacker address' : 'Attacker addresses'}:** ${attackers}`,
    `**Data exfiltrated:** ${formatBytes(s.exfiltratedBytes)} (${formatExactBytes(s.exfiltratedBytes)})`,
    `**Evidence:** ${plural(s.totalSources, 'source')}, ${plural(s.totalEvents, 'event')}; ${plural(s.rejectedRecords, 'record')} could not be read`,
  ]));
  out.push('### What happened');
  const when = s.firstEvent === null
    ? 'The evidence holds no events with a time.'
    : `The evidence covers ${t(s.firstEvent)} to ${t(s.lastEvent)} (${formatDuration((s.lastEvent ?? s.firstEvent) - s.firstEvent)}): ` +
      `${plural(s.totalEvents, 'event')} from ${plural(s.totalSources, 'source')}` +
      `${s.rejectedRecords > 0 ? `, with ${plural(s.rejectedRecords, 'record')} that no parser could read` : ''}.`;
  const who = s.attackers.length === 0
    ? 'No attacker address has been identified.'
    : `The attack ${s.attackStart !== null ? `began at ${t(s.attackStart)}, ` : ''}from ${attackers}. ` +
      `${formatBytes(s.exfiltratedBytes)} (${formatExactBytes(s.exfiltratedBytes)}) left the network to ${s.attackers.length === 1 ? 'that address' : 'those addresses'}.`;
  out.push(`${when} ${who}`);
  if (s.exfiltratedTo.length > 0) {
    out.push(table(
      ['Attacker address', 'Bytes out', 'Exact'], ['l', 'r', 'r'],
      s.exfiltratedTo.map((x) => [cellCode(x.address), formatBytes(x.bytes), formatExactBytes(x.bytes)]),
    ));
  }
  out.push("### In the responders' words");
  out.push(s.narrative.trim() === '' ? '_The responders have not written a narrative yet._' : paragraphs(s.narrative));

  // 2 Scope and evidence.
  out.push(heading('evidence'));
  if (input.evidence.length === 0) {
    out.push('_No evidence has been imported into this case._');
  } else {
    out.push('Every source was read in full and hashed while it was read; the SHA-256 identifies the exact bytes examined.');
    out.push(table(
      ['#', 'Source', 'Format', 'Time range', 'Events', 'Rejected', 'Zone-less', 'Status', 'SHA-256'],
      ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'l', 'l'],
      input.evidence.map((src, i) => [
        String(i + 1),
        `${cellCode(src.path)}<br>${formatBytes(src.bytes, { exact: src.bytes >= 1024 })}`,
        `${cell(src.format)}<br>parser ${cell(src.parserVersion || MISSING)}, zone ${cell(src.timeZone)}`,
        formatTimeRange(src.tsMin, src.tsMax, tz),
        formatCount(src.events),
        formatCount(src.rejected),
        formatCount(src.zoneless),
        cell(src.status),
        src.sha256 ? cellCode(src.sha256) : 'not computed',
      ]),
    ));
    const total = input.evidence.reduce((n, x) => n + x.events, 0);
    const rejected = input.evidence.reduce((n, x) => n + x.rejected, 0);
    out.push(`In all: ${plural(input.evidence.length, 'source')}, ${plural(total, 'event')}, ${plural(rejected, 'rejected record')}.`);
  }

  // 3 Timeline.
  out.push(heading('timeline'));
  const pinned = [...input.pinned].sort((a, b) => a.ts - b.ts || a.eventId - b.eventId);
  if (pinned.length === 0) out.push('_No events were pinned._');
  for (const e of pinned) out.push(pinnedEvent(e, tz));

  // 4 Indicators.
  out.push(heading('indicators'));
  if (input.indicators.length === 0) {
    out.push('_No indicators were recorded._');
  } else {
    out.push(table(
      ['Indicator', 'Type', 'Label', 'Note', 'Blocked', 'First seen', 'Last seen', 'Events', 'Bytes out'],
      ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'r', 'r'],
      input.indicators.map((i) => [
        cellCode(i.value), cell(i.type), cell(i.label || MISSING), cell(i.note), i.blocked ? 'yes' : 'no',
        t(i.firstSeen), t(i.lastSeen), formatCount(i.events), `${formatBytes(i.bytesOut)} (${formatExactBytes(i.bytesOut)})`,
      ]),
    ));
  }

  // 5 Suspects and detections.
  out.push(heading('suspects'));
  out.push('### Top suspects');
  const top = input.suspects.slice(0, REPORT_TOP_SUSPECTS);
  if (top.length === 0) {
    out.push('_No external address showed suspicious activity._');
  } else {
    if (input.suspects.length > top.length) out.push(`The top ${top.length} of ${formatCount(input.suspects.length)} are shown.`);
    out.push(table(
      ['#', 'Address', 'Score', 'Why'], ['r', 'l', 'r', 'l'],
      top.map((x, i) => [
        String(i + 1), cellCode(x.address), formatDecimal(x.score),
        x.parts.length === 0 ? 'no signals' : x.parts.map((p) => `+${formatDecimal(p.points)} **${cell(p.label)}**: ${cell(p.detail)}`).join('<br>'),
      ]),
    ));
  }
  out.push('### Detection hits');
  if (input.detections.length === 0) {
    out.push('_No request matched a detection rule._');
  } else {
    const hits = input.detections.reduce((n, d) => n + d.requests, 0);
    out.push(`${plural(hits, 'rule hit')} from ${plural(detectionAddresses(input.detections), 'address', 'addresses')}. A request that matches several rules counts once for each.`);
    out.push(table(
      ['Address', 'Category', 'Rule', 'Rule id', 'Requests'], ['l', 'l', 'l', 'l', 'r'],
      groupedDetections(input.detections).map((d) => [
        d.first ? cellCode(d.address) : '', cell(categoryLabel(d.category)), cell(d.name), cellCode(d.ruleId), formatCount(d.requests),
      ]),
    ));
  }

  // 6 Exfiltration.
  out.push(heading('exfiltration'));
  const x = input.exfiltration;
  if (x.totalOut <= 0 && x.destinations.length === 0) {
    out.push('_No bytes left the network to an external address in the evidence._');
  } else {
    out.push(`**${formatBytes(x.totalOut)}** (${formatExactBytes(x.totalOut)}) left the network to external addresses in the evidence; ` +
      `${formatBytes(s.exfiltratedBytes)} of it went to the attacker ${s.attackers.length === 1 ? 'address' : 'addresses'}.`);
    const b = x.baseline;
    out.push(b === null
      ? 'No baseline comparison: there is no suspect whose first event falls inside the evidence.'
      : `Before ${t(b.pivotTs)} (${inline(b.pivotReason)}), ${formatBytes(b.beforePerHour)} per hour left the network (${formatBytes(b.beforeBytes)} in all); ` +
        `after it, ${formatBytes(b.afterPerHour)} per hour (${formatBytes(b.afterBytes)} in all)` +
        `${b.beforePerHour > 0 ? `, ${formatDecimal(b.afterPerHour / b.beforePerHour)} times the earlier rate` : ''}.`);
    out.push(`_The chart of bytes per ${formatDuration(x.bucketMs)} is in the HTML report._`);
    out.push('### Per destination');
    const attackerSet = new Set(s.attackers);
    out.push(x.destinations.length === 0 ? '_No destinations._' : table(
      ['#', 'Destination', 'Bytes out', 'Exact', 'Share', 'Events'], ['r', 'l', 'r', 'r', 'r', 'r'],
      x.destinations.map((d, i) => [
        String(i + 1), `${cellCode(d.address)}${attackerSet.has(d.address) ? ' **attacker**' : ''}`, formatBytes(d.bytesOut),
        formatExactBytes(d.bytesOut), x.totalOut > 0 ? `${formatDecimal((d.bytesOut / x.totalOut) * 100)} %` : MISSING, formatCount(d.events),
      ]),
    ));
  }

  // 7 Checklist.
  out.push(heading('checklist'));
  if (input.checklists.length === 0) out.push('_No playbook was followed in this case._');
  for (const c of input.checklists) out.push(checklist(c, tz));

  // 8 Parties and regulator.
  out.push(heading('parties'));
  out.push('### Affected parties');
  const p = input.parties;
  out.push(p.count === 0 && p.records === 0 ? '_No affected parties are listed._' : bullets([
    `**People affected:** ${formatCount(p.count)}`,
    `**Records involved:** ${formatCount(p.records)}`,
    `**Kinds of data:** ${p.categories.length === 0 ? 'none listed' : p.categories.map(inline).join(', ')}`,
  ]));
  out.push('### Notification to the regulator');
  const r = input.regulator;
  if (r === null) {
    out.push('_No notification to a regulator has been drafted._');
  } else {
    out.push(r.overdue
      ? `**Overdue.** The 72-hour deadline was ${t(r.deadline)}, ${formatDecimal(Math.abs(r.hoursLeft))} hours before this report was generated.`
      : `**${formatDecimal(r.hoursLeft)} hours left** when this report was generated. The 72-hour deadline is ${t(r.deadline)}.`);
    const prose = (v: string) => (v.trim() === '' ? '_Not written yet._' : indentBlock(paragraphs(v), '  '));
    const list = (v: readonly string[]) => (v.length === 0 ? 'none given' : v.map(inline).join(', '));
    out.push([
      `- **Became aware:** ${t(r.discoveredAt)}`,
      `- **Deadline:** ${t(r.deadline)}`,
      `- **Nature of the breach:**\n${prose(r.nature)}`,
      `- **Kinds of people:** ${list(r.categoriesOfPeople)}`,
      `- **Approximate number of people:** ${formatCount(r.approxPeople)}`,
      `- **Kinds of records:** ${list(r.categoriesOfRecords)}`,
      `- **Approximate number of records:** ${formatCount(r.approxRecords)}`,
      `- **Likely consequences:**\n${prose(r.likelyConsequences)}`,
      `- **Measures taken:**\n${prose(r.measuresTaken)}`,
      `- **Measures proposed:**\n${prose(r.measuresProposed)}`,
      `- **Contact point:** ${inline(r.contactPoint) || '_not given_'}`,
    ].join('\n'));
    if (r.gaps.length > 0) {
      out.push('#### Still to complete before it is sent');
      out.push(bullets(r.gaps.map(inlineAtStart)));
    }
  }

  // 9 Appendix.
  out.push(heading('appendix'));
  const m = input.methods;
  out.push('### Methods');
  out.push([
    `- **Time zones:** ${inline(m.timeZones)}`,
    `- **Internal ranges of this case:** ${m.internalRanges.length === 0 ? 'none besides the ranges below' : m.internalRanges.map((v) => code(v)).join(', ')}`,
    `- **Always internal:** ${inline(m.alwaysInternal)}`,
    `- **Direction of bytes:** ${inline(m.direction)}`,
    `- **Suspect scoring:** ${inline(m.scoring)}`,
  ].join('\n'));
  out.push('### Detection rules');
  out.push(m.detectionRules.length === 0 ? '_No detection rules were run._' : table(
    ['Rule', 'Rule id', 'Category', 'What a hit means'], ['l', 'l', 'l', 'l'],
    m.detectionRules.map((d) => [cell(d.name), cellCode(d.id), cell(categoryLabel(d.category)), cell(d.description)]),
  ));
  out.push('### Audit trail');
  if (input.audit.length === 0) {
    out.push('_The audit trail is empty._');
  } else {
    out.push(input.audit.length < input.auditTotal
      ? `**Showing the latest ${formatCount(input.audit.length)} of ${formatCount(input.auditTotal)} entries;** the full trail is in the case.`
      : `All ${plural(input.audit.length, 'entry', 'entries')}, oldest first.`);
    out.push(table(
      ['Time', 'By', 'Entity', 'Action', 'Detail'], ['l', 'l', 'l', 'l', 'l'],
      input.audit.map((a) => [t(a.at), cell(a.by), cell(a.entity), cell(a.action), cell(a.detail)]),
    ));
  }

  out.push('---');
  out.push(`_Generated by ${inline(`${input.tool.name} ${input.tool.version}`)} on ${t(input.generatedAt)}._`);
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

function heading(id: ReportSectionId): string {
  const s = sectionInfo(id);
  return `## ${s.number} ${s.title}`;
}

function pinnedEvent(e: ReportPinnedEvent, tz: string): string {
  const route = e.src === null && e.dst === null ? MISSING : `${e.src === null ? MISSING : code(e.src)} → ${e.dst === null ? MISSING : code(e.dst)}`;
  const lines = [
    `### ${formatTime(e.ts, tz)}: ${inline(e.summary)}`,
    bullets([
      `**Kind:** ${inline(e.kind)}`,
      `**From → to:** ${route}`,
      `**Source:** ${code(`${e.sourcePath}:${e.line}`)} (event ${e.eventId})`,
      `**Tags:** ${e.tags.length === 0 ? 'none' : e.tags.map((x) => code(x)).join(' ')}`,
      ...(e.note.trim() !== '' ? [`**Note:** ${inline(e.note)}`] : []),
      `**Pinned:** by ${inline(e.pinnedBy) || MISSING}, ${formatTime(e.pinnedAt, tz)}`,
    ]),
    fenced(e.raw),
  ];
  return lines.join('\n\n');
}

function checklist(c: ReportChecklist, tz: string): string {
  const out: string[] = [`### ${inline(c.title)}`, `Playbook ${code(c.playbookId)}. ${checklistProgress(c)}`];
  for (const { title, steps } of stepGroups(c)) {
    out.push(`#### ${title}`);
    const items = steps.map((s, i) => {
      const body: string[] = [`${i + 1}. **${STEP_STATE_LABELS[s.state] ?? inline(s.state)}:** ${inline(s.title)}`];
      body.push(indentBlock(`_${inline(s.guidance)}_`));
      if (s.state === 'not-applicable') body.push(indentBlock(`**Why it does not apply:** ${inline(s.reason.trim()) || 'no reason given'}`));
      if (s.notes.trim() !== '') body.push(indentBlock(paragraphs(s.notes)));
      if (s.evidence.length > 0) {
        body.push(indentBlock(s.evidence
          .map((e) => `- ${EVIDENCE_KIND_LABELS[e.kind] ?? inlineAtStart(e.kind)}: ${inline(e.label)}${showRef(e) ? ` ${code(e.ref)}` : ''}`)
          .join('\n')));
      }
      body.push(indentBlock(s.updatedBy !== null || s.updatedAt !== null
        ? `Last updated by ${inline(s.updatedBy ?? MISSING)}, ${formatTime(s.updatedAt, tz)}`
        : 'Not updated yet'));
      return body.join('\n\n');
    });
    out.push(items.join('\n\n'));
  }
  return out.join('\n\n');
}

/** A step's evidence reference, unless it only repeats the label. */
function showRef(e: { label: string; ref: string }): boolean {
  return e.ref.trim() !== '' && e.ref.trim().toLowerCase() !== e.label.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Escaping

/**
 * The inline part of `escapeMarkdown`: every character that can open inline syntax (emphasis,
 * code, links, images, HTML, entities, strikethrough, table pipes) backslash-escaped. Enough for
 * text that sits in the middle of a line; text that may start a line also needs the list and
 * heading escapes of `escapeMarkdown`.
 */
function escapeInline(s: string): string {
  return s.replace(/[\\`*_[\]<>#|~&!]/g, (c) => `\\${c}`);
}

/** Untrusted text inside a line (never at its start): escaped, newlines as spaces. */
export function inline(s: string): string {
  return escapeInline(visibleControls(s).replace(/[ \t]*\n[ \t]*/g, ' ').trim());
}

/** Untrusted text that starts a line or a list item: as `inline`, plus the line-start escapes. */
function inlineAtStart(s: string): string {
  return escapeMarkdown(visibleControls(s).replace(/[ \t]*\n[ \t]*/g, ' ').trim());
}

/**
 * Untrusted text for a table cell: escaped (pipes included), newlines as `<br>`. A cell holds
 * inline content only, so `10.0.1.20` needs no line-start escape.
 */
export function cell(s: string): string {
  return visibleControls(s)
    .trim()
    .split('\n')
    .map((line) => escapeInline(line.trim()))
    .join('<br>');
}

/** Untrusted prose as paragraphs: blank lines separate them, single newlines are hard breaks. */
function paragraphs(s: string): string {
  return visibleControls(s)
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n').map((line) => escapeMarkdown(line.trim())).join('\\\n'))
    .join('\n\n');
}

function longestBacktickRun(s: string): number {
  let best = 0;
  for (const m of s.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

/** A code span that no backtick inside the text can close. */
export function code(s: string): string {
  const text = visibleControls(s).replace(/\s*\n\s*/g, ' ');
  if (text === '') return '';
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span inside a table cell: as `code`, with `|` escaped (GFM splits cells before code spans). */
function cellCode(s: string): string {
  return code(s).replaceAll('|', '\\|');
}

/** A fenced code block whose fence is longer than any backtick run inside the text. */
export function fenced(s: string): string {
  const text = visibleControls(s).replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

function indentBlock(s: string, by = '    '): string {
  return s.split('\n').map((line) => (line === '' ? '' : by + line)).join('\n');
}

type Align = 'l' | 'r';

/** A GFM table; cells must already be escaped (`cell`, `cellCode` or our own text). */
function table(header: readonly string[], align: readonly Align[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [
    line(header),
    `|${align.map((a) => (a === 'r' ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
