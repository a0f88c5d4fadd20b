import { htmlDocument } from '../../../shared/report/writers/document';
import { toCsv } from '../../../shared/report/csv';
import { renderTemplate } from '../../../shared/report/template';
import type { PartyRow } from '../../db/schema';
import type { ReportSettings } from '../../db/state/settings';
import type { CaseFacts } from '../../services/case-facts';
import { fieldKeysOf, letterContext } from './notify-context';

/**
 * The letters as files: every party's letter in one document (HTML, Markdown or plain text), and
 * a mail-merge CSV. All party text reaches the output through `renderTemplate`, which escapes it
 * for the target, or through `escapeHtml` / `toCsv`; nothing from the parties list becomes markup.
 */

type Party = Pick<PartyRow, 'name' | 'contact' | 'categories' | 'records' | 'fields'>;

export interface LetterInputs {
  parties: readonly Party[];
  settings: ReportSettings;
  facts: CaseFacts | undefined;
  caseName: string;
}

/**
 * One self-contained HTML file, one `<section>` per letter, each starting on a new page when
 * printed. The CSP allows nothing but the inline style: no scripts, images, fonts or requests.
 */
export function lettersHtml({ parties, settings, facts, caseName }: LetterInputs): string {
  const letters = parties.map((p, i) => {
    const body = renderTemplate(settings.letterTemplate, letterContext(p, settings, facts, caseName), 'html').output;
    return `<section class="letter" id="letter-${i + 1}">\n${body}\n</section>`;
  });
  const title = `Notification letters${caseName ? ` — ${caseName}` : ''}`;
  return htmlDocument({ title, css: LETTERS_CSS, body: `\n${letters.join('\n')}` });
}

/** One Markdown file: a heading per letter (numbered, no party text in it), rules between letters. */
export function lettersMarkdown({ parties, settings, facts, caseName }: LetterInputs): string {
  return parties
    .map((p, i) => {
      const body = renderTemplate(settings.letterTemplate, letterContext(p, settings, facts, caseName), 'markdown').output.trim();
      return `## Letter ${i + 1} of ${parties.length}\n\n${body}\n`;
    })
    .join('\n---\n\n');
}

/** One plain-text file; a form feed starts each letter on a new page when printed. */
export function lettersText({ parties, settings, facts, caseName }: LetterInputs): string {
  return parties
    .map((p) => renderTemplate(settings.letterTemplate, letterContext(p, settings, facts, caseName), 'text').output.trim() + '\n')
    .join(`\n${'='.repeat(72)}\n\f\n`);
}

/**
 * A mail-merge CSV: one row per party with its name, contact, categories, records, every extra
 * column and the letter as plain text. Written with a byte-order mark, so Excel reads the names
 * in UTF-8; `toCsv` neutralises anything a spreadsheet would run as a formula.
 */
export function lettersCsv({ parties, settings, facts, caseName }: LetterInputs): string {
  const keys = fieldKeysOf(parties);
  const header = ['name', 'contact', 'categories', 'records', ...keys, 'letter'];
  const rows = parties.map((p) => [
    p.name,
    p.contact,
    p.categories.join('; '),
    p.records,
    ...keys.map((k) => p.fields[k] ?? ''),
    renderTemplate(settings.letterTemplate, letterContext(p, settings, facts, caseName), 'text').output,
  ]);
  return toCsv(header, rows, { bom: true });
}

const LETTERS_CSS = `
  body { font: 11.5pt/1.55 Georgia, 'DejaVu Serif', serif; color: #111; background: #fff; margin: 0; }
  .letter { max-width: 40rem; margin: 0 auto; padding: 2.5rem 1.5rem; break-after: page; page-break-after: always; }
  .letter:last-of-type { break-after: auto; page-break-after: auto; }
  .letter + .letter { border-top: 1px dashed #bbb; }
  .letter p { margin: 0 0 .9em; }
  @media print { .letter { padding: 0; max-width: none; } .letter + .letter { border-top: 0; } }
`;
