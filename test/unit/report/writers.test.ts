import { describe, expect, test } from 'vitest';
import type { ReportInput } from '../../../shared/report/model';
import {
  CHART_OTHER_COLOR, CHART_PALETTE, REPORT_SECTIONS, barsSvg, formatBytes, formatCount, formatDuration, formatExactBytes,
  formatTime, formatTimeRange, renderReportHtml, renderReportJson, renderReportMarkdown, sampleReportInput, stackedBarsSvg,
  valueTicks, visibleControls,
} from '../../../shared/report/writers';
import { code, fenced } from '../../../shared/report/writers/markdown';

const ATTACKER = '203.0.113.66';
const SECTION_IDS = REPORT_SECTIONS.map((s) => s.id);

/** Replaces every string in a value (deeply) by `fn(string, path)`; numbers, booleans and nulls stay. */
function mapStrings<T>(value: T, fn: (s: string, path: string) => string, path = ''): T {
  if (typeof value === 'string') return fn(value, path) as T;
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, fn, `${path}[${i}]`)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn, path ? `${path}.${k}` : k);
    return out as T;
  }
  return value;
}

const PAYLOADS = [
  (n: number) => `<script>alert("x${n}")</script>`,
  (n: number) => `<img src=x onerror=alert(${n})>`,
  (n: number) => `"><svg onload=alert(${n})>`,
  (n: number) => `javascript:alert(${n})`,
  (n: number) => `'><iframe srcdoc="<script>x${n}</script>">`,
];

/** The sample with a hostile payload appended to every string field; `markers` maps each field to its payload. */
function hostileSample(): { input: ReportInput; markers: Map<string, string> } {
  const markers = new Map<string, string>();
  let n = 0;
  const input = mapStrings(sampleReportInput(), (s, path) => {
    const payload = PAYLOADS[n % PAYLOADS.length]!(n);
    n++;
    markers.set(path, payload);
    return `${s}${payload}`;
  });
  return { input, markers };
}

/** What an HTML-escaped payload looks like in the output. */
function escaped(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function assertNoActiveContent(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<iframe/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<(?:object|embed|link|base|form|meta http-equiv="refresh")/i);
  // No tag carries an event handler, a URL attribute or a javascript: URL. Attribute values are
  // all double-quoted with quotes inside escaped, so dropping them leaves the attribute names.
  for (const tag of tagsOf(html)) {
    const names = tag.replace(/"[^"]*"/g, '""');
    expect(names).not.toMatch(/\son[a-z]+\s*=/i);
    expect(names).not.toMatch(/\s(?:src|href|xlink:href|action|srcdoc|formaction|background|poster)\s*=/i);
    expect(names).not.toMatch(/javascript:/i);
  }
}

/** The start tags of a document (`<name ...>`), comments and text excluded. */
function tagsOf(html: string): string[] {
  return html.match(/<[a-z][a-z0-9-]*(?:\s[^>]*)?>/gi) ?? [];
}

describe('format helpers', () => {
  test('bytes in binary units, one decimal, with the exact count on request', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(491_559_900)).toBe('468.8 MiB');
    expect(formatBytes(491_559_900, { exact: true })).toBe('468.8 MiB (491,559,900 bytes)');
    expect(formatBytes(1_059_203_505)).toBe('1.0 GiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(formatBytes(50 * 1024 ** 2, { trim: true })).toBe('50 MiB');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatExactBytes(1)).toBe('1 byte');
    expect(formatCount(19_996)).toBe('19,996');
  });

  test('times in UTC and in an IANA zone with a short offset name; unknown zones fall back to UTC', () => {
    const t = Date.UTC(2026, 2, 12, 3, 8, 20);
    expect(formatTime(t, 'UTC')).toBe('2026-03-12 03:08:20 UTC');
    expect(formatTime(t, 'Asia/Tokyo')).toBe('2026-03-12 12:08:20 GMT+9');
    expect(formatTime(t, 'America/New_York')).toBe('2026-03-11 23:08:20 GMT-4');
    expect(formatTime(t, 'Asia/Kolkata')).toBe('2026-03-12 08:38:20 GMT+5:30');
    expect(formatTime(t, 'Not/AZone')).toBe('2026-03-12 03:08:20 UTC');
    expect(formatTime(null, 'UTC')).toBe('—');
    expect(formatTimeRange(t, t + 3_600_000, 'UTC')).toBe('2026-03-12 03:08:20 – 04:08:20 UTC');
  });

  test('durations in the two largest units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(3 * 3_600_000 + 8 * 60_000 + 20_000)).toBe('3 h 8 min');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2 d 4 h');
  });

  test('control characters become visible pictures', () => {
    expect(visibleControls('a\u001b[31mb\u0000\r\nc\td')).toBe('a\u241b[31mb\u2400\nc\td');
  });
});

describe('SVG charts', () => {
  const buckets = [
    { t: Date.UTC(2026, 2, 12, 3, 0), values: [10 * 1024 ** 2, 0], other: 1024 ** 2 },
    { t: Date.UTC(2026, 2, 12, 3, 5), values: [90 * 1024 ** 2, 5 * 1024 ** 2], other: 1024 ** 2 },
    { t: Date.UTC(2026, 2, 12, 3, 10), values: [0, 0], other: 2 * 1024 ** 2 },
  ];

  test('stacked bars: role, title, legend, ticks and bars; nothing external', () => {
    const svg = stackedBarsSvg({
      buckets, series: [{ label: ATTACKER, color: CHART_PALETTE[0] }, { label: '198.51.100.9', color: CHART_PALETTE[1] }],
      otherColor: CHART_OTHER_COLOR, width: 720, height: 300, timeZone: 'UTC', valueFormat: 'bytes', title: 'Bytes out',
    });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="chart-stacked-title">Bytes out</title>');
    expect(svg).toContain(ATTACKER);
    expect(svg).toContain('100 MiB');
    expect(svg).toContain('03:05');
    expect(svg).toContain(`fill="${CHART_PALETTE[0]}"`);
    expect(svg).toContain(`fill="${CHART_OTHER_COLOR}"`);
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(5 + 3);
    expect(svg).not.toMatch(/href|url\(|<image|<script|<foreignObject/i);
  });

  test('hostile labels and colours are escaped or replaced, in text and in titles', () => {
    const evil = '<script>alert(1)</script>"><svg onload=alert(2)>';
    const svg = stackedBarsSvg({
      buckets, series: [{ label: evil, color: 'red" onmouseover="x' }, { label: 'b', color: 'url(https://x)' }],
      otherColor: 'javascript:1', otherLabel: evil, width: 720, height: 300, timeZone: '"><x>', title: evil, id: '"><x',
    });
    assertNoActiveContent(svg);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('onmouseover="');
    expect(svg).not.toContain('url(');
    const bars = barsSvg({ bars: [{ label: evil, value: 10, color: '#zzz' }], width: 400, title: evil });
    assertNoActiveContent(bars);
    expect(bars).toContain('&lt;svg onload=alert(2)&gt;');
  });

  test('an empty chart says so', () => {
    const svg = stackedBarsSvg({ buckets: [], series: [], width: 600, height: 200, timeZone: 'UTC' });
    expect(svg).toContain('No data to chart.');
    expect(barsSvg({ bars: [], width: 300 })).toContain('No data to chart.');
  });

  test('value ticks are round: binary units for bytes', () => {
    expect(valueTicks(100 * 1024 ** 2, 'bytes')).toEqual([0, 25, 50, 75, 100].map((n) => n * 1024 ** 2));
    expect(valueTicks(7, 'count')).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(0, 'bytes')).toEqual([0, 1]);
  });
});

describe('HTML report', () => {
  const input = sampleReportInput();
  const html = renderReportHtml(input);

  test('one self-contained document with a strict CSP', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toContain('@page');
    expect(html).toContain('display: table-header-group');
  });

  test('every section, in order, with its id and data-section', () => {
    expect(html).toContain('data-section="title"');
    let last = html.indexOf('data-section="title"');
    for (const id of SECTION_IDS) {
      const at = html.indexOf(`<section id="${id}" data-section="${id}"`);
      expect(at, id).toBeGreaterThan(last);
      last = at;
    }
  });

  test('the evidence, the attacker and the exfiltration total are all there', () => {
    for (const s of input.evidence) {
      expect(html).toContain(s.sha256);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(html).toContain(ATTACKER);
    expect(html).toContain('468.8 MiB');
    expect(html).toContain('491,559,900 bytes');
    expect(html).toContain(input.case.name);
    expect(html).toContain('<span>2026-03-12</span> <span>03:08:20 UTC</span>');
    expect(html).toContain('52.6 hours left');
    expect(html).toContain('2026-03-15</span> <span>14:03:11 UTC');
    // The chart is inline SVG with the charted destinations in its legend.
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('role="img"');
    expect(svg).toContain(ATTACKER);
    // Checklist states and a not-applicable reason.
    for (const label of ['To do', 'In progress', 'Done', 'Not applicable']) expect(html).toContain(`>${label}</span>`);
    expect(html).toContain('Tracked as a separate change');
    // Detection categories by their labels.
    expect(html).toContain('SQL injection');
    expect(html).toContain('JNDI lookup (Log4Shell)');
  });

  test('loads nothing: no scripts, no external URLs, no url() outside data:', () => {
    expect(html).not.toMatch(/<script/i);
    for (const tag of tagsOf(html)) expect(tag).not.toMatch(/\s(?:src|href)\s*=/i);
    // The only URL anywhere in a tag is the SVG namespace name, which is never fetched.
    const urls = tagsOf(html).flatMap((t) => t.match(/https?:\/\/[^\s"]*/g) ?? []);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    for (const m of html.matchAll(/url\(\s*['"]?([^'")]*)/gi)) expect(m[1]!.startsWith('data:')).toBe(true);
    expect(html).not.toMatch(/@import/i);
    assertNoActiveContent(html);
  });

  test('times follow the report time zone', () => {
    const tokyo = renderReportHtml({ ...sampleReportInput(), timeZone: 'Asia/Tokyo' });
    expect(tokyo).toContain('2026-03-12</span> <span>12:08:20 GMT+9');
    expect(tokyo).toContain('Asia/Tokyo (GMT+9)');
  });

  test('hostile strings in every field are escaped everywhere, the chart included', () => {
    const { input: hostile, markers } = hostileSample();
    const out = renderReportHtml(hostile);
    assertNoActiveContent(out);
    for (const raw of ['<script>alert(', '<img src=x', '<svg onload', '<iframe srcdoc']) expect(out).not.toContain(raw);
    // javascript: survives only as text, never as a URL (no tag has a URL attribute at all).
    expect(out).toContain('javascript:alert(');
    // Every field that the report shows is there, escaped. Not shown: step ids and their view
    // links, a step's phase (it picks the group) and its reason (shown only for a step that does
    // not apply, and the state is hostile here too; see the next test).
    const notShown = /^checklists\[\d+\]\.steps\[\d+\]\.(id|answers\[\d+\]|phase|reason)$/;
    // Paths may wrap after each slash: read the text without the wrapping hints.
    const text = out.replace(/<wbr>|<span class="nb">/g, '').replace(/<\/span>/g, '');
    const missing = [...markers].filter(([path, payload]) => !notShown.test(path) && !text.includes(escaped(payload)));
    expect(missing).toEqual([]);
    const svg = out.slice(out.indexOf('<svg'), out.indexOf('</svg>'));
    expect(svg).toContain(escaped(markers.get('exfiltration.charted[0]')!));
  });

  test('a hostile reason for a step that does not apply is escaped; steps of an unknown phase still show', () => {
    const i = sampleReportInput();
    const steps = i.checklists[0]!.steps;
    const na = steps.find((st) => st.state === 'not-applicable')!;
    na.reason = '<img src=x onerror=alert(1)>';
    (steps[0] as { phase: string }).phase = 'triage';
    const out = renderReportHtml(i);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('<h4>Other steps</h4>');
    expect(out).toContain(steps[0]!.title);
    assertNoActiveContent(out);
  });

  test('control characters in log text are shown, not passed through', () => {
    const input2 = sampleReportInput();
    input2.pinned[0]!.raw = 'GET /\u001b[2J\u0000 x';
    const out = renderReportHtml(input2);
    expect(out).toContain('GET /\u241b[2J\u2400 x');
    expect(out).not.toMatch(/[\u0000\u001b]/);
  });

  test('empty sections say so plainly', () => {
    const bare: ReportInput = {
      ...sampleReportInput(),
      summary: { ...sampleReportInput().summary, narrative: '', attackers: [], exfiltratedTo: [], attackStart: null },
      evidence: [], pinned: [], indicators: [], suspects: [], detections: [], checklists: [],
      exfiltration: { totalOut: 0, destinations: [], charted: [], bucketMs: 60_000, series: [], baseline: null },
      parties: { count: 0, records: 0, categories: [] }, regulator: null, audit: [], auditTotal: 0,
      methods: { ...sampleReportInput().methods, detectionRules: [] },
    };
    const out = renderReportHtml(bare);
    for (const text of [
      'No evidence has been imported into this case.', 'No events were pinned.', 'No indicators were recorded.',
      'No external address showed suspicious activity.', 'No request matched a detection rule.',
      'No bytes left the network to an external address in the evidence.', 'No playbook was followed in this case.',
      'No affected parties are listed.', 'No notification to a regulator has been drafted.', 'The audit trail is empty.',
      'No attacker address has been identified.',
    ]) expect(out, text).toContain(text);
    for (const id of SECTION_IDS) expect(out).toContain(`data-section="${id}"`);
  });

  test('a cut audit trail and an overdue deadline are stated', () => {
    const i = sampleReportInput();
    i.auditTotal = 250;
    i.regulator = { ...i.regulator!, hoursLeft: -5.25, overdue: true };
    const out = renderReportHtml(i);
    expect(out).toContain(`Showing the latest ${i.audit.length} of 250 entries`);
    expect(out).toContain('<strong>Overdue.</strong>');
    expect(out).toContain('5.3 hours before this report was generated');
  });
});

describe('Markdown report', () => {
  const input = sampleReportInput();
  const md = renderReportMarkdown(input);

  test('the same sections, in order', () => {
    expect(md.startsWith(`# Incident report: ${input.case.name}`)).toBe(true);
    let last = 0;
    for (const s of REPORT_SECTIONS) {
      const at = md.indexOf(`\n## ${s.number} ${s.title}\n`);
      expect(at, s.id).toBeGreaterThan(last);
      last = at;
    }
    for (const s of input.evidence) expect(md).toContain(s.sha256);
    expect(md).toContain('468.8 MiB (491,559,900 bytes)');
    expect(md).toContain('### Per destination');
    expect(md).not.toMatch(/(?<!\\)<svg/);
    expect(md).toContain('**Done:** Identify the external source addresses');
    expect(md).toContain('**Not applicable:** Add the missing controls');
  });

  test('table cells escape pipes and newlines; rows keep their column count', () => {
    const i = sampleReportInput();
    i.indicators[0]!.label = 'evil | label\nsecond line';
    i.indicators[0]!.note = 'a|b|c';
    i.indicators[0]!.value = '203.0.113.66|x`y';
    const out = renderReportMarkdown(i);
    const header = out.split('\n').find((l) => l.startsWith('| Indicator |'))!;
    const row = out.split('\n').find((l) => l.includes('evil'))!;
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(cells(row)).toBe(cells(header));
    expect(row).toContain('evil \\| label<br>second line');
    expect(row).toContain('a\\|b\\|c');
    expect(row).toContain('``203.0.113.66\\|x`y``');
  });

  test('raw records sit in fences longer than any backtick run inside them', () => {
    expect(fenced('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````');
    expect(fenced('plain')).toBe('```text\nplain\n```');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    const i = sampleReportInput();
    i.pinned[0]!.raw = 'GET /```\n```\nend';
    const out = renderReportMarkdown(i);
    expect(out).toContain('````text\nGET /```\n```\nend\n````');
  });

  test('hostile strings cannot become markup outside code', () => {
    const { input: hostile } = hostileSample();
    const out = renderReportMarkdown(hostile);
    // Strip fenced blocks and code spans, where text is shown literally.
    const prose = out.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
    expect(prose).not.toMatch(/(?<!\\)<(?:script|img|svg|iframe)/i);
    expect(prose).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(prose).toContain('\\<script\\>');
  });
});

describe('JSON report', () => {
  test('round-trips: the input plus the envelope, format first', () => {
    const input = sampleReportInput();
    const text = renderReportJson(input);
    expect(JSON.parse(text)).toEqual({ ...input, format: 'tidemark-report', schemaVersion: 1, generatedAtIso: '2026-03-13T09:30:00.000Z' });
    expect(Object.keys(JSON.parse(text) as object).slice(0, 4)).toEqual(['format', 'schemaVersion', 'generatedAt', 'generatedAtIso']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('key order does not depend on how the input was built', () => {
    const a = sampleReportInput();
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).reverse().concat(...collectKeys(a)))) as ReportInput;
    const reordered = mapStrings(b, (s) => s);
    expect(renderReportJson(reordered)).toBe(renderReportJson(a));
  });
});

function collectKeys(v: unknown, out = new Set<string>()): string[] {
  if (Array.isArray(v)) v.forEach((x) => collectKeys(x, out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); collectKeys(x, out); }
  return [...out].reverse();
}
