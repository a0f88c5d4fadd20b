import { describe, expect, test } from 'vitest';
import { exactNumber } from '../../../shared/ingest/formats/digits';

describe('leftover values kept as numbers only when nothing of their text is lost', () => {
  test('numbers written the way a number reads back are numbers', () => {
    for (const [text, n] of [['0', 0], ['42', 42], ['-3', -3], ['0.25', 0.25], ['123456789012345', 123456789012345]] as const) {
      expect(exactNumber(text)).toBe(n);
    }
  });

  test('anything else stays text', () => {
    for (const text of ['', '007', '1.50', '1e3', ' 5', '5 ', '0x10', '-0', 'NaN', 'Infinity', '12345678901234567890', '1,000', '+5', 'tcp']) {
      expect(exactNumber(text), text).toBeUndefined();
    }
  });
});
