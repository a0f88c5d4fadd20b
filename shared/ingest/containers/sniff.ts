/** Archive kinds recognised by content. File names are never trusted: evidence is often renamed. */
export type ContainerMagic = 'gzip' | 'zip' | 'tar';

/** Bytes needed to recognise every kind (a tar header is one 512-byte block). */
export const SNIFF_HEAD_BYTES = 512;

export function sniffContainer(head: Uint8Array): ContainerMagic | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    const a = head[2], b = head[3];
    // Local file header, empty archive's end record, or the spanned-archive marker.
    if ((a === 3 && b === 4) || (a === 5 && b === 6) || (a === 7 && b === 8)) return 'zip';
  }
  if (head.length >= 512 && isTarHeader(head)) return 'tar';
  return null;
}

/** A tar header: `ustar` magic at 257, or (old v7 archives) a valid header checksum. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < 512) return false;
  const magic = String.fromCharCode(...block.subarray(257, 262));
  if (magic === 'ustar') return tarChecksumOk(block);
  // v7: a name, a digit-only size field and a matching checksum.
  return block[0] !== 0 && tarChecksumOk(block);
}

export function tarChecksumOk(block: Uint8Array): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

export function parseOctal(field: Uint8Array): number | null {
  let i = 0;
  while (i < field.length && (field[i] === 0x20 || field[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < field.length; i++) {
    const c = field[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return null;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  return digits > 0 ? v : null;
}
