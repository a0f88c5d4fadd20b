/** Whether `s[from, to)` is one or more decimal digits, read in place. */
export function isDigits(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Decimal digits `s[from, to)` as a number (the caller checked they are digits). */
export function digitsValue(s: string, from: number, to: number): number {
  // Beyond 15 digits the sum below could round differently from Number().
  if (to - from > 15) return Number(s.slice(from, to));
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/** `isDigits` over bytes `b[from, to)` (ASCII digits). */
export function isDigitBytes(b: Uint8Array, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (b[i]! < 48 || b[i]! > 57) return false;
  return true;
}

/** `digitsValue` over bytes `b[from, to)`: the same number for the same digits. */
export function digitsValueBytes(b: Uint8Array, from: number, to: number): number {
  if (to - from > 15) return Number(String.fromCharCode(...b.subarray(from, to)));
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (b[i]! - 48);
  return v;
}

/**
 * The number a text is written as, when writing that number back gives the very same text
 * ("42", "0.25", "-3"); undefined otherwise ("007", "1.50", "1e3", " 5", "0x10"), so storing the
 * number loses nothing of what the record said.
 */
export function exactNumber(text: string): number | undefined {
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 /* - */)) return undefined;
  const n = Number(text);
  return n === n && String(n) === text ? n : undefined;
}
