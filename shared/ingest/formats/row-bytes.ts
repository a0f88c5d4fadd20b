import { EVENT_KINDS, type EventAddressField, type EventKind, type EventNumberField, type EventStringField } from '../../model/event';
import { canonicalAddress } from '../../net/address';
import { decodeUtf8 } from '../bytes';
import { isoBytesMs } from '../time/timestamp';
import { ByteInterner } from './byte-interner';
import type { FieldBounds } from './field-bounds';
import { digitsValueBytes, isDigitBytes } from './digits';
import { inferKind, normalizeAction } from './mapping';
import { RepeatedText } from './repeated-text';
import { leftover, type Role, type RowPlan } from './row-mapping';
import type { LineBytesOutcome, LineSink } from './types';

/**
 * The byte form of a RowMapping: writes a row from its cells where they lie in the input bytes,
 * making the very sink calls, in the very order, that `applyInto` makes for the same cells, with
 * the values that repeat (addresses, actions, protocols, rule names) looked up by their bytes
 * instead of made into strings. A row it cannot judge from its bytes alone (a time written
 * another way, a number that is not plain digits, anything the text form would refuse) it leaves
 * to the text form before beginning it.
 */
export class RowBytesMapping {
  /** Per step, the row's value: a looked-up text, a number, or none. */
  private readonly values: (RepeatedText | number | undefined)[];
  /** Per step, where its cells' bytes are looked up (none for numbers). */
  private readonly lookups: (ByteInterner<RepeatedText> | undefined)[];
  private readonly leftoverLookup = new ByteInterner((text: string) => new RepeatedText(text));
  /** Steps whose text went to `fields` instead (an address that is a host name, an unknown kind). */
  private readonly toFields: Int32Array;
  /** Per step, its field's bit in a KIND_BY_PRESENT index (0 for fields inferKind ignores). */
  private readonly inferBits: Int32Array;

  constructor(private readonly plan: RowPlan) {
    this.values = plan.steps.map(() => undefined);
    this.lookups = plan.steps.map((step) => lookupFor(step.role));
    this.toFields = new Int32Array(plan.steps.length);
    this.inferBits = Int32Array.from(plan.steps, (step) => inferBit(step.field));
  }

  /** Cells a row must have: the header's. */
  get columns(): number {
    return this.plan.columns;
  }

  /** Writes the row whose cells `cells` holds (cell k: `b[starts[k], ends[k])`). */
  apply(b: Uint8Array, view: DataView, cells: FieldBounds, sink: LineSink): LineBytesOutcome {
    const { plan, values, toFields } = this;
    const { starts, ends } = cells;
    if (plan.tsIndex < 0) return 'text';
    const ms = isoBytesMs(b, starts[plan.tsIndex]!, ends[plan.tsIndex]!);
    if (ms !== ms) return 'text';
    const steps = plan.steps;
    let kind: EventKind = 'other';
    let toFieldCount = 0;
    let present = 0;
    for (let s = 0; s < steps.length; s++) {
      values[s] = undefined;
      const step = steps[s]!;
      const from = starts[step.index]!;
      const to = ends[step.index]!;
      if (to === from || (to - from === 1 && b[from] === 45 /* - */)) continue;
      if (step.role === 'number') {
        // Plain digits read as Number() reads them; anything else is the text form's to judge.
        if (to - from > 15 || !isDigitBytes(b, from, to)) return 'text';
        values[s] = digitsValueBytes(b, from, to);
        present |= this.inferBits[s]!;
        continue;
      }
      const value = this.lookups[s]!.get(b, view, from, to);
      if (step.role === 'address' || step.role === 'kind') {
        if (value.text === '') toFields[toFieldCount++] = s;
        else if (step.role === 'kind') kind = value.text as EventKind;
        else { values[s] = value; present |= this.inferBits[s]!; }
        continue;
      }
      values[s] = value;
      present |= this.inferBits[s]!;
    }
    if (plan.inferred) kind = KIND_BY_PRESENT[present]!;

    sink.begin(ms, kind, false);
    for (let s = 0; s < steps.length; s++) {
      const value = values[s];
      if (value === undefined) continue;
      const step = steps[s]!;
      if (step.role === 'address') sink.repeatedAddress(step.field as EventAddressField, value as RepeatedText);
      else if (step.role === 'number') sink.number(step.field as EventNumberField, value as number);
      else if (step.role !== 'ignored') sink.repeatedString(step.field as EventStringField, value as RepeatedText);
    }
    for (let k = 0; k < toFieldCount; k++) {
      const s = toFields[k]!;
      const index = steps[s]!.index;
      leftover(sink, steps[s]!.column, decodeUtf8(b.subarray(starts[index], ends[index])));
    }
    for (const { name, index } of plan.leftovers) {
      const from = starts[index]!;
      const to = ends[index]!;
      if (to === from) continue;
      if (plainNumber(b, from, to)) sink.extraNumber(name, digitsValueBytes(b, from, to));
      // Text a number may be written as ("-3", "0.25", "007") is judged as the text form judges it.
      else if (numberLike(b, from, to)) leftover(sink, name, decodeUtf8(b.subarray(from, to)));
      else sink.repeatedExtra(name, this.leftoverLookup.get(b, view, from, to));
    }
    return 'row';
  }
}

/** The fields `inferKind` reads: a row's kind depends only on which of them it has. */
export const INFER_FIELDS = ['method', 'url', 'status', 'ua', 'operation', 'actor', 'src', 'dst', 'dstPort', 'origBytes', 'action'] as const;

function inferBit(field: string): number {
  const k = (INFER_FIELDS as readonly string[]).indexOf(field);
  return k < 0 ? 0 : 1 << k;
}

/**
 * `inferKind` of a row, by the set of INFER_FIELDS it has (bit k: INFER_FIELDS[k]), asked of
 * inferKind itself once per set: building an event object per row to ask it cost more than
 * the rest of the row.
 */
export const KIND_BY_PRESENT: readonly EventKind[] = Array.from({ length: 1 << INFER_FIELDS.length }, (_, mask) =>
  inferKind(Object.fromEntries(INFER_FIELDS.flatMap((field, k) => (mask & (1 << k) ? [[field, field]] : [])))));

/** Where a step's cells are looked up: each kind of value has its own table, as it is parsed its own way. */
function lookupFor(role: Role): ByteInterner<RepeatedText> | undefined {
  switch (role) {
    case 'number': return undefined;
    case 'address': return new ByteInterner((text) => new RepeatedText(canonicalAddress(text) ?? ''));
    case 'kind': return new ByteInterner((text) => {
      const k = text.toLowerCase();
      // An unknown kind is no kind: its text goes to `fields`.
      return new RepeatedText((EVENT_KINDS as readonly string[]).includes(k) ? k : '');
    });
    case 'method': return new ByteInterner((text) => new RepeatedText(text.toUpperCase()));
    case 'action': return new ByteInterner((text) => new RepeatedText(normalizeAction(text)));
    default: return new ByteInterner((text) => new RepeatedText(text));
  }
}

/** Digits that read back as the same text (no leading zero, few enough to be exact): `exactNumber` in place. */
function plainNumber(b: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  return n <= 15 && (n === 1 || b[from] !== 48) && isDigitBytes(b, from, to);
}

/** Only bytes a number's text may hold (digits, sign, point, exponent). */
function numberLike(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69)) return false;
  }
  return true;
}
