import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isCanonicalPeopleSoftTimestamp,
  normalisePeopleSoftTimestamp,
  tryParsePeopleSoftTimestamp,
} from './peoplesoft-timestamp';

const digits = (n: number, most: number) =>
  fc.integer({ min: 0, max: most }).map((v) => String(v).padStart(n, '0'));

/** Canonical-looking texts, valid or not: day 31 in April, 29 February, hour 24... */
const canonicalShaped = fc
  .tuple(
    digits(4, 9999),
    digits(2, 13),
    digits(2, 32),
    digits(2, 25),
    digits(2, 60),
    digits(2, 60),
    digits(6, 999_999),
  )
  .map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d}-${h}.${mi}.${s}.${f}`);

test('the canonical check agrees with the full parse, and a canonical text normalises to itself', () => {
  fc.assert(
    fc.property(canonicalShaped, (text) => {
      const valid = tryParsePeopleSoftTimestamp(text) !== undefined;
      assert.equal(isCanonicalPeopleSoftTimestamp(text), valid, text);
      if (valid) assert.equal(normalisePeopleSoftTimestamp(text), text);
    }),
    { numRuns: 20_000 },
  );
});

test('leap days follow the Gregorian rules', () => {
  assert.equal(isCanonicalPeopleSoftTimestamp('2024-02-29-00.00.00.000000'), true);
  assert.equal(isCanonicalPeopleSoftTimestamp('2000-02-29-00.00.00.000000'), true);
  assert.equal(isCanonicalPeopleSoftTimestamp('1900-02-29-00.00.00.000000'), false);
  assert.equal(isCanonicalPeopleSoftTimestamp('2026-02-29-00.00.00.000000'), false);
});

test('other shapes are left to the full parse', () => {
  for (const text of [
    '2026-11-27-14.03.11',
    '2026-11-27-14.03.11.5',
    ' 2026-11-27-14.03.11.000000',
    '2026-11-27T14:03:11.000000',
    '0000-01-01-00.00.00.000000',
  ]) {
    assert.equal(isCanonicalPeopleSoftTimestamp(text), false, text);
  }
});
