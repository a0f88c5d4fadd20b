/**
 * Notification letters: a tiny placeholder language, safe by construction.
 *
 * A template is plain text written by the responder, with placeholders such as
 * `{{ party.name }}`, `{{ incident.discoveredAt | date }}` or `{{ party.fields.policy_number }}`.
 * A placeholder is a dot path into the context, optionally followed by filters (`| number`,
 * `| date`, `| upper`, `| list`, chainable). There is nothing else: no expressions, no
 * conditionals, no loops, no function calls; paths only see the context's own properties (never
 * `constructor` or `__proto__`).
 *
 * Values are inserted in a single pass over the template and never scanned again, so a party
 * named `{{ incident.summary }}` stays that literal text. Values are escaped for the target:
 * - `text`: inserted as they are (a plain-text letter has nothing to inject);
 * - `markdown`: the template text is passed through (it is the author's Markdown); values have
 *   every character that can start Markdown syntax backslash-escaped, so a hostile party name
 *   cannot become a link, an image, HTML, emphasis, a heading, a list or a table;
 * - `html`: the template is plain text, so the whole letter, template and values, is HTML-escaped;
 *   blank lines separate `<p>` paragraphs and single newlines become `<br>`.
 * In every target, control characters other than tab and newline are dropped from values.
 *
 * A placeholder whose path is not in the context (or is null, or is an object rather than a
 * value) renders as `[missing: path]` and is listed in `missing`, so the letter can be checked
 * before it is sent rather than silently going out with a gap.
 */

export type TemplateTarget = 'text' | 'markdown' | 'html';

/** What a letter template can refer to. Times are epoch milliseconds (UTC). */
export type TemplateContext = {
  incident: {
    name: string;
    organisation: string;
    discoveredAt: number;
    startedAt?: number;
    endedAt?: number;
    summary: string;
    attackerAddresses: string[];
    exfiltratedBytes: number;
    /** Who recipients should contact: a name, an address, a phone number. */
    contact: string;
    /** What the organisation has done and is doing about it. */
    measures: string;
  };
  party: {
    name: string;
    contact: string;
    categories: string[];
    /** Records of this party involved; null when the list did not say. */
    records: number | null;
    /** Every other column of the affected-parties list, keyed by its header. */
    fields: Record<string, string>;
  };
};

export interface RenderResult {
  output: string;
  /** Paths (or placeholders) that could not be filled, in order of first appearance, once each. */
  missing: string[];
}

/** The filters a placeholder may use. */
export const TEMPLATE_FILTERS = ['number', 'date', 'upper', 'list'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const FILTER = /^[a-z]+$/;

interface Placeholder {
  path: string;
  filters: string[];
}

/** Parses the inside of `{{ … }}`; undefined when it is not `path ( | filter )*`. */
function parsePlaceholder(inner: string): Placeholder | undefined {
  const [pathPart = '', ...filterParts] = inner.split('|').map((s) => s.trim());
  if (!PATH.test(pathPart)) return undefined;
  if (filterParts.some((f) => !FILTER.test(f))) return undefined;
  return { path: pathPart, filters: filterParts };
}

/** The distinct paths a template refers to, in order of first appearance (filters left off). */
export function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const p = parsePlaceholder(m[1] ?? '');
    if (p && !out.includes(p.path)) out.push(p.path);
  }
  return out;
}

/** Fills a template. Never throws on template or context content. */
export function renderTemplate(template: string, context: TemplateContext, target: TemplateTarget): RenderResult {
  const missing: string[] = [];
  const note = (what: string): void => {
    if (!missing.includes(what)) missing.push(what);
  };
  const escapeValue = target === 'markdown' ? escapeMarkdown : (s: string) => s;

  const filled = template.replace(PLACEHOLDER, (_whole, innerRaw: string) => {
    const inner = innerRaw.trim();
    const p = parsePlaceholder(inner);
    if (!p) {
      note(inner);
      return escapeValue(`[not a placeholder: ${inner}]`);
    }
    const unknown = p.filters.find((f) => !(TEMPLATE_FILTERS as readonly string[]).includes(f));
    if (unknown !== undefined) {
      note(inner);
      return escapeValue(`[unknown filter: ${unknown}]`);
    }
    let value = lookup(context, p.path);
    for (const f of p.filters) value = applyFilter(value, f as TemplateFilter);
    const text = printable(value);
    if (text === undefined) {
      note(p.path);
      return escapeValue(`[missing: ${p.path}]`);
    }
    return escapeValue(cleanValue(text));
  });

  return { output: target === 'html' ? toHtml(filled) : filled, missing };
}

/** Walks a dot path through the context's own properties (array items by index). */
function lookup(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key)) return undefined;
      cur = cur[Number(key)];
      continue;
    }
    const rec = cur as Record<string, unknown>;
    if (Object.hasOwn(rec, key)) {
      cur = rec[key];
      continue;
    }
    // Column headers written in a template as identifiers: `policy_number` finds "Policy number".
    const wanted = normaliseKey(key);
    const match = Object.keys(rec).find((k) => normaliseKey(k) === wanted);
    if (match === undefined) return undefined;
    cur = rec[match];
  }
  return cur;
}

function normaliseKey(k: string): string {
  return k.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
}

function applyFilter(value: unknown, filter: TemplateFilter): unknown {
  if (Array.isArray(value) && filter !== 'list') return value.map((v: unknown) => applyFilter(v, filter));
  switch (filter) {
    case 'list':
      return Array.isArray(value) ? value.map((v: unknown) => printable(v) ?? '').filter((s) => s !== '').join(', ') : value;
    case 'upper':
      return typeof value === 'string' ? value.toUpperCase() : value;
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
      return Number.isFinite(n) ? NUMBER_FORMAT.format(n) : value;
    }
    case 'date': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isFinite(ms) && !Number.isNaN(new Date(ms).getTime()) ? formatDate(ms) : value;
    }
  }
}

const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `YYYY-MM-DD HH:mm UTC`. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

/** Text for a value, or undefined when there is nothing printable (absent, null, an object). */
function printable(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v: unknown) => printable(v) ?? '').filter((s) => s !== '').join(', ');
  return undefined;
}

/** Newlines as \n; other C0 control characters and DEL dropped (tab kept). */
function cleanValue(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * Backslash-escapes a value for Markdown (CommonMark and GFM): every ASCII punctuation character
 * that can open syntax, anywhere in the value, plus list and heading markers at the start of any
 * line of it (a value may be inserted at the start of a line).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>#|~&!]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*)([-+=])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/** Escapes the five characters HTML gives meaning to in text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text to HTML: everything escaped, paragraphs at blank lines, `<br>` at other newlines. */
function toHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((para) => para.replace(/^\n+|\n+$/g, ''))
    .filter((para) => para.trim() !== '')
    .map((para) => `<p>${escapeHtml(para).replaceAll('\n', '<br>\n')}</p>`)
    .join('\n');
}

/**
 * The default notification letter, plain text with placeholders. Responders are expected to
 * adapt it (and have it checked by whoever advises them on notification duties).
 */
export const DEFAULT_LETTER_TEMPLATE = `Dear {{ party.name }},

We are writing to let you know about a security incident at {{ incident.organisation }} that involved some of your information. We are sorry that this has happened, and we want you to know what we know so far.

What happened
{{ incident.summary }}

We became aware of the incident on {{ incident.discoveredAt | date }}.

What information of yours was involved
Our investigation shows that the following kinds of information about you were affected: {{ party.categories | list }}.

What we are doing
{{ incident.measures }}

What you can do
Be careful with unexpected emails, calls or messages that mention this incident or ask for personal details, passwords or payment. We will never ask you for your password.
If a password of yours was involved, change it, and change it anywhere else you have used the same one.
Keep an eye on your accounts and statements, and tell your bank or the relevant provider straight away if you see anything you do not recognise.

Who to contact
If you have questions, or if you notice anything that may be connected to this incident, please contact {{ incident.contact }}.

Yours sincerely,

{{ incident.organisation }}
`;
