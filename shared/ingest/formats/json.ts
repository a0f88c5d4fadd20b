import { createLineSplitter, headLines, tooLong } from './lines';
import { applyMapping, flatten, suggestMapping } from './mapping';
import type { FieldMapping } from '../../model/format';
import type { FormatModule, ParseOutcome, ParserContext, RecordParser, RecordSplitter, TextRecord } from './types';

/** Keys under which exports wrap their array of records (CloudTrail uses `Records`). */
const WRAPPER_KEYS = ['Records', 'records', 'events', 'Events', 'data', 'items', 'logs', 'hits'];

/** Parses one JSON object record and maps it, guessing the mapping from its own keys if none was given. */
function createObjectParser(ctx: ParserContext): RecordParser {
  const guessed = new Map<string, FieldMapping>();
  return {
    parse(record): ParseOutcome {
      const text = record.text.trim();
      if (text.length === 0) return { kind: 'skip' };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return { kind: 'reject', reason: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { kind: 'reject', reason: 'Expected a JSON object' };
      }
      const flat = flatten(value as Record<string, unknown>);
      let mapping = ctx.mapping;
      if (!mapping) {
        const keys = Object.keys(flat);
        const sig = keys.join('\u0000');
        mapping = guessed.get(sig);
        if (!mapping) {
          mapping = suggestMapping(keys);
          if (guessed.size < 1000) guessed.set(sig, mapping);
        }
      }
      return applyMapping(flat, mapping, ctx.timeZone);
    },
  };
}

function firstObject(head: string): Record<string, string> | null {
  for (const line of headLines(head, 5)) {
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) return flatten(v as Record<string, unknown>);
    } catch { /* try the next line */ }
  }
  return null;
}

export const ndjson: FormatModule = {
  id: 'ndjson',
  label: 'NDJSON (one JSON object per line)',
  version: '1',
  sniff(head) {
    const lines = headLines(head, 10);
    if (lines.length === 0 || !lines[0]!.trimStart().startsWith('{')) return null;
    const ok = lines.filter((l) => { try { const v: unknown = JSON.parse(l); return !!v && typeof v === 'object'; } catch { return false; } }).length;
    if (ok / lines.length < 0.5) return null;
    const obj = firstObject(head);
    const columns = obj ? Object.keys(obj) : [];
    const mapping = suggestMapping(columns);
    return { format: 'ndjson', confidence: mapping.ts ? 0.75 : 0.5, columns, mapping };
  },
  createSplitter: createLineSplitter,
  createParser: createObjectParser,
};

/**
 * Cuts a JSON document into the elements of its record array: a top-level array, or an array
 * under a wrapper key of a top-level object. Tracks strings and escapes so brackets inside
 * values do not count; each element keeps the line it starts on.
 */
export function createJsonArraySplitter(maxRecordChars: number): RecordSplitter {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let arrayDepth = -1; // depth inside the records array, once found
  let recStart = -1;
  let recLine = 0;
  let line = 1;
  let buf = '';
  let lastKey = '';
  let keyStart = -1;
  const out: TextRecord[] = [];
  const scan = (text: string) => {
    buf += text;
    let i = buf.length - text.length;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (keyStart >= 0) { lastKey = buf.slice(keyStart, i); keyStart = -1; }
        } else if (c === 10) line++;
        continue;
      }
      if (c === 10) { line++; continue; }
      if (c === 34) {
        inString = true;
        // Remember a key of the top-level object, to recognise wrapper keys.
        if (depth === 1 && arrayDepth < 0) keyStart = i + 1;
        continue;
      }
      if (c === 91 /* [ */ || c === 123 /* { */) {
        depth++;
        if (arrayDepth < 0 && c === 91 && (depth === 1 || (depth === 2 && WRAPPER_KEYS.includes(lastKey)))) {
          arrayDepth = depth;
        } else if (arrayDepth >= 0 && depth === arrayDepth + 1 && recStart < 0) {
          recStart = i;
          recLine = line;
        }
      } else if (c === 93 /* ] */ || c === 125 /* } */) {
        if (arrayDepth >= 0 && depth === arrayDepth + 1 && recStart >= 0) {
          if (i + 1 - recStart > maxRecordChars) throw tooLong(recLine, maxRecordChars);
          out.push({ text: buf.slice(recStart, i + 1), line: recLine });
          recStart = -1;
        }
        if (depth === arrayDepth) arrayDepth = -2; // the records array is closed; ignore the rest
        depth--;
      }
    }
    // Keep only what an unfinished record still needs.
    if (recStart >= 0) {
      if (buf.length - recStart > maxRecordChars) throw tooLong(recLine, maxRecordChars);
      buf = buf.slice(recStart);
      if (keyStart >= 0) keyStart -= recStart;
      recStart = 0;
    } else if (keyStart >= 0) {
      // A key of the top-level object is still open; keep its text.
      buf = buf.slice(keyStart);
      keyStart = 0;
    } else {
      buf = '';
    }
  };
  return {
    push(chunk) {
      out.length = 0;
      scan(chunk);
      return out.splice(0);
    },
    end() {
      return [];
    },
  };
}

export const jsonArray: FormatModule = {
  id: 'json-array',
  label: 'JSON array of records',
  version: '1',
  sniff(head) {
    const t = head.trimStart();
    if (t.startsWith('[')) {
      const m = /^\[\s*\{/.exec(t);
      return m ? { format: 'json-array', confidence: 0.7, ...columnsOf(t.slice(t.indexOf('{'))) } : null;
    }
    if (t.startsWith('{')) {
      const key = new RegExp(`^\\{\\s*"(${WRAPPER_KEYS.join('|')})"\\s*:\\s*\\[`).exec(t);
      if (key) return { format: 'json-array', confidence: 0.8, ...columnsOf(t.slice(t.indexOf('{', 1))) };
    }
    return null;
  },
  createSplitter: createJsonArraySplitter,
  createParser: createObjectParser,
};

/** Columns of the first complete object in the head, if it fits. */
function columnsOf(text: string): { columns?: string[]; mapping?: FieldMapping } {
  const splitter = createJsonArraySplitter(1 << 20);
  const recs = splitter.push(`[${text}`);
  const first = recs[0];
  if (!first) return {};
  try {
    const columns = Object.keys(flatten(JSON.parse(first.text) as Record<string, unknown>));
    return { columns, mapping: suggestMapping(columns) };
  } catch {
    return {};
  }
}
