import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parsePartiesCsv } from '../../../shared/report/parties';
import { REGULATOR_DEADLINE_HOURS, regulatorDeadline, regulatorSummaryDraft } from '../../../shared/report/regulator';

const H = 3_600_000;
const DISCOVERED = Date.UTC(2026, 2, 12, 14, 3, 11);

describe('regulatorDeadline', () => {
  test('72 hours after discovery', () => {
    expect(REGULATOR_DEADLINE_HOURS).toBe(72);
    const d = regulatorDeadline(DISCOVERED, DISCOVERED + 10 * H);
    expect(d).toEqual({ deadline: Date.UTC(2026, 2, 15, 14, 3, 11), hoursLeft: 62, overdue: false });
  });

  test('fractional hours; exactly at the deadline is not yet overdue; afterwards negative', () => {
    expect(regulatorDeadline(DISCOVERED, DISCOVERED + 71.5 * H).hoursLeft).toBeCloseTo(0.5, 10);
    expect(regulatorDeadline(DISCOVERED, DISCOVERED + 72 * H)).toMatchObject({ hoursLeft: 0, overdue: false });
    expect(regulatorDeadline(DISCOVERED, DISCOVERED + 72 * H + 1)).toMatchObject({ overdue: true });
    expect(regulatorDeadline(DISCOVERED, DISCOVERED + 80 * H)).toMatchObject({ hoursLeft: -8, overdue: true });
  });

  test('a discovery in the future (clock skew) simply leaves more time', () => {
    expect(regulatorDeadline(DISCOVERED, DISCOVERED - 2 * H)).toMatchObject({ hoursLeft: 74, overdue: false });
  });

  test('rejects non-times', () => {
    expect(() => regulatorDeadline(Number.NaN, DISCOVERED)).toThrow(/discovery time/);
    expect(() => regulatorDeadline(DISCOVERED, Number.POSITIVE_INFINITY)).toThrow(/current time/);
  });
});

describe('regulatorSummaryDraft', () => {
  test('totals and the union of categories from the sample parties', () => {
    const csv = readFileSync(fileURLToPath(new URL('../../fixtures/parties/sample-parties.csv', import.meta.url)), 'utf8');
    const { parties } = parsePartiesCsv(csv);
    const s = regulatorSummaryDraft({
      discoveredAt: DISCOVERED,
      parties,
      summary: '  Customer records were copied by an attacker.  ',
      measures: 'Passwords reset.',
      contact: 'dpo@example.com',
      categoriesOfPeople: ['customers', ' customers '],
    });
    expect(s).toMatchObject({
      nature: 'Customer records were copied by an attacker.',
      categoriesOfPeople: ['customers'],
      approxPeople: 10,
      approxRecords: 1321,
      likelyConsequences: '',
      measuresTaken: 'Passwords reset.',
      measuresProposed: '',
      contactPoint: 'dpo@example.com',
      discoveredAt: DISCOVERED,
    });
    expect(s.categoriesOfRecords).toEqual([
      'date of birth',
      'delivery notes',
      'email address',
      'IP address',
      'name',
      'order history',
      'password hash',
      'payment card (last 4 digits)',
      'phone number',
      'postal address',
    ]);
    // Priya Raman has no record count.
    expect(s.gaps).toContain('1 of 10 listed parties have no record count; the number of records counts only the others.');
    expect(s.gaps).toContain('Describe the likely consequences and the measures proposed.');
    expect(s.gaps.some((g) => /nature|contact point|kinds of people/.test(g))).toBe(false);
  });

  test('a person listed twice is one person; categories merge regardless of case', () => {
    const s = regulatorSummaryDraft({
      discoveredAt: DISCOVERED,
      parties: [
        { name: 'Ada', contact: 'ada@example.com', categories: ['Name', 'Email'], records: 2 },
        { name: 'ada ', contact: 'ADA@example.com', categories: ['name', 'phone'], records: 3 },
        { name: 'Bob', contact: '', categories: [], records: null },
      ],
    });
    expect(s.approxPeople).toBe(2);
    expect(s.approxRecords).toBe(5);
    expect(s.categoriesOfRecords).toEqual(['Email', 'Name', 'phone']);
  });

  test('with no facts, the prose is left empty and every gap is named', () => {
    const s = regulatorSummaryDraft({ discoveredAt: DISCOVERED, parties: [] });
    expect(s).toMatchObject({ nature: '', approxPeople: 0, approxRecords: 0, categoriesOfRecords: [], contactPoint: '', measuresTaken: '' });
    expect(s.gaps).toEqual([
      expect.stringMatching(/No affected parties/),
      expect.stringMatching(/kinds of people/),
      expect.stringMatching(/nature of the breach/),
      expect.stringMatching(/measures taken/),
      expect.stringMatching(/contact point/),
      expect.stringMatching(/likely consequences/),
    ]);
  });
});
