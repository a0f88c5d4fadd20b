import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parsePartiesCsv, splitCategories } from '../../../shared/report/parties';
import { renderTemplate, type TemplateContext } from '../../../shared/report/template';

const SAMPLE = fileURLToPath(new URL('../../fixtures/parties/sample-parties.csv', import.meta.url));

describe('the sample parties file', () => {
  const { parties, errors } = parsePartiesCsv(readFileSync(SAMPLE, 'utf8'));

  test('reads every party without errors', () => {
    expect(errors).toEqual([]);
    expect(parties).toHaveLength(10);
    expect(parties.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test('name, contact, categories, records and the other columns', () => {
    expect(parties[0]).toEqual({
      name: 'Amara Okafor',
      contact: 'amara.okafor@example.com',
      categories: ['name', 'email address', 'order history'],
      records: 14,
      fields: { customer_id: 'C-10041', region: 'EMEA', account_opened: '2019-04-02' },
      line: 2,
    });
    // Quoted commas in the name and in the categories.
    expect(parties[1]).toMatchObject({ name: 'Lindqvist, Søren', categories: ['name', 'postal address', 'phone number'], records: 3 });
    // Grouped thousands; an empty records cell.
    expect(parties[4]).toMatchObject({ name: 'María José Fernández', records: 1204 });
    expect(parties[5]).toMatchObject({ name: 'Priya Raman', records: null, categories: ['email address'] });
    expect(parties[7]!.name).toBe('Chen Wei 陈伟');
    expect(parties.reduce((n, p) => n + (p.records ?? 0), 0)).toBe(14 + 3 + 27 + 1 + 1204 + 2 + 9 + 56 + 5);
  });
});

describe('header heuristics', () => {
  test('recognises headers whatever their case and punctuation', () => {
    const r = parsePartiesCsv('FULL NAME,E-mail,Categories,Records Affected\nAda,ada@example.com,name,2\n');
    expect(r.errors).toEqual([]);
    expect(r.parties[0]).toMatchObject({ name: 'Ada', contact: 'ada@example.com', categories: ['name'], records: 2, fields: {} });
  });

  test('semicolon- and tab-separated files, judged by the header line', () => {
    const semi = parsePartiesCsv('Name;Email;Data categories;Records\nAda;ada@example.com;"name, email";1\n');
    expect(semi.errors).toEqual([]);
    expect(semi.parties[0]).toMatchObject({ name: 'Ada', categories: ['name', 'email'], records: 1 });
    const tab = parsePartiesCsv('Name\tEmail\tCategories\nAda\tada@example.com\tname; phone\n');
    expect(tab.parties[0]).toMatchObject({ name: 'Ada', contact: 'ada@example.com', categories: ['name', 'phone'] });
  });

  test('an email column wins over a general contact column, which then stays a field', () => {
    const r = parsePartiesCsv('Name,Contact,Email\nAda,Bob Smith (account manager),ada@example.com\n');
    expect(r.parties[0]).toMatchObject({ contact: 'ada@example.com', fields: { Contact: 'Bob Smith (account manager)' } });
  });

  test('first and last name columns make the name', () => {
    const r = parsePartiesCsv('First name,Surname,Email\nAda,Lovelace,ada@example.com\n,Babbage,cb@example.com\n');
    expect(r.parties.map((p) => p.name)).toEqual(['Ada Lovelace', 'Babbage']);
  });

  test('extra columns keep their original header; blank and repeated headers get a suffix', () => {
    const r = parsePartiesCsv('Name,Policy number,,Notes,Notes\nAda,"P-1, P-2",x,"a ""quoted"" note",second\n');
    expect(r.errors).toEqual([]);
    expect(r.parties[0]!.fields).toEqual({ 'Policy number': 'P-1, P-2', 'Column 3': 'x', Notes: 'a "quoted" note', 'Notes (2)': 'second' });
  });

  test('no name column at all is one clear error', () => {
    const r = parsePartiesCsv('Email,Records\na@example.com,1\n');
    expect(r.parties).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringMatching(/No column holds the party's name.*Email, Records/) }]);
  });

  test('an empty file', () => {
    expect(parsePartiesCsv('').errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/empty/) });
    expect(parsePartiesCsv('\uFEFF\n').errors[0]).toMatchObject({ line: 1 });
  });
});

describe('rows', () => {
  test('rows without a name are errors with their line, not dropped', () => {
    const r = parsePartiesCsv('Name,Email\nAda,a@example.com\n   ,nobody@example.com\nBob,b@example.com\n');
    expect(r.parties.map((p) => p.name)).toEqual(['Ada', 'Bob']);
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/no name/) }]);
  });

  test('records must be a non-negative whole number or empty', () => {
    const csv = 'Name,Records\nA,0\nB,-1\nC,1.5\nD,many\nE,\nF,"12,000"\nG,1e3\nH,"1,20"\n';
    const r = parsePartiesCsv(csv);
    expect(r.parties.map((p) => [p.name, p.records])).toEqual([
      ['A', 0],
      ['E', null],
      ['F', 12000],
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 8, 9]);
    expect(r.errors[0]!.message).toMatch(/"-1" is not a number of records/);
  });

  test('line numbers count the lines inside quoted cells; CRLF and blank lines are fine', () => {
    const csv = 'Name,Categories,Note\r\n"Ada","name;\r\nemail address","two\r\nlines"\r\n\r\n,,\r\n"",x,y\r\nBob,phone,\r\n';
    const r = parsePartiesCsv(csv);
    expect(r.parties.map((p) => [p.name, p.line, p.categories])).toEqual([
      ['Ada', 2, ['name', 'email address']],
      ['Bob', 8, ['phone']],
    ]);
    expect(r.parties[0]!.fields).toEqual({ Note: 'two\nlines' });
    expect(r.errors).toEqual([{ line: 7, message: expect.stringMatching(/no name/) }]);
  });

  test('short rows are padded; rows longer than the header are errors', () => {
    const r = parsePartiesCsv('Name,Email,Region\nAda\nBob,b@example.com,EU,surplus\nCy,c@example.com,EU,\n');
    expect(r.parties.map((p) => p.name)).toEqual(['Ada', 'Cy']);
    expect(r.parties[0]).toMatchObject({ contact: '', fields: { Region: '' } });
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/4 cells but the header names 3/) }]);
  });

  test('an unterminated quote is reported, not silently absorbed', () => {
    const r = parsePartiesCsv('Name,Email\nAda,a@example.com\n"Bob,b@example.com\nCy,c@example.com\n');
    expect(r.parties.map((p) => p.name)).toEqual(['Ada']);
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/Unreadable CSV/) }]);
  });

  test('categories split at ; , and newlines, trimmed and de-duplicated', () => {
    expect(splitCategories(' name ; Email address, email ADDRESS;;\nphone ')).toEqual(['name', 'Email address', 'phone']);
    expect(splitCategories('')).toEqual([]);
  });
});

describe('hostile cells stay data', () => {
  test('a party whose name is a placeholder or markup is rendered literally', () => {
    const csv = 'Name,Email,Policy number\n"{{ incident.contact }} <img src=x onerror=alert(1)>",x@example.com,"[p](javascript:alert(1))"\n';
    const { parties, errors } = parsePartiesCsv(csv);
    expect(errors).toEqual([]);
    const p = parties[0]!;
    const ctx: TemplateContext = {
      incident: { name: 'n', organisation: 'o', discoveredAt: 0, summary: '', attackerAddresses: [], exfiltratedBytes: 0, contact: 'SECRET', measures: '' },
      party: { name: p.name, contact: p.contact, categories: p.categories, records: p.records, fields: p.fields },
    };
    const html = renderTemplate('{{ party.name }} {{ party.fields.policy_number }}', ctx, 'html').output;
    expect(html).toBe('<p>{{ incident.contact }} &lt;img src=x onerror=alert(1)&gt; [p](javascript:alert(1))</p>');
    const md = renderTemplate('{{ party.fields.policy_number }}', ctx, 'markdown').output;
    expect(md).toBe('\\[p\\](javascript:alert(1))');
  });
});
