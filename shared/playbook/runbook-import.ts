import { LIMITS, PLAYBOOK_ANSWERS, parsePlaybook } from './schema';
import type { Playbook, PlaybookAnswer, PlaybookPhase, PlaybookStep } from './schema';

/**
 * Turns a vendor's alert runbook into a playbook. Reads plain text copied from a web page (a title
 * line, prose, a line "Investigation" then numbered items, a line "Resolution" then numbered items,
 * with page chrome and bullet lists around them) and Markdown (`#` headings, `1.` or `1)` lists,
 * items wrapped over several lines, inline markup). See docs/playbook-format.md.
 *
 * Each numbered item becomes a step: its title a short form of the item, its guidance the whole
 * item, its `answers` guessed from keywords. Throws an Error naming what is missing when the text
 * has no numbered Investigation list or no numbered Resolution list.
 */
export function importRunbook(text: string, opts: { id?: string; source?: string } = {}): Playbook {
  if (text.length > MAX_RUNBOOK_CHARS) {
    throw new Error(`The runbook is too long to import (${text.length} characters; at most ${MAX_RUNBOOK_CHARS}).`);
  }
  const doc = scan(text);
  const investigation = doc.items.investigation;
  const resolution = doc.items.resolution;
  if (investigation.length === 0 || resolution.length === 0) throw new Error(missingListsMessage(doc));
  const count = investigation.length + resolution.length;
  if (count > LIMITS.steps) {
    throw new Error(`The runbook has ${count} numbered steps; a playbook holds at most ${LIMITS.steps}.`);
  }

  const title = doc.title ?? 'Imported runbook';
  const steps: PlaybookStep[] = [];
  for (const [phase, items] of [
    ['investigation', investigation],
    ['resolution', resolution],
  ] as const) {
    items.forEach((item, index) => {
      const guidance = clip(item, LIMITS.guidanceChars);
      const answers = inferAnswers(item);
      steps.push({
        id: `${phase === 'investigation' ? 'inv' : 'res'}-${index + 1}`,
        phase,
        title: shortTitle(item),
        guidance,
        ...(answers.length > 0 ? { answers } : {}),
      });
    });
  }

  const playbook = {
    format: 'tidemark-playbook',
    version: 1,
    id: opts.id ?? slug(title),
    title: shortTitle(title, LIMITS.titleChars),
    summary: clip(doc.summary ?? `Steps imported from the runbook "${title}".`, LIMITS.summaryChars),
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    steps,
  };
  return parsePlaybook(playbook);
}

/** Runbooks are a page or two; anything far larger is not one. */
export const MAX_RUNBOOK_CHARS = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Reading the document

interface Scanned {
  title: string | undefined;
  summary: string | undefined;
  items: Record<PlaybookPhase, string[]>;
  /** Phases whose heading was seen, with or without a list under it. */
  headed: Set<PlaybookPhase>;
  /** Numbered items seen outside an Investigation or Resolution section. */
  strayItems: number;
}

interface OpenItem {
  phase: PlaybookPhase;
  /** Column where the item's text starts; deeper lines after a blank belong to it. */
  contentIndent: number;
  parts: string[];
}

const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;
const BULLET = /^(\s*)(?:[•◦▪▫‣⁃·●○■□–—]|[-*+](?=\s))\s*(.*)$/;
const ATX_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

function scan(input: string): Scanned {
  const lines = preprocess(input);
  const items: Record<PlaybookPhase, string[]> = { investigation: [], resolution: [] };
  const headed = new Set<PlaybookPhase>();
  /** Per phase: whether its first list has ended, and the last item number seen. */
  const listState: Record<PlaybookPhase, { ended: boolean; last: number }> = {
    investigation: { ended: false, last: 0 },
    resolution: { ended: false, last: 0 },
  };
  // Mutable state kept in one object: the helpers below change it, which plain `let`s would hide
  // from the compiler's narrowing.
  const st: { section: PlaybookPhase | 'other' | 'preamble'; open: OpenItem | null } = { section: 'preamble', open: null };
  let blankBefore = false;
  let inFence = false;
  let strayItems = 0;

  // Before the first phase section: headings and paragraphs, for the title and summary.
  const preamble: Array<{ kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; lines: string[] }> = [];
  let paragraph: string[] | null = null;

  const closeItem = () => {
    if (!st.open) return;
    const text = collapse(st.open.parts.join(' '));
    if (text) items[st.open.phase].push(text);
    st.open = null;
  };
  const endList = () => {
    closeItem();
    if (st.section === 'investigation' || st.section === 'resolution') {
      if (items[st.section].length > 0) listState[st.section].ended = true;
    }
  };
  const enter = (next: PlaybookPhase | 'other') => {
    endList();
    paragraph = null;
    st.section = next;
    if (next !== 'other') headed.add(next);
  };

  for (const raw of lines) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      endList();
      paragraph = null;
      continue;
    }
    if (inFence) continue;

    if (raw.trim() === '') {
      blankBefore = true;
      paragraph = null;
      continue;
    }
    const wasBlank = blankBefore;
    blankBefore = false;
    const indent = raw.length - raw.trimStart().length;

    const heading = ATX_HEADING.exec(raw);
    if (heading) {
      const text = inline(heading[2] ?? '');
      const phase = phaseOf(text, true);
      if (st.section === 'preamble' && !phase) {
        preamble.push({ kind: 'heading', level: heading[1]?.length ?? 1, text });
        paragraph = null;
        continue;
      }
      enter(phase ?? 'other');
      continue;
    }
    if (RULE.test(raw)) {
      endList();
      paragraph = null;
      continue;
    }

    const numbered = NUMBERED.exec(raw);
    if (numbered) {
      const markerIndent = numbered[1]?.length ?? 0;
      const number = Number(numbered[2]);
      const body = numbered[3] ?? '';
      paragraph = null;
      if (st.open && markerIndent >= st.open.contentIndent) {
        // A numbered list nested inside an item: part of that item's text.
        st.open.parts.push(inline(body));
        continue;
      }
      closeItem();
      if (st.section !== 'investigation' && st.section !== 'resolution') {
        strayItems += 1;
        continue;
      }
      const state = listState[st.section];
      // Once a section's list has ended, only a list that carries on its numbering belongs to it;
      // a fresh "1." further down (related links, footer lists) does not.
      if (state.ended && number !== state.last + 1) continue;
      state.ended = false;
      state.last = number;
      st.open = { phase: st.section, contentIndent: raw.length - body.length, parts: [inline(body)] };
      continue;
    }

    const bullet = BULLET.exec(raw);
    if (bullet) {
      paragraph = null;
      // Bullets nested in an item are skipped without ending it; others end the list.
      if (st.open && indent >= st.open.contentIndent) continue;
      endList();
      continue;
    }

    const text = inline(raw);
    if (indent <= 3 && !(st.open && !wasBlank)) {
      const phase = phaseOf(text, false);
      if (phase) {
        enter(phase);
        continue;
      }
    }
    if (st.open) {
      if (!wasBlank || indent >= st.open.contentIndent) {
        st.open.parts.push(text);
        continue;
      }
      endList();
    } else if (st.section === 'investigation' || st.section === 'resolution') {
      if (items[st.section].length > 0) endList();
    }
    if (st.section === 'preamble' && text) {
      if (paragraph) paragraph.push(text);
      else {
        paragraph = [text];
        preamble.push({ kind: 'paragraph', lines: paragraph });
      }
    }
  }
  closeItem();

  const { title, summary } = titleAndSummary(preamble);
  return { title, summary, items, headed, strayItems };
}

/** Line endings, tabs, odd spaces, front matter, HTML comments; setext headings made ATX. */
function preprocess(input: string): string[] {
  let text = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\u2060]/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  text = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  const lines = text.split('\n').map((line) => line.replace(/\t/g, '    ').replace(/\s+$/, ''));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1];
    const previous = out.length > 0 ? (out[out.length - 1] ?? '') : '';
    const setext = next !== undefined ? /^\s{0,3}(=+|-+)$/.exec(next) : null;
    if (
      setext &&
      line.trim() !== '' &&
      !NUMBERED.test(line) &&
      !BULLET.test(line) &&
      !ATX_HEADING.test(line) &&
      (previous.trim() === '' || ATX_HEADING.test(previous))
    ) {
      out.push(`${setext[1]?.startsWith('=') ? '#' : '##'} ${line.trim()}`);
      i += 1;
      continue;
    }
    out.push(line);
  }
  return out;
}

/**
 * Which phase a heading or a standalone line opens. A heading only has to mention it ("## How to
 * investigate"); a plain line must be little more than the word ("Investigation", "Resolution
 * steps:"), so prose that happens to say "investigate" opens nothing.
 */
function phaseOf(text: string, isHeading: boolean): PlaybookPhase | undefined {
  const t = text.toLowerCase().replace(/[\s:.\-–—]+$/, '').trim();
  if (isHeading) {
    if (/\b(investigat\w*|triage)\b/.test(t)) return 'investigation';
    if (/\b(resolution|resolv\w*|remediat\w*|mitigat\w*|containment|recovery|response|respond)\b/.test(t)) return 'resolution';
    return undefined;
  }
  const lead = String.raw`^(?:(?:how to|steps to|steps for|to)\s+)?`;
  const tail = String.raw`(?:\s+(?:steps|the alert|this alert))?$`;
  if (new RegExp(`${lead}(?:investigation|investigating|investigate|triage)${tail}`).test(t)) return 'investigation';
  if (new RegExp(`${lead}(?:resolution|resolving|resolve|remediation|remediate|mitigation|containment|response)${tail}`).test(t)) {
    return 'resolution';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Title and summary

/** Navigation, footer and feedback lines a copied web page brings along. */
const CHROME: RegExp[] = [
  /^skip to\b/i,
  /^(?:skip|toggle) navigation$/i,
  /^(?:menu|search|search docs|sign in|sign up|log in|login|logout|home|docs|documentation|contents|table of contents|on this page|in this article|back to top|print|share|edit this page|feedback|previous|next|yes|no|close|copy|copied!?)$/i,
  /^(?:was this (?:page|article|topic) helpful|did this (?:page|article) help)/i,
  /^(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved)/i,
  /^(?:last (?:updated|modified|edited)|updated on|published)\b/i,
  /^(?:cookie|we use cookies|accept(?: all)? cookies|privacy policy|terms of (?:use|service))/i,
];

function isChrome(line: string): boolean {
  const t = line.trim();
  return CHROME.some((pattern) => pattern.test(t)) || isBreadcrumb(t);
}

/** "Docs > Alerts > Network": short parts without sentence punctuation between separators. */
function isBreadcrumb(line: string): boolean {
  if (line.length > 200) return false;
  const parts = line.split(/\s[>›»/|]\s/);
  return parts.length > 1 && parts.every((part) => part.length > 0 && part.length <= 60 && !/[.!?]/.test(part));
}

/** A lone short line without closing punctuation reads as a heading ("Why this alert is important"). */
function isHeadingLike(lines: string[]): boolean {
  const only = lines[0] ?? '';
  return lines.length === 1 && only.length <= 80 && !/[.!?:;]$/.test(only);
}

function titleAndSummary(
  preamble: Array<{ kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; lines: string[] }>,
): { title: string | undefined; summary: string | undefined } {
  const blocks = preamble
    .map((block) =>
      block.kind === 'heading' ? block : { kind: 'paragraph' as const, lines: block.lines.filter((line) => !isChrome(line)) },
    )
    .filter((block) => (block.kind === 'heading' ? block.text !== '' && !isChrome(block.text) : block.lines.length > 0));

  let title: string | undefined;
  let titleBlock: (typeof blocks)[number] | undefined;
  const h1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  const first = h1 ?? blocks[0];
  if (first?.kind === 'heading') {
    title = first.text;
    titleBlock = first;
  } else if (first?.kind === 'paragraph') {
    title = first.lines[0];
    titleBlock = first;
  }

  let summary: string | undefined;
  for (const block of blocks) {
    if (block.kind !== 'paragraph') continue;
    const lines = block === titleBlock ? block.lines.slice(1) : block.lines;
    if (lines.length === 0 || isHeadingLike(lines)) continue;
    const text = collapse(lines.join(' '));
    if (text.endsWith(':')) continue; // a lead-in to a list, not a summary
    summary = text;
    break;
  }
  if (title !== undefined && /[.!?]$/.test(title) && title.length > 100) title = shortTitle(title);
  return { title: title ? collapse(title) : undefined, summary };
}

function missingListsMessage(doc: Scanned): string {
  const want =
    'The importer looks for a line or heading "Investigation" followed by a numbered list ("1." or "1)"), ' +
    'and a line or heading "Resolution" followed by another.';
  const inv = doc.items.investigation.length;
  const res = doc.items.resolution.length;
  if (inv === 0 && res === 0) {
    if (doc.headed.size > 0) {
      const headings = [...doc.headed].map(capitalise);
      return `No numbered steps found under the ${headings.join(' or ')} heading${headings.length > 1 ? 's' : ''}. ${want}`;
    }
    if (doc.strayItems > 0) {
      return `Found ${doc.strayItems} numbered items but no "Investigation" or "Resolution" section to put them in. ${want}`;
    }
    return `No Investigation or Resolution list found in the runbook. ${want}`;
  }
  const missing: PlaybookPhase = inv === 0 ? 'investigation' : 'resolution';
  const found = inv === 0 ? `${res} resolution` : `${inv} investigation`;
  const detail = doc.headed.has(missing)
    ? `its "${capitalise(missing)}" heading has no numbered items under it`
    : `it has no "${capitalise(missing)}" line or heading`;
  return `Found ${found} step${(inv || res) === 1 ? '' : 's'} but no ${capitalise(missing)} list: ${detail}. ${want}`;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Markdown and HTML inline markup reduced to its text. */
function inline(text: string): string {
  return collapse(
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images
      .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, '$1') // [text](url "title")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1') // <https://…>
      .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g, '') // HTML tags
      .replace(/(`+)([^`]{0,300}?)\1/g, '$2')
      // Emphasis spans are bounded so that a line full of stray asterisks stays linear.
      .replace(/(\*\*|__)(?=\S)(.{0,300}?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*]{0,300}?\S)\*(?![\w*])/g, '$1$2')
      .replace(/(^|[^\w])_(?=\S)([^_]{0,300}?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)(.{0,300}?\S)~~/g, '$1')
      .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, '$1')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#0?39;|&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text cut at a word boundary to at most `max` characters, marked with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|no|fig)\.$/i;

function firstSentence(text: string): string {
  const re = /[.!?](?=\s+["'(“‘]?[A-Z0-9])/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const head = text.slice(0, match.index + 1);
    if (!ABBREVIATIONS.test(head)) return head;
  }
  return text;
}

/** Words a title should not end on, and words a title may be cut before. */
const DANGLING = new Set(
  ('a an the of to and or for with in on by from that which who if as at into about against than so such ' +
    'any all some its their your our this these those is are was were be been determine identify ensure ' +
    'check see find confirm verify establish including via'
  ).split(' '),
);
const BREAK_BEFORE = new Set(
  ('of to that which who for with in on by from if and or during because so such including when where while ' +
    'whether before after until unless via using into against as within without across through'
  ).split(' '),
);

/**
 * A short imperative from an item: its first sentence when that is short enough; otherwise its
 * first clause; otherwise cut before a linking word ("of", "to", "that", …) so the title ends on
 * a whole phrase, without trailing filler words. A leading condition ("If data was taken, notify
 * …") gives way to the instruction, and examples ("such as …") are left to the guidance.
 */
export function shortTitle(text: string, max = 80): string {
  let title = firstSentence(collapse(text)).replace(/[.!?:;,]+$/, '');
  let cut = false;
  const condition = /^(?:if|when|once|after|before|where|while|unless|until|should|as soon as)\b[^,]{3,}?,\s+(.{15,})$/i.exec(title);
  if (condition?.[1]) title = capitalise(condition[1]);
  if (title.length > max) {
    const clause = /^(.{20,}?)(?:[,;:]\s|\s[–—-]\s|\s\()/.exec(title);
    if (clause?.[1] && clause[1].length <= max) {
      title = clause[1];
      cut = true;
    }
  }
  const example = /^(.{20,}?)\s(?:such as|including|e\.g\.|for example|like)\s/.exec(title);
  if (example?.[1] && title.length > 60) {
    title = example[1];
    cut = true;
  }
  if (title.length > max) {
    const words = title.split(' ');
    let best = '';
    let length = 0;
    for (let i = 0; i < words.length; i++) {
      length += (i > 0 ? 1 : 0) + (words[i] ?? '').length;
      if (length > max) break;
      const next = words[i + 1];
      if (length >= 20 && next !== undefined && BREAK_BEFORE.has(next.toLowerCase())) best = words.slice(0, i + 1).join(' ');
    }
    title = best || title.slice(0, max + 1).replace(/\s+\S*$/, '');
    cut = true;
  }
  if (cut) {
    // Do not leave the title hanging on "the", "of", "to determine".
    const words = title.split(' ');
    while (words.length > 2 && DANGLING.has((words[words.length - 1] ?? '').toLowerCase().replace(/[^\w]/g, ''))) words.pop();
    title = words.join(' ').replace(/[\s,;:–—-]+$/, '');
  }
  return title.length > max ? clip(title, max) : title;
}

/** Playbook id from a title: lower-case words joined by hyphens, cut at a word. */
function slug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let id = '';
  for (const word of words) {
    const next = id ? `${id}-${word}` : word;
    if (next.length > 60) break;
    id = next;
  }
  return id || 'imported-runbook';
}

// ---------------------------------------------------------------------------------------------
// Which views answer a step

const ANSWER_KEYWORDS: Array<[RegExp, PlaybookAnswer[]]> = [
  [/\bip address|\bsource (?:ip|address)|\bsources?\b|\bexternal (?:client|host|address)|\bremote (?:host|address)|\battacker'?s? (?:ip|address)/, ['suspects']],
  [/reputation|threat[- ]intel|geo-?location|geo-?ip|\bwhois\b|block ?list|known[- ]malicious/, ['reputation']],
  [/\bindicators?\b|\biocs?\b/, ['indicators']],
  [/\blogs?\b|\brequests?\b|unauthori[sz]ed|suspicious activity|exploit(?:ation|ed)? attempt/, ['detections', 'timeline']],
  [/\btimeline\b|\bchronolog/, ['timeline']],
  [/exfiltrat|data transfers?|data (?:was |were )?exported|\bexport(?:ed)? (?:the )?data|\btransfers? of data|compromised|\bstolen\b|\bleak(?:ed|age)?\b|data (?:was|were|is) (?:lost|taken)/, ['exfiltration']],
  [/disconnect|\bblock(?:s|ed|ing)?\b|\bdeny\b|\bblacklist|\bquarantine/, ['block-rules', 'indicators']],
  [/\bnotif(?:y|ied|ication)|affected (?:parties|users|customers|individuals|people)|\bregulator|\bdisclos/, ['affected-parties', 'regulator']],
  [/\bpreserve|\bevidence\b|\bforensic|chain of custody|\bsnapshot/, ['evidence']],
];

/** The app views that help answer a step, guessed from its wording, in the schema's order. */
export function inferAnswers(text: string): PlaybookAnswer[] {
  const t = text.toLowerCase();
  const found = new Set<PlaybookAnswer>();
  for (const [pattern, answers] of ANSWER_KEYWORDS) if (pattern.test(t)) for (const answer of answers) found.add(answer);
  return PLAYBOOK_ANSWERS.filter((answer) => found.has(answer));
}
