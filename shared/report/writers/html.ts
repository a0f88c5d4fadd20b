/**
 * The case report as one self-contained HTML document, for reading on screen and for printing
 * to PDF (A4). It loads nothing: no scripts, no fonts, no images, no links; a Content Security
 * Policy in the document says so too (`default-src 'none'`), so even a mistake here could not
 * make a browser fetch anything. Every string from the case is escaped (see `safe-html.ts`).
 */

import { htmlDocument } from './document';
import { categoryLabel, type DetectionCategory } from '../../detect';
import type {
  ReportChecklist, ReportDetection, ReportInput, ReportPinnedEvent, ReportSource, StepState,
} from '../model';
import {
  MISSING, formatBytes, formatCount, formatDecimal, formatDuration, formatExactBytes, isoTime,
  describeZone, plural, timeParts,
} from './format';
import { SafeHtml, esc, html, join, trusted, type HtmlPart } from './safe-html';
import {
  EVIDENCE_KIND_LABELS, REPORT_TOP_SUSPECTS, STEP_STATE_LABELS, checklistProgress, detectionAddresses, groupedDetections,
  sectionInfo, stepGroups, type ReportSectionId,
} from './sections';
import { CHART_OTHER_COLOR, CHART_PALETTE, stackedBarsSvg } from './svg';

/** Renders the whole report. Never throws on odd data; absent values show as `—`. */
export function renderReportHtml(input: ReportInput): string {
  const ctx = new Ctx(input.timeZone);
  const title = `Incident report: ${input.case.name}`;
  const body = html`
<main class="report">
${titleBlock(input, ctx)}
${summarySection(input, ctx)}
${evidenceSection(input, ctx)}
${timelineSection(input, ctx)}
${indicatorsSection(input, ctx)}
${suspectsSection(input, ctx)}
${exfiltrationSection(input, ctx)}
${checklistSection(input, ctx)}
${partiesSection(input, ctx)}
${appendixSection(input, ctx)}
<footer class="report-footer">
<p>Generated${input.generatedBy ? html` by ${input.generatedBy}` : ''} with ${input.tool.name} ${input.tool.version} on ${ctx.time(input.generatedAt)}. Times are shown in ${describeZone(input.timeZone, input.generatedAt)}.</p>
</footer>
</main>`;
  return htmlDocument({
    title,
    css: REPORT_CSS,
    body: body.value,
    dataImages: true,
    extraHead: `<meta name="referrer" content="no-referrer">\n<meta name="generator" content="${esc(`${input.tool.name} ${input.tool.version}`)}">`,
  });
}

// ---------------------------------------------------------------------------------------------
// Context: time formatting in the report's zone

class Ctx {
  constructor(readonly timeZone: string) {}

  /** A time that may wrap between its date and its time of day. */
  time(ms: number | null | undefined): SafeHtml {
    if (ms === null || ms === undefined) return html`<span class="missing">${MISSING}</span>`;
    const p = timeParts(ms, this.timeZone);
    if (!p) return html`<span class="missing">${MISSING}</span>`;
    return html`<time class="ts" datetime="${isoTime(ms) ?? ''}"><span>${p.date}</span> <span>${p.time} ${p.zone}</span></time>`;
  }

  /** A span of time; when both ends fall on the same day the date is written once. */
  range(from: number | null, to: number | null): SafeHtml {
    if (from === null && to === null) return html`<span class="missing">${MISSING}</span>`;
    const a = from === null ? null : timeParts(from, this.timeZone);
    const b = to === null ? null : timeParts(to, this.timeZone);
    if (a && b && a.date === b.date && a.zone === b.zone) {
      return html`<span class="ts"><span>${a.date}</span> <span>${a.time} – ${b.time} ${b.zone}</span></span>`;
    }
    return html`${this.time(from)}<span class="range-sep"> – </span>${this.time(to)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks

function section(id: ReportSectionId, content: HtmlPart): SafeHtml {
  const s = sectionInfo(id);
  return html`
<section id="${s.id}" data-section="${s.id}" class="section">
<h2><span class="sec-num">${s.number}</span> ${s.title}</h2>
${content}
</section>`;
}

function empty(text: string): SafeHtml {
  return html`<p class="empty">${text}</p>`;
}

/** Untrusted prose: paragraphs at blank lines, line breaks kept. */
function paragraphs(text: string, cls = ''): SafeHtml {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
  return join(paras.map((p) => html`<p${cls ? trusted(` class="${cls}"`) : ''}>${join(p.split('\n'), trusted('<br>'))}</p>`));
}

/**
 * A path (`case.zip!/web/access.log.gz!/access.log`) that wraps after a slash rather than at a
 * hyphen or in the middle of a name; a single very long name may still break anywhere.
 */
function pathHtml(path: string): SafeHtml {
  const tokens = path.split(/(?<=\/)/);
  return html`<span class="mono path">${join(tokens.map((t) => ([...t].length <= 40 ? html`<span class="nb">${t}</span>` : t)), trusted('<wbr>'))}</span>`;
}

function mono(text: string, cls = ''): SafeHtml {
  return html`<span class="mono${cls ? trusted(` ${cls}`) : ''}">${text}</span>`;
}

function num(n: number): SafeHtml {
  return html`${formatCount(n)}`;
}

function bytesCell(n: number): SafeHtml {
  return html`<span class="nowrap">${formatBytes(n)}</span>`;
}

function exactBytes(n: number): SafeHtml {
  return html`<span class="exact nowrap">${formatExactBytes(n)}</span>`;
}

function addressList(addresses: readonly string[]): SafeHtml {
  return join(addresses.map((a) => mono(a, 'addr')), ', ');
}

function tags(list: readonly string[]): SafeHtml {
  if (list.length === 0) return html`<span class="missing">none</span>`;
  return join(list.map((t) => html`<span class="tag">${t}</span>`), ' ');
}

function badge(text: string, cls: string): SafeHtml {
  return html`<span class="badge ${trusted(cls)}">${text}</span>`;
}

function catLabel(c: DetectionCategory): string {
  return categoryLabel(c);
}

// ---------------------------------------------------------------------------------------------
// Title block

function titleBlock(input: ReportInput, ctx: Ctx): SafeHtml {
  return html`
<header id="title" data-section="title" class="title-block">
<p class="kicker">Incident report</p>
<h1>${input.case.name}</h1>
<dl class="meta">
<dt>Case</dt><dd>${mono(input.case.id)}, opened ${ctx.time(input.case.createdAt)}</dd>
<dt>Generated</dt><dd>${ctx.time(input.generatedAt)}</dd>
<dt>Prepared by</dt><dd>${input.generatedBy || MISSING}</dd>
<dt>Tool</dt><dd>${input.tool.name} ${input.tool.version}</dd>
<dt>Times shown in</dt><dd>${describeZone(input.timeZone, input.generatedAt)}</dd>
</dl>
</header>`;
}

// ---------------------------------------------------------------------------------------------
// 1 Summary

function summarySection(input: ReportInput, ctx: Ctx): SafeHtml {
  const s = input.summary;
  const attackers = s.attackers.length > 0 ? addressList(s.attackers) : html`<span class="missing">none identified</span>`;
  const figures = html`
<dl class="key-facts">
<dt>Attack started</dt><dd>${ctx.time(s.attackStart)}</dd>
<dt>${s.attackers.length === 1 ? 'Attacker address' : 'Attacker addresses'}</dt><dd>${attackers}</dd>
<dt>Data exfiltrated</dt><dd><span class="big">${formatBytes(s.exfiltratedBytes)}</span> <span class="exact nowrap">(${formatExactBytes(s.exfiltratedBytes)})</span></dd>
<dt>Evidence</dt><dd>${plural(s.totalSources, 'source')}, ${plural(s.totalEvents, 'event')}; ${plural(s.rejectedRecords, 'record')} could not be read</dd>
</dl>`;

  const when = s.firstEvent === null
    ? html`The evidence holds no events with a time.`
    : html`The evidence covers ${ctx.time(s.firstEvent)} to ${ctx.time(s.lastEvent)} (${formatDuration((s.lastEvent ?? s.firstEvent) - s.firstEvent)}): ${plural(s.totalEvents, 'event')} from ${plural(s.totalSources, 'source')}${s.rejectedRecords > 0 ? html`, with ${plural(s.rejectedRecords, 'record')} that no parser could read` : ''}.`;
  const who = s.attackers.length === 0
    ? html`No attacker address has been identified.`
    : html`The attack ${s.attackStart !== null ? html`began at ${ctx.time(s.attackStart)}, ` : ''}from ${attackers}.`;
  const what = html`${formatBytes(s.exfiltratedBytes)} (${formatExactBytes(s.exfiltratedBytes)}) left the network to ${s.attackers.length === 1 ? 'that address' : 'those addresses'}.`;

  const perAttacker = s.exfiltratedTo.length === 0 ? '' : html`
<table class="compact">
<thead><tr><th>Attacker address</th><th class="num">Bytes out</th><th class="num">Exact</th></tr></thead>
<tbody>${s.exfiltratedTo.map((x) => html`<tr><td>${mono(x.address, 'addr')}</td><td class="num">${bytesCell(x.bytes)}</td><td class="num">${exactBytes(x.bytes)}</td></tr>`)}</tbody>
</table>`;

  const narrative = s.narrative.trim() === ''
    ? empty('The responders have not written a narrative yet.')
    : html`<div class="narrative">${paragraphs(s.narrative)}</div>`;

  return section('summary', html`
${figures}
<h3>What happened</h3>
<p>${when} ${who} ${s.attackers.length > 0 ? what : ''}</p>
${perAttacker}
<h3>In the responders' words</h3>
${narrative}`);
}

// ---------------------------------------------------------------------------------------------
// 2 Scope and evidence

const STATUS_CLASS: Readonly<Record<ReportSource['status'], string>> = {
  complete: 'ok', cancelled: 'bad', failed: 'bad', importing: 'warn',
};

function evidenceSection(input: ReportInput, ctx: Ctx): SafeHtml {
  const list = input.evidence;
  if (list.length === 0) return section('evidence', empty('No evidence has been imported into this case.'));
  const totals = list.reduce(
    (t, s) => ({ events: t.events + s.events, rejected: t.rejected + s.rejected, zoneless: t.zoneless + s.zoneless, bytes: t.bytes + s.bytes }),
    { events: 0, rejected: 0, zoneless: 0, bytes: 0 },
  );
  const rows = list.map((s, i) => html`
<tbody class="source">
<tr class="source-main">
<td class="idx">${i + 1}</td>
<td class="wrap">${pathHtml(s.path)}<br><span class="exact">${formatBytes(s.bytes, { exact: s.bytes >= 1024 })}</span></td>
<td>${s.format}<br><span class="exact">parser ${s.parserVersion || MISSING}, zone ${s.timeZone}</span></td>
<td>${ctx.range(s.tsMin, s.tsMax)}</td>
<td class="num">${num(s.events)}</td>
<td class="num">${num(s.rejected)}</td>
<td class="num">${num(s.zoneless)}</td>
<td>${badge(s.status, STATUS_CLASS[s.status] ?? 'warn')}</td>
</tr>
<tr class="source-hash"><td></td><td colspan="7"><span class="hash-label">SHA-256</span> ${s.sha256 ? mono(s.sha256, 'hash') : html`<span class="missing">not computed (the source did not finish)</span>`}</td></tr>
</tbody>`);
  return section('evidence', html`
<p>Every source was read in full and hashed as it was read: the SHA-256 identifies the exact bytes examined.</p>
<table class="evidence">
<colgroup><col class="c-idx"><col class="c-path"><col class="c-format"><col class="c-range"><col class="c-n"><col class="c-n"><col class="c-n"><col class="c-status"></colgroup>
<thead><tr><th>#</th><th>Source</th><th>Format</th><th>Time range</th><th class="num">Events</th><th class="num">Rejected</th><th class="num">Zone-less</th><th>Status</th></tr></thead>
${rows}
<tfoot><tr><td></td><td>${plural(list.length, 'source')}, ${formatBytes(totals.bytes)}</td><td></td><td></td><td class="num">${num(totals.events)}</td><td class="num">${num(totals.rejected)}</td><td class="num">${num(totals.zoneless)}</td><td></td></tr></tfoot>
</table>
<p class="table-note">Events are the records a parser read. Rejected records could not be read; they are kept in the case for review. Zone-less events had a timestamp without a time zone and were read in the source's zone.</p>`);
}

// ---------------------------------------------------------------------------------------------
// 3 Timeline

function timelineSection(input: ReportInput, ctx: Ctx): SafeHtml {
  const events = [...input.pinned].sort((a, b) => a.ts - b.ts || a.eventId - b.eventId);
  if (events.length === 0) return section('timeline', empty('No events were pinned.'));
  return section('timeline', html`
<p>The events the responders pinned as evidence, oldest first, each with the record exactly as it was logged.</p>
${events.map((e) => pinnedEvent(e, ctx))}`);
}

function pinnedEvent(e: ReportPinnedEvent, ctx: Ctx): SafeHtml {
  const route = e.src === null && e.dst === null
    ? html`<span class="missing">${MISSING}</span>`
    : html`${e.src === null ? MISSING : mono(e.src, 'addr')} <span class="arrow">→</span> ${e.dst === null ? MISSING : mono(e.dst, 'addr')}`;
  return html`
<article class="event">
<div class="event-head"><span class="event-time">${ctx.time(e.ts)}</span><span class="kind">${e.kind}</span></div>
<p class="event-summary">${e.summary}</p>
<dl class="facts">
<dt>From → to</dt><dd>${route}</dd>
<dt>Source</dt><dd class="wrap">${pathHtml(`${e.sourcePath}:${e.line}`)} <span class="exact nowrap">event ${e.eventId}</span></dd>
<dt>Tags</dt><dd>${tags(e.tags)}</dd>
${e.note.trim() !== '' ? html`<dt>Note</dt><dd class="note">${paragraphs(e.note)}</dd>` : ''}
<dt>Pinned</dt><dd>by ${e.pinnedBy || MISSING}, ${ctx.time(e.pinnedAt)}</dd>
</dl>
<pre class="raw">${e.raw}</pre>
</article>`;
}

// ---------------------------------------------------------------------------------------------
// 4 Indicators

function indicatorsSection(input: ReportInput, ctx: Ctx): SafeHtml {
  if (input.indicators.length === 0) return section('indicators', empty('No indicators were recorded.'));
  const blocked = input.indicators.filter((i) => i.blocked).length;
  return section('indicators', html`
<p>${plural(input.indicators.length, 'indicator')}; ${formatCount(blocked)} marked as blocked.</p>
<table class="indicators">
<colgroup><col class="c-ind"><col class="c-label"><col class="c-blocked"><col class="c-time"><col class="c-time"><col class="c-n"><col class="c-bytes-exact"></colgroup>
<thead><tr><th>Indicator</th><th>Label and note</th><th>Blocked</th><th>First seen</th><th>Last seen</th><th class="num">Events</th><th class="num">Bytes out</th></tr></thead>
<tbody>${input.indicators.map((i) => html`
<tr>
<td class="wrap">${mono(i.value, 'addr')}<br><span class="exact">${i.type}</span></td>
<td class="wrap">${i.label || MISSING}${i.note.trim() !== '' ? html`<div class="cell-note">${paragraphs(i.note)}</div>` : ''}</td>
<td>${i.blocked ? badge('Yes', 'ok') : badge('No', 'todo')}</td>
<td>${ctx.time(i.firstSeen)}</td>
<td>${ctx.time(i.lastSeen)}</td>
<td class="num">${num(i.events)}</td>
<td class="num">${bytesCell(i.bytesOut)}<br>${exactBytes(i.bytesOut)}</td>
</tr>`)}</tbody>
</table>`);
}

// ---------------------------------------------------------------------------------------------
// 5 Suspects and detections

function suspectsSection(input: ReportInput, _ctx: Ctx): SafeHtml {
  const top = input.suspects.slice(0, REPORT_TOP_SUSPECTS);
  const suspects = top.length === 0
    ? empty('No external address showed suspicious activity.')
    : html`
<p>External addresses ranked by how suspicious their activity was. The score is the sum of the parts listed; the appendix explains the scoring.${input.suspects.length > top.length ? ` The top ${top.length} of ${formatCount(input.suspects.length)} are shown.` : ''}</p>
<table class="suspects">
<colgroup><col class="c-idx"><col class="c-addr"><col class="c-score"><col></colgroup>
<thead><tr><th>#</th><th>Address</th><th class="num">Score</th><th>Why</th></tr></thead>
<tbody>${top.map((s, i) => html`
<tr>
<td class="idx">${i + 1}</td>
<td>${mono(s.address, 'addr')}</td>
<td class="num score">${formatDecimal(s.score)}</td>
<td>${s.parts.length === 0 ? html`<span class="missing">no signals</span>` : html`<ul class="parts">${s.parts.map((p) => html`<li><span class="points">+${formatDecimal(p.points)}</span> <strong>${p.label}</strong>: ${p.detail}</li>`)}</ul>`}</td>
</tr>`)}</tbody>
</table>`;

  const detections = input.detections.length === 0
    ? empty('No request matched a detection rule.')
    : detectionTable(input.detections);
  return section('suspects', html`
<h3>Top suspects</h3>
${suspects}
<h3>Detection hits</h3>
${detections}`);
}

function detectionTable(list: readonly ReportDetection[]): SafeHtml {
  const hits = list.reduce((n, d) => n + d.requests, 0);
  const rows = groupedDetections(list).map((d) => html`<tr class="${d.first ? 'group-start' : ''}"><td>${d.first ? mono(d.address, 'addr') : ''}</td><td>${catLabel(d.category)}</td><td>${d.name}<br>${mono(d.ruleId, 'rule-id')}</td><td class="num">${num(d.requests)}</td></tr>`);
  return html`
<p>${plural(hits, 'rule hit')} from ${plural(detectionAddresses(list), 'address', 'addresses')}. A request that matches several rules counts once for each.</p>
<table class="detections">
<colgroup><col class="c-addr"><col class="c-cat"><col><col class="c-n"></colgroup>
<thead><tr><th>Address</th><th>Category</th><th>Rule</th><th class="num">Requests</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

// ---------------------------------------------------------------------------------------------
// 6 Exfiltration

function exfiltrationSection(input: ReportInput, ctx: Ctx): SafeHtml {
  const x = input.exfiltration;
  if (x.totalOut <= 0 && x.destinations.length === 0) {
    return section('exfiltration', empty('No bytes left the network to an external address in the evidence.'));
  }
  const attackers = new Set(input.summary.attackers);
  const lead = html`<p><strong>${formatBytes(x.totalOut)}</strong> (${formatExactBytes(x.totalOut)}) left the network to external addresses in the evidence; ${formatBytes(input.summary.exfiltratedBytes)} of it went to the attacker ${input.summary.attackers.length === 1 ? 'address' : 'addresses'}.</p>`;

  const b = x.baseline;
  const baseline = b === null
    ? html`<p class="muted">No baseline comparison: there is no suspect whose first event falls inside the evidence.</p>`
    : html`<p class="baseline">Before ${ctx.time(b.pivotTs)} (${b.pivotReason}), ${formatBytes(b.beforePerHour)} per hour left the network (${formatBytes(b.beforeBytes)} in all); after it, ${formatBytes(b.afterPerHour)} per hour (${formatBytes(b.afterBytes)} in all)${b.beforePerHour > 0 ? `, ${formatDecimal(b.afterPerHour / b.beforePerHour)} times the earlier rate` : ''}.</p>`;

  const series = x.charted.map((a, i) => ({ label: a, color: CHART_PALETTE[i % CHART_PALETTE.length]! }));
  const chart = x.series.length === 0
    ? empty('There are no time buckets to chart.')
    : html`<figure class="chart-figure">${trusted(stackedBarsSvg({
      buckets: x.series, series, otherColor: CHART_OTHER_COLOR, otherLabel: 'All other destinations',
      width: 720, height: 300, timeZone: input.timeZone, valueFormat: 'bytes', bucketMs: x.bucketMs,
      title: `Bytes leaving the network per ${formatDuration(x.bucketMs)}, by destination`, id: 'exfil-chart',
    }))}<figcaption>Bytes leaving the network per ${formatDuration(x.bucketMs)}, by destination: the ${plural(x.charted.length, 'largest destination')} one by one, all others together in grey.</figcaption></figure>`;

  const table = x.destinations.length === 0 ? empty('No destinations.') : html`
<table class="destinations">
<colgroup><col class="c-idx"><col class="c-addr"><col class="c-bytes"><col class="c-exact"><col class="c-n"><col class="c-n"></colgroup>
<thead><tr><th>#</th><th>Destination</th><th class="num">Bytes out</th><th class="num">Exact</th><th class="num">Share</th><th class="num">Events</th></tr></thead>
<tbody>${x.destinations.map((d, i) => html`
<tr${attackers.has(d.address) ? trusted(' class="attacker-row"') : ''}><td class="idx">${i + 1}</td><td>${mono(d.address, 'addr')}${attackers.has(d.address) ? html` ${badge('attacker', 'bad')}` : ''}</td><td class="num">${bytesCell(d.bytesOut)}</td><td class="num">${exactBytes(d.bytesOut)}</td><td class="num">${x.totalOut > 0 ? `${formatDecimal((d.bytesOut / x.totalOut) * 100)} %` : MISSING}</td><td class="num">${num(d.events)}</td></tr>`)}</tbody>
</table>`;

  return section('exfiltration', html`
${lead}
${baseline}
${chart}
<h3>Per destination</h3>
${table}`);
}

// ---------------------------------------------------------------------------------------------
// 7 Checklist

const STATE_CLASS: Readonly<Record<StepState, string>> = { todo: 'todo', 'in-progress': 'warn', done: 'ok', 'not-applicable': 'na' };

function checklistSection(input: ReportInput, ctx: Ctx): SafeHtml {
  if (input.checklists.length === 0) return section('checklist', empty('No playbook was followed in this case.'));
  return section('checklist', join(input.checklists.map((c) => playbook(c, ctx))));
}

function playbook(c: ReportChecklist, ctx: Ctx): SafeHtml {
  const progress = checklistProgress(c);
  const phases = stepGroups(c).map(({ title, steps }) => {
    return html`
<h4>${title}</h4>
<ol class="steps">${steps.map((s) => html`
<li class="step">
<div class="step-head">${badge(STEP_STATE_LABELS[s.state] ?? s.state, STATE_CLASS[s.state] ?? 'todo')}<span class="step-title">${s.title}</span></div>
<p class="guidance">${s.guidance}</p>
${s.state === 'not-applicable' ? html`<p class="reason"><strong>Why it does not apply:</strong> ${s.reason.trim() || 'no reason given'}</p>` : ''}
${s.notes.trim() !== '' ? html`<div class="step-notes">${paragraphs(s.notes)}</div>` : ''}
${s.evidence.length > 0 ? html`<ul class="step-evidence">${s.evidence.map((e) => html`<li><span class="ev-kind">${EVIDENCE_KIND_LABELS[e.kind] ?? e.kind}</span> ${e.label}${e.ref && e.ref.trim().toLowerCase() !== e.label.trim().toLowerCase() ? html` ${mono(e.ref, 'ref')}` : ''}</li>`)}</ul>` : ''}
<p class="who">${s.updatedBy !== null || s.updatedAt !== null ? html`Last updated by ${s.updatedBy ?? MISSING}, ${ctx.time(s.updatedAt)}` : 'Not updated yet'}</p>
</li>`)}</ol>`;
  });
  return html`
<div class="playbook">
<h3>${c.title}</h3>
<p class="muted">Playbook ${mono(c.playbookId)}. ${progress}</p>
${phases}
</div>`;
}

// ---------------------------------------------------------------------------------------------
// 8 Affected parties and the regulator

function partiesSection(input: ReportInput, ctx: Ctx): SafeHtml {
  const p = input.parties;
  const parties = p.count === 0 && p.records === 0
    ? empty('No affected parties are listed.')
    : html`
<dl class="kv">
<dt>People affected</dt><dd>${num(p.count)}</dd>
<dt>Records involved</dt><dd>${num(p.records)}</dd>
<dt>Kinds of data</dt><dd>${p.categories.length === 0 ? html`<span class="missing">none listed</span>` : tags(p.categories)}</dd>
</dl>`;

  const r = input.regulator;
  let regulator: SafeHtml;
  if (r === null) {
    regulator = empty('No notification to a regulator has been drafted.');
  } else {
    const deadline = r.overdue
      ? html`<div class="deadline overdue"><strong>Overdue.</strong> The 72-hour deadline was ${ctx.time(r.deadline)}, ${formatDecimal(Math.abs(r.hoursLeft))} hours before this report was generated.</div>`
      : html`<div class="deadline"><strong>${formatDecimal(r.hoursLeft)} hours left</strong> when this report was generated. The 72-hour deadline is ${ctx.time(r.deadline)}.</div>`;
    const prose = (text: string) => (text.trim() === '' ? html`<span class="missing">Not written yet.</span>` : paragraphs(text));
    const list = (items: readonly string[]) => (items.length === 0 ? html`<span class="missing">none given</span>` : tags(items));
    regulator = html`
${deadline}
<dl class="kv regulator">
<dt>Became aware</dt><dd>${ctx.time(r.discoveredAt)}</dd>
<dt>Deadline</dt><dd>${ctx.time(r.deadline)}</dd>
<dt>Nature of the breach</dt><dd>${prose(r.nature)}</dd>
<dt>Kinds of people</dt><dd>${list(r.categoriesOfPeople)}</dd>
<dt>Approximate number of people</dt><dd>${num(r.approxPeople)}</dd>
<dt>Kinds of records</dt><dd>${list(r.categoriesOfRecords)}</dd>
<dt>Approximate number of records</dt><dd>${num(r.approxRecords)}</dd>
<dt>Likely consequences</dt><dd>${prose(r.likelyConsequences)}</dd>
<dt>Measures taken</dt><dd>${prose(r.measuresTaken)}</dd>
<dt>Measures proposed</dt><dd>${prose(r.measuresProposed)}</dd>
<dt>Contact point</dt><dd>${prose(r.contactPoint)}</dd>
</dl>
${r.gaps.length > 0 ? html`<div class="gaps"><h4>Still to complete before it is sent</h4><ul>${r.gaps.map((g) => html`<li>${g}</li>`)}</ul></div>` : ''}`;
  }
  return section('parties', html`
<h3>Affected parties</h3>
${parties}
<h3>Notification to the regulator</h3>
${regulator}`);
}

// ---------------------------------------------------------------------------------------------
// 9 Appendix

function appendixSection(input: ReportInput, ctx: Ctx): SafeHtml {
  const m = input.methods;
  const rules = m.detectionRules.length === 0 ? empty('No detection rules were run.') : html`
<table class="rules">
<colgroup><col class="c-rule"><col class="c-cat"><col></colgroup>
<thead><tr><th>Rule</th><th>Category</th><th>What a hit means</th></tr></thead>
<tbody>${m.detectionRules.map((d) => html`<tr><td>${d.name}<br>${mono(d.id, 'rule-id')}</td><td>${catLabel(d.category)}</td><td>${d.description}</td></tr>`)}</tbody>
</table>`;

  const cut = input.audit.length < input.auditTotal;
  const audit = input.audit.length === 0 ? empty('The audit trail is empty.') : html`
${cut ? html`<p class="note-cut">Showing the latest ${formatCount(input.audit.length)} of ${formatCount(input.auditTotal)} entries; the full trail is in the case.</p>` : html`<p>All ${plural(input.audit.length, 'entry', 'entries')}, oldest first.</p>`}
<table class="audit">
<colgroup><col class="c-time"><col class="c-by"><col class="c-entity"><col class="c-action"><col></colgroup>
<thead><tr><th>Time</th><th>By</th><th>Entity</th><th>Action</th><th>Detail</th></tr></thead>
<tbody>${input.audit.map((a) => html`<tr><td>${ctx.time(a.at)}</td><td class="wrap">${a.by}</td><td class="wrap">${a.entity}</td><td class="wrap">${a.action}</td><td class="wrap">${a.detail}</td></tr>`)}</tbody>
</table>`;

  return section('appendix', html`
<h3>Methods</h3>
<dl class="kv methods">
<dt>Time zones</dt><dd>${paragraphs(m.timeZones)}</dd>
<dt>Internal ranges of this case</dt><dd>${m.internalRanges.length === 0 ? html`<span class="missing">none besides the ranges below</span>` : join(m.internalRanges.map((x) => mono(x, 'addr')), ', ')}</dd>
<dt>Always internal</dt><dd>${paragraphs(m.alwaysInternal)}</dd>
<dt>Direction of bytes</dt><dd>${paragraphs(m.direction)}</dd>
<dt>Suspect scoring</dt><dd>${paragraphs(m.scoring)}</dd>
</dl>
<h3>Detection rules</h3>
${rules}
<h3>Audit trail</h3>
${audit}`);
}

// ---------------------------------------------------------------------------------------------
// Style: screen and A4 print

const REPORT_CSS = `
:root {
  --ink: #1c2430; --muted: #5b6472; --faint: #8a93a0; --rule: #d5dbe3; --rule-soft: #e8ecf1;
  --accent: #1d3557; --accent-soft: #eef2f8; --soft: #f5f7fa;
  --ok: #1f7a4d; --ok-bg: #e5f4ec; --warn: #8a5a00; --warn-bg: #fbf0d9; --bad: #b3261e; --bad-bg: #fbe7e5;
  --na: #5b6472; --na-bg: #eceff3;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #e9edf2; color: var(--ink); font: 14px/1.5 var(--sans); font-variant-numeric: tabular-nums; }
.report { max-width: 960px; margin: 24px auto; padding: 48px 56px; background: #fff; box-shadow: 0 1px 3px rgba(20,30,50,.12), 0 8px 24px rgba(20,30,50,.06); }
h1, h2, h3, h4 { color: var(--accent); line-height: 1.25; break-after: avoid; page-break-after: avoid; }
p:has(+ table), p:has(+ .chart-figure), p:has(+ .event) { break-after: avoid; page-break-after: avoid; }
h1 { font-size: 26px; margin: 4px 0 16px; font-weight: 700; letter-spacing: -.01em; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); font-weight: 700; }
h3 { font-size: 15px; margin: 22px 0 8px; font-weight: 650; overflow-wrap: anywhere; }
h4 { font-size: 13px; margin: 16px 0 6px; font-weight: 650; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.sec-num { display: inline-block; min-width: 1.4em; color: var(--faint); font-weight: 600; }
p { margin: 6px 0 10px; }
.muted, .exact { color: var(--muted); }
.exact { font-size: .86em; }
.missing { color: var(--faint); }
.empty { color: var(--muted); font-style: italic; padding: 10px 12px; background: var(--soft); border-left: 3px solid var(--rule); }
.nowrap, .ts > span { white-space: nowrap; }
.mono, pre, code { font-family: var(--mono); font-size: .9em; }
.wrap, .path, .addr, .ref { overflow-wrap: anywhere; word-break: break-word; }
.hash { word-break: break-all; overflow-wrap: anywhere; letter-spacing: .01em; }

.title-block { border-bottom: 1px solid var(--rule); padding-bottom: 18px; margin-bottom: 8px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .05em; font-size: 12px; font-weight: 700; color: var(--bad); }
.meta { display: grid; grid-template-columns: 9.5em minmax(0, 1fr); gap: 3px 16px; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }

.key-facts { display: grid; grid-template-columns: 13em minmax(0, 1fr); gap: 6px 16px; align-items: baseline; margin: 14px 0 8px; padding: 12px 16px; background: var(--accent-soft); border-left: 4px solid var(--bad); border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
.key-facts dt { color: var(--muted); font-weight: 600; }
.key-facts dd { margin: 0; min-width: 0; font-weight: 600; overflow-wrap: anywhere; }
.key-facts .big { font-size: 18px; font-weight: 700; color: var(--bad); }
.narrative p { margin: 0 0 8px; }

table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 12.5px; table-layout: fixed; }
table.compact { width: auto; min-width: 50%; table-layout: auto; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
th { text-align: left; font-weight: 650; color: var(--accent); background: var(--accent-soft); border-bottom: 1.5px solid var(--accent); padding: 5px 6px; vertical-align: bottom; font-size: 11.5px; }
td { padding: 5px 6px; border-bottom: 1px solid var(--rule-soft); vertical-align: top; overflow-wrap: anywhere; }
tfoot td { border-top: 1.5px solid var(--rule); border-bottom: none; font-weight: 600; }
tr, .source { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
td.num { overflow-wrap: normal; }
.idx { color: var(--faint); }
.c-idx { width: 2.2em; } .c-n { width: 5.4em; } .c-status { width: 7.4em; } .c-format { width: 7.6em; } .c-range { width: 10.5em; }
.c-path { width: auto; } .c-addr { width: 9.5em; } .c-score { width: 4em; } .c-bytes { width: 7.2em; } .c-exact { width: 10.5em; }
.c-ind { width: 9.5em; } .c-label { width: auto; } .c-blocked { width: 5em; } .c-time { width: 8.6em; } .c-cat { width: 11.5em; }
.c-bytes-exact { width: 9.6em; } .c-rule { width: 13em; } .c-by { width: 8em; } .c-entity { width: 7em; } .c-action { width: 8em; }
.nb { white-space: nowrap; }
th.num { white-space: normal; }
.evidence .source-main td { border-bottom: none; padding-bottom: 2px; }
.evidence .source-hash td { padding-top: 0; padding-bottom: 7px; border-bottom: 1px solid var(--rule); font-size: 11.5px; }
.hash-label { display: inline-block; font-size: 10px; font-weight: 700; letter-spacing: .05em; color: var(--muted); margin-right: 4px; }
.detections tr.group-start td { border-top: 1px solid var(--rule); }
.attacker-row td { background: #fdf3f2; }
.score { font-weight: 700; font-size: 14px; }
.parts { margin: 0; padding: 0; list-style: none; }
.parts li { margin: 0 0 2px; }
.points { display: inline-block; min-width: 3.6em; font-weight: 650; color: var(--bad); }
.rule-id { color: var(--muted); font-size: .82em; }
.cell-note p { margin: 2px 0 0; color: var(--muted); font-size: .94em; }

.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 10.5px; font-weight: 650; letter-spacing: .02em; white-space: nowrap; border: 1px solid transparent; }
td .badge { max-width: 100%; white-space: normal; overflow-wrap: anywhere; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.bad { color: var(--bad); background: var(--bad-bg); }
.badge.na { color: var(--na); background: var(--na-bg); }
.badge.todo { color: var(--muted); background: #fff; border-color: var(--rule); }
.tag { display: inline-block; padding: 0 6px; margin: 1px 0; border-radius: 3px; background: var(--soft); border: 1px solid var(--rule-soft); font-size: .88em; overflow-wrap: anywhere; }

.event { border: 1px solid var(--rule); border-left: 4px solid var(--accent); border-radius: 4px; padding: 10px 14px 12px; margin: 12px 0; break-inside: avoid; page-break-inside: avoid; }
.event-head { display: flex; gap: 10px; align-items: baseline; font-size: 12px; color: var(--muted); }
.event-time { font-weight: 650; color: var(--ink); }
.kind { text-transform: uppercase; font-size: 10px; letter-spacing: .06em; background: var(--soft); padding: 0 5px; border-radius: 3px; }
.event-summary { font-weight: 650; margin: 4px 0 6px; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 2px 12px; margin: 0 0 8px; font-size: 12.5px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; }
.facts dd p { margin: 0 0 4px; }
.arrow { color: var(--faint); }
pre.raw { margin: 0; padding: 8px 10px; background: var(--soft); border: 1px solid var(--rule-soft); border-radius: 3px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 11px; line-height: 1.45; }

.chart-figure { margin: 12px 0 8px; break-inside: avoid; page-break-inside: avoid; }
.chart-figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
figcaption, .table-note { font-size: 11.5px; color: var(--muted); margin-top: 4px; }
.table-note { margin-top: -6px; }
.baseline { padding: 8px 12px; background: var(--accent-soft); border-radius: 4px; }

.playbook { margin-bottom: 18px; }
.steps { margin: 4px 0 10px; padding-left: 1.6em; }
.step { margin: 0 0 10px; padding: 0 0 8px 4px; border-bottom: 1px solid var(--rule-soft); break-inside: avoid; page-break-inside: avoid; }
.step-head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.step-head .badge { min-width: 7.6em; text-align: center; }
.step-title { font-weight: 650; overflow-wrap: anywhere; }
.guidance { color: var(--muted); font-size: 12.5px; margin: 3px 0 4px; }
.reason { font-size: 12.5px; margin: 3px 0; }
.step-notes { border-left: 3px solid var(--rule); padding-left: 10px; margin: 4px 0; }
.step-notes p { margin: 0 0 4px; }
.step-evidence { margin: 4px 0; padding-left: 1.1em; font-size: 12.5px; }
.ev-kind { font-size: 10.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.who { font-size: 11.5px; color: var(--faint); margin: 2px 0 0; }

.kv { display: grid; grid-template-columns: 13em minmax(0, 1fr); gap: 6px 16px; margin: 8px 0 14px; }
.kv dt { color: var(--muted); font-weight: 600; }
.kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.kv dd p { margin: 0 0 6px; }
.kv > dt, .kv > dd { break-inside: avoid; }
.deadline { padding: 10px 14px; border-radius: 4px; background: var(--warn-bg); color: var(--warn); margin: 8px 0 12px; }
.deadline.overdue { background: var(--bad-bg); color: var(--bad); }
.gaps { border: 1px dashed var(--rule); border-radius: 4px; padding: 4px 14px; break-inside: avoid; }
.gaps ul { margin: 4px 0 8px; padding-left: 1.2em; }
.note-cut { color: var(--warn); font-weight: 600; }
#appendix { break-before: page; page-break-before: always; }
.report-footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--rule); font-size: 11px; color: var(--muted); }

@media (max-width: 760px) {
  .report { padding: 20px; margin: 0; }
  .key-facts, .kv, .meta { grid-template-columns: minmax(0, 1fr); }
}
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #5b6472; } }
@media print {
  body { background: #fff; font-size: 9.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 22pt; } h3 { font-size: 11pt; } h4 { font-size: 9pt; }
  table { font-size: 8.5pt; } th { font-size: 8pt; }
  .facts, .step-evidence, .guidance, .reason { font-size: 8.5pt; }
  pre.raw { font-size: 7.5pt; }
  .key-facts .big { font-size: 14pt; }
  .section { orphans: 3; widows: 3; }
  p { orphans: 3; widows: 3; }
}
`;
