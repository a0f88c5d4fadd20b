import {
  isEventNumberField, isEventStringField,
  type EventAddressField, type EventKind, type EventNumberField, type EventStringField, type ParsedEvent,
} from '../../model/event';
import { exactNumber } from './digits';
import type { ParseOutcome, RecordParser, RowOutcome, RowSink, TextRecord } from './types';

/**
 * Writes an event built as an object into a sink (begun, not committed). Only the keys it has
 * are visited, in their order: the order decides a segment's dictionary ids, which parsers'
 * sink forms reproduce (row-mapping).
 */
export function writeEvent(sink: RowSink, event: ParsedEvent): void {
  sink.begin(event.ts, event.kind, event.zoneless === true);
  for (const key in event) {
    const v = (event as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === 'src' || key === 'dst') sink.address(key, v as string);
    else if (key === 'fields') {
      const fields = v as Record<string, string>;
      for (const k in fields) {
        const fv = fields[k];
        if (fv === undefined) continue;
        // Leftover numbers (Zeek's packet and byte counts, CSV columns) are kept as numbers
        // when they read back as the same text: near-unique values stay out of the dictionary.
        const n = exactNumber(fv);
        if (n === undefined) sink.extra(k, fv);
        else sink.extraNumber(k, n);
      }
    } else if (isEventNumberField(key)) sink.number(key, v as number);
    else if (isEventStringField(key)) sink.string(key, v as string);
  }
}

/**
 * A RowSink that builds the event as an object. Parsers whose real work is `parseInto` get their
 * `parse` from it, so both forms run the same code and the object form's tests cover the fast one.
 */
class EventObjectSink implements RowSink {
  event: ParsedEvent = { ts: 0, kind: 'other' };

  begin(ts: number, kind: EventKind, zoneless: boolean): void {
    this.event = { ts, kind };
    if (zoneless) this.event.zoneless = true;
  }
  number(field: EventNumberField, value: number): void { this.event[field] = value; }
  string(field: EventStringField, value: string): void { this.event[field] = value; }
  address(field: EventAddressField, value: string): void { this.event[field] = value; }
  extra(name: string, value: string): void { (this.event.fields ??= {})[name] = value; }
  extraNumber(name: string, value: number): void { (this.event.fields ??= {})[name] = String(value); }
}

/** A complete RecordParser from a `parseInto`. */
export function parserFromSink(parseInto: (record: TextRecord, sink: RowSink) => RowOutcome): RecordParser {
  const sink = new EventObjectSink();
  return {
    parseInto,
    parse(record): ParseOutcome {
      const outcome = parseInto(record, sink);
      if (outcome === 'row') return { kind: 'event', event: sink.event };
      if (outcome === 'skip') return { kind: 'skip' };
      return { kind: 'reject', reason: outcome.reject };
    },
  };
}
