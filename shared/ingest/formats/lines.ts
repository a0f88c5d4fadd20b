import { LimitExceededError } from '../limits';
import type { RecordSplitter, TextRecord } from './types';

/** The line splitter most formats use: `\n` or `\r\n`, a last line without newline included. */
export function createLineSplitter(maxRecordChars: number): RecordSplitter {
  let carry = '';
  let nextLine = 1;
  return {
    push(chunk) {
      const text = carry.length ? carry + chunk : chunk;
      const out: TextRecord[] = [];
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end - start > maxRecordChars) throw tooLong(nextLine, maxRecordChars);
        out.push({ text: text.slice(start, end), line: nextLine++ });
        start = nl + 1;
      }
      carry = text.slice(start);
      if (carry.length > maxRecordChars) throw tooLong(nextLine, maxRecordChars);
      return out;
    },
    end() {
      if (carry.length === 0) return [];
      const text = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      carry = '';
      return [{ text, line: nextLine++ }];
    },
  };
}

export function tooLong(line: number, max: number): LimitExceededError {
  return new LimitExceededError(
    'maxRecordChars', max,
    `Line ${line.toLocaleString('en-US')} is longer than ${max.toLocaleString('en-US')} characters, the record length limit. ` +
      'Raise the limit in the import options to import it.',
  );
}

/** The lines of a sniffed head, without a last line that may have been cut short. */
export function headLines(head: string, max = 20): string[] {
  const lines = head.split(/\r?\n/);
  if (lines.length > 1) lines.pop();
  return lines.filter((l) => l.trim().length > 0).slice(0, max);
}
