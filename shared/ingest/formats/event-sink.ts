import type {
  EventAddressField, EventKind, EventNumberField, EventStringField, ParsedEvent,
} from '../../model/event';
import type { ParseOutcome, RecordParser, RowOutcome, RowSink, TextRecord } from './types';

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
