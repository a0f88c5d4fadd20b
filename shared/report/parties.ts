import Papa from 'papaparse';

/**
 * The list of affected parties (people or organisations to notify), read from a CSV the
 * organisation exports from its customer or HR systems.
 *
 * Columns are recognised by their header, case and punctuation aside: the name ("Name", "Full
 * name", …, or a first-name and a last-name column together), the contact ("Email", "Contact",
 * …; an email column wins over a general contact column), the data categories ("Data
 * categories", "Categories", …; several per cell, split at `;` or `,`) and the number of records
 * ("Records", "Records affected", …). Every other column is kept in `fields` under its original
 * header, for letter placeholders such as `{{ party.fields.policy_number }}`.
 *
 * The separator is a comma, or a semicolon or tab when the header line uses those instead.
 *
 * Each data row becomes either a party or an error naming its line; nothing is dropped silently.
 * Only rows with no content at all (blank lines, or only separators) are skipped.
 */

export interface AffectedParty {
  name: string;
  /** Email address or other contact; empty when the list has none. */
  contact: string;
  categories: string[];
  /** Records involved; null when the list has no such column or the cell is empty. */
  records: number | null;
  /** The other columns, keyed by their header as written in the file. */
  fields: Record<string, string>;
  /** The line of the file the row starts on (1 is the header). */
  line: number;
}

export interface PartyParseError {
  line: number;
  message: string;
}

export interface PartiesParseResult {
  parties: AffectedParty[];
  errors: PartyParseError[];
}

/** Header spellings (normalised: lower case, words separated by one space) per role. */
const NAME_HEADERS = ['name', 'full name', 'fullname', 'party', 'party name', 'affected party', 'customer name', 'client name', 'person', 'data subject', 'subject name', 'display name', 'recipient', 'recipient name'];
const FIRST_NAME_HEADERS = ['first name', 'firstname', 'given name', 'forename'];
const LAST_NAME_HEADERS = ['last name', 'lastname', 'surname', 'family name'];
const EMAIL_HEADERS = ['email', 'e mail', 'email address', 'e mail address', 'mail', 'contact email', 'email contact'];
const CONTACT_HEADERS = ['contact', 'contact details', 'contact address', 'contact info', 'contact information'];
const CATEGORY_HEADERS = ['data categories', 'categories', 'category', 'data category', 'data types', 'data type', 'data affected', 'affected data', 'data involved', 'information involved', 'personal data', 'data'];
const RECORD_HEADERS = ['records', 'records affected', 'affected records', 'record count', 'records count', 'number of records', 'no of records', 'records exposed', 'records involved', 'count'];

function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Parses the CSV text of an affected-parties list. */
export function parsePartiesCsv(text: string): PartiesParseResult {
  const parties: AffectedParty[] = [];
  const errors: PartyParseError[] = [];
  // One newline convention, so Papa does not guess from the first line of a mixed file.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

  // Rows with the line each starts on (rows may span lines inside quotes).
  const rows: Array<{ cells: string[]; line: number }> = [];
  let line = 1;
  let start = 0;
  Papa.parse<string[]>(body, {
    header: false,
    newline: '\n',
    delimiter: delimiterOf(body),
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      rows.push({ cells: result.data, line });
      for (const e of result.errors) errors.push({ line, message: `Unreadable CSV: ${e.message}.` });
      for (let i = start; i < end && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
      start = end;
    },
  });

  const headerRow = rows.shift();
  if (!headerRow || headerRow.cells.every((c) => c.trim() === '')) {
    errors.push({ line: 1, message: 'The file is empty; the first line should name the columns (Name, Email, Data categories, Records).' });
    return { parties, errors };
  }

  const header = headerRow.cells.map((h) => h.trim());
  const norm = header.map(normaliseHeader);
  const used = new Set<number>();
  const pick = (names: readonly string[]): number | undefined => {
    for (const n of names) {
      const i = norm.findIndex((h, idx) => h === n && !used.has(idx));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return undefined;
  };
  const nameCol = pick(NAME_HEADERS);
  const firstCol = nameCol === undefined ? pick(FIRST_NAME_HEADERS) : undefined;
  const lastCol = nameCol === undefined ? pick(LAST_NAME_HEADERS) : undefined;
  const contactCol = pick(EMAIL_HEADERS) ?? pick(CONTACT_HEADERS);
  const categoryCol = pick(CATEGORY_HEADERS);
  const recordsCol = pick(RECORD_HEADERS);

  if (nameCol === undefined && firstCol === undefined && lastCol === undefined) {
    errors.push({
      line: headerRow.line,
      message: `No column holds the party's name; name one "Name" or "Full name" (the columns are: ${header.join(', ') || 'none'}).`,
    });
    return { parties, errors };
  }

  // Every other column goes to fields under its header; blank or repeated headers get a suffix.
  const fieldKeys = new Map<number, string>();
  header.forEach((h, i) => {
    if (used.has(i)) return;
    let key = h === '' ? `Column ${i + 1}` : h;
    const base = key;
    for (let n = 2; [...fieldKeys.values()].includes(key); n++) key = `${base} (${n})`;
    fieldKeys.set(i, key);
  });

  const erroredLines = new Set(errors.map((e) => e.line));
  for (const row of rows) {
    const cells = row.cells;
    if (cells.every((c) => c.trim() === '')) continue;
    if (erroredLines.has(row.line)) continue; // already reported as unreadable
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim() !== '')) {
      errors.push({ line: row.line, message: `The row has ${cells.length} cells but the header names ${header.length} columns.` });
      continue;
    }
    const cell = (i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? '').trim());

    const name = nameCol !== undefined ? cell(nameCol) : [cell(firstCol), cell(lastCol)].filter((s) => s !== '').join(' ');
    if (name === '') {
      errors.push({ line: row.line, message: 'The row has no name, so no letter can be addressed to it.' });
      continue;
    }

    const recordsText = cell(recordsCol);
    const records = parseRecordCount(recordsText);
    if (records === undefined) {
      errors.push({ line: row.line, message: `"${recordsText}" is not a number of records; write a whole number such as 12, or leave the cell empty.` });
      continue;
    }

    const fields: Record<string, string> = {};
    for (const [i, key] of fieldKeys) fields[key] = cell(i);

    parties.push({ name, contact: cell(contactCol), categories: splitCategories(cell(categoryCol)), records, fields, line: row.line });
  }

  errors.sort((a, b) => a.line - b.line);
  return { parties, errors };
}

/**
 * The separator, judged from the header line alone: a comma unless semicolons (what spreadsheets
 * write in locales with a decimal comma) or tabs outnumber commas there. Papa's own guess samples
 * data rows too, where quoted category lists full of `;` or `,` can mislead it.
 */
function delimiterOf(body: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  for (const ch of body) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** A non-negative whole number (digits, optionally grouped by commas: 1,204), null if empty. */
function parseRecordCount(text: string): number | null | undefined {
  if (text === '') return null;
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(text)) return undefined;
  const n = Number(text.replaceAll(',', ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Categories from one cell: split at `;`, `,` or newlines, trimmed, duplicates (any case) once. */
export function splitCategories(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[;,\n]/)) {
    const c = part.trim();
    if (c === '' || seen.has(c.toLowerCase())) continue;
    seen.add(c.toLowerCase());
    out.push(c);
  }
  return out;
}
