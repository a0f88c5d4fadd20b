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
