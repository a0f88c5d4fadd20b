import { describe, expect, test } from 'vitest';
import { canonicalAddress } from '../../../shared/net/address';

describe('canonicalAddress', () => {
  test('dotted quads that are already canonical come back as they are', () => {
    for (const a of ['1.2.3.4', '0.0.0.0', '255.255.255.255', '203.0.113.77', '10.0.0.1']) expect(canonicalAddress(a)).toBe(a);
  });

  test('text that only looks like a dotted quad is not an address', () => {
    for (const a of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', 'a.b.c.d', '-', '', '1.2.3.']) {
      expect(canonicalAddress(a), a).toBeUndefined();
    }
  });

  test('surrounding spaces and leading zeros are read the slow way, not taken as canonical', () => {
    expect(canonicalAddress(' 1.2.3.4 ')).toBe('1.2.3.4');
    expect(canonicalAddress('01.2.3.4')).toBe(undefined);
  });

  test('IPv6 is written in its RFC 5952 form and IPv4-mapped addresses fold to IPv4', () => {
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(canonicalAddress('[fe80::1%eth0]')).toBe('fe80::1');
  });
});

