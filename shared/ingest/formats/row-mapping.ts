import {
  EVENT_KINDS, isEventNumberField, isEventStringField,
  type EventKind, type EventNumberField, type EventStringField, type ParsedEvent,
} from '../../model/event';
import type { FieldMapping, MappableField } from '../../model/format';
import { canonicalAddress } from '../../net/address';
import { parseTimestamp } from '../time/timestamp';
import { exactNumber } from './digits';
import { inferKind, normalizeAction } from './mapping';
import { RepeatCache } from './repeat-cache';
import type { RowOutcome, RowSink } from './types';

/**
 * A column mapping compiled against one CSV header, writing a row's cells straight into a
 * RowSink. It makes the very calls, in the very order, that the object path makes (applyMapping,
 * then SegmentBuilder.addEvent over the event's keys), so a segment comes out the same to the
 * last dictionary id; it only skips building a record object, an event object and taking the
 * latter apart again.
 */
export interface RowMapping {
  applyInto(cells: readonly string[], timeZone: string, sink: RowSink): RowOutcome;
  /** What the mapping was compiled into, from which its byte form is built (RowBytesMapping). */
  readonly plan: RowPlan;
}

/** A mapping compiled against a header: which cell feeds what, in the order rows are written. */
export interface RowPlan {
  /** Cells a row has: the header's. */
  columns: number;
  tsColumn: string | undefined;
  tsIndex: number;
  steps: readonly Step[];
  /** Unmapped columns, left to right: their text goes to the event's `fields`. */
  leftovers: readonly { name: string; index: number }[];
  /** No column is mapped to `kind`: it is inferred from the fields a row has. */
  inferred: boolean;
}

export type Role = 'address' | 'number' | 'string' | 'method' | 'action' | 'kind' | 'ignored';
export interface Step {
  field: Exclude<MappableField, 'ts'>;
  column: string;
  index: number;
  role: Role;
}

/** Names a plain object would enumerate before the others (array indices) or not keep at all. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * The fast form of `mapping` for rows under `header`, or undefined where a row object would not
 * read like its list of cells: a name twice (the object keeps the last value under the first
 * place), a name that is an array index (objects list those first), `__proto__` (objects do not
 * keep it), or a mapped column the header lacks.
 */
export function compileRowMapping(mapping: FieldMapping, header: readonly string[]): RowMapping | undefined {
  const at = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    if (at.has(name) || name === '__proto__' || (INDEX_LIKE.test(name) && Number(name) < 2 ** 32 - 1)) return undefined;
    at.set(name, i);
  }
  const tsColumn = mapping.ts;
  const tsIndex = tsColumn ? at.get(tsColumn) : -1;
  if (tsIndex === undefined) return undefined;
  const mapped = new Set<string>();
  if (tsColumn) mapped.add(tsColumn);
  const steps: Step[] = [];
  for (const [field, column] of Object.entries(mapping) as [MappableField, string | undefined][]) {
    if (field === 'ts' || !column) continue;
    const index = at.get(column);
    if (index === undefined) return undefined;
    steps.push({ field, column, index, role: roleOf(field) });
    mapped.add(column);
  }
  const leftovers = header.flatMap((name, index) => (mapped.has(name) ? [] : [{ name, index }]));
  const inferred = !mapping.kind;
  const plan: RowPlan = { columns: header.length, tsColumn, tsIndex, steps, leftovers, inferred };
  const addresses = new RepeatCache((text: string) => canonicalAddress(text) ?? '');
  // Per row: each step's value, and the steps whose text went to `fields` instead.
  const values: (string | number | undefined)[] = steps.map(() => undefined);
  const toFields: number[] = [];
  const event: Partial<Record<keyof ParsedEvent, unknown>> = {};

  return {
    plan,
    applyInto(cells, timeZone, sink) {
      if (!tsColumn) return { reject: 'No time column is mapped' };
      const tsText = cells[tsIndex];
      if (tsText === undefined || tsText === '') return { reject: `The time column "${tsColumn}" is empty` };
      const time = parseTimestamp(tsText, timeZone);
      if (!time) return { reject: `Unreadable time "${tsText.slice(0, 80)}" in column "${tsColumn}"` };
      let kind: EventKind = 'other';
      toFields.length = 0;
      for (let s = 0; s < steps.length; s++) {
        const step = steps[s]!;
        values[s] = undefined;
        const raw = cells[step.index];
        if (raw === undefined || raw === '' || raw === '-') continue;
        switch (step.role) {
          case 'address': {
            const address = addresses.get(raw);
            if (address) values[s] = address;
            else toFields.push(s);
            break;
          }
          case 'number': {
            const n = Number(raw);
            if (!Number.isFinite(n) || n < 0) return { reject: `"${raw.slice(0, 40)}" in column "${step.column}" is not a number` };
            values[s] = n;
            break;
          }
          case 'kind': {
            const k = raw.toLowerCase();
            if ((EVENT_KINDS as readonly string[]).includes(k)) kind = k as EventKind;
            else toFields.push(s);
            break;
          }
          case 'method': values[s] = raw.toUpperCase(); break;
          case 'action': values[s] = normalizeAction(raw); break;
          default: values[s] = raw;
        }
      }
      if (inferred) {
        for (let s = 0; s < steps.length; s++) {
          event[steps[s]!.field] = values[s];
        }
        kind = inferKind(event);
      }

      sink.begin(time.ms, kind, time.zoneless);
      for (let s = 0; s < steps.length; s++) {
        const value = values[s];
        if (value === undefined) continue;
        const step = steps[s]!;
        if (step.role === 'address') sink.address(step.field as 'src' | 'dst', value as string);
        else if (step.role === 'number') sink.number(step.field as EventNumberField, value as number);
        else if (step.role !== 'kind' && step.role !== 'ignored') sink.string(step.field as EventStringField, value as string);
      }
      // The event's `fields`, in the order the object path fills them: text of mapped columns
      // that did not read as their field, then the unmapped columns, left to right.
      // (Two fields mapped to one column write it twice, the same value under the same name.)
      for (const s of toFields) leftover(sink, steps[s]!.column, cells[steps[s]!.index]!);
      for (const { name, index } of leftovers) {
        const v = cells[index]!;
        if (v !== '') leftover(sink, name, v);
      }
      return 'row';
    },
  };
}

function roleOf(field: Exclude<MappableField, 'ts'>): Role {
  if (field === 'src' || field === 'dst') return 'address';
  if (field === 'kind') return 'kind';
  if (field === 'method') return 'method';
  if (field === 'action') return 'action';
  if (isEventNumberField(field)) return 'number';
  return isEventStringField(field) ? 'string' : 'ignored';
}

/** A leftover value, kept as a number when it reads back as the same text (see addEvent). */
export function leftover(sink: RowSink, name: string, value: string): void {
  const n = exactNumber(value);
  if (n === undefined) sink.extra(name, value);
  else sink.extraNumber(name, n);
}
