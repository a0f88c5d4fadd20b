import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMBINED_RE, COMMON_RE, splitAccessLine } from '../../../shared/ingest/formats/access-log';

const demo = unzipSync(readFileSync(resolve(import.meta.dirname, '../../../renderer/public/demo/tidemark-demo.zip')));
const demoLines = strFromU8(gunzipSync(demo['web/access.log.1.gz']!)).split('\n');

const EDGE = [
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12 "-" "ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET /a\\"b HTTP/1.1" 200 12 "r\\\\" "u\\"a" extra fields 0.003',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "\\x16\\x03" 400 - "-" "-"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12abc',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 2000 12 "-" "ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 "-" "ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1 200 12 "-" "ua"',
  '1.2.3.4 - - [] "GET / HTTP/1.1" 200 12 "-" "ua"',
  '1.2.3.4  - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12 "-" "ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12 "-" "ua',
  '1.2.3.4 - - 12/Mar/2026:14:03:11 +0000 "GET / HTTP/1.1" 200 12 "-" "ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12 "-""ua"',
  '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "" 200 0 "" ""',
  'garbage',
  '',
];

describe('the access-log splitter agrees with the format patterns', () => {
  test.each([['combined', true, COMBINED_RE], ['common', false, COMMON_RE]] as const)('%s', (_name, combined, re) => {
    for (const line of [...EDGE, ...demoLines]) {
      const expected = re.exec(line)?.slice(1) ?? null;
      expect(splitAccessLine(line, combined), line).toEqual(expected);
    }
  });
});
