/**
 * CSV for people who open it in a spreadsheet.
 *
 * Output follows RFC 4180: cells holding a comma, a double quote, CR or LF are quoted, quotes
 * inside them are doubled, and every record (the last one too) ends with CRLF.
 *
 * Cells are also made safe against CSV (formula) injection, following OWASP's guidance: a text
 * cell that a spreadsheet would read as a formula or a DDE call (it begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading single quote, which spreadsheets take as "show
 * this as text". Log data is attacker-controlled (user agents, URLs, user names), so every export
 * of it goes through here.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** The media type to save or offer a download under. */
export const CSV_MIME = 'text/csv;charset=utf-8';

/**
 * A byte-order mark. Excel reads a UTF-8 CSV as the legacy code page unless the file starts with
 * one; pass `{ bom: true }` to `toCsv` for files meant for Excel.
 */
export const CSV_BOM = '\uFEFF';

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_LEADS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Whitespace a spreadsheet or its import dialog may trim before looking at the first character.
 *
 * We look past leading whitespace on purpose: LibreOffice's import has a "trim spaces" option,
 * other tools trim cells by default, and a user may trim a column by hand; `  =cmd|…` would then
 * become a live formula. Quoting the cell costs one visible apostrophe on odd-looking text only.
 */
const LEADING_SPACE = /^[\s\u00a0\ufeff]*/u;

/**
 * One cell as text, neutralised if a spreadsheet would run it.
 *
 * Numbers and booleans are written as they are: a negative number such as -5 is data a
 * spreadsheet should treat as a number, and it cannot carry a formula. Only strings are checked,
 * so the string "-5+cmd|' /C calc'!A0" becomes "'-5+cmd|' /C calc'!A0". null and undefined are
 * empty cells.
 */
export function safeCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  // NaN and the infinities are not numbers a spreadsheet knows; they are written as text.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : safeCell(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const first = v.charAt(v.match(LEADING_SPACE)?.[0].length ?? 0);
  // A cell that is only whitespace cannot be a formula, except a lone tab or CR lead.
  if (FORMULA_LEADS.has(first) || FORMULA_LEADS.has(v.charAt(0))) return `'${v}`;
  return v;
}

/** Quotes a (already safe) cell when RFC 4180 needs it. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function line(cells: readonly CsvValue[]): string {
  return cells.map((c) => quote(safeCell(c))).join(',');
}

/**
 * A whole CSV document: the header, then one record per row, CRLF after each. The header goes
 * through the same neutralising as the data, since column names can come from imported files.
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<readonly CsvValue[]>,
  options: { bom?: boolean } = {},
): string {
  let out = options.bom ? CSV_BOM : '';
  out += line(header) + '\r\n';
  for (const row of rows) out += line(row) + '\r\n';
  return out;
}
