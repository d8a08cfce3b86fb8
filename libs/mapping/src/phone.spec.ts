import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeRegion, parseNanpShortcut, parsePhone, parseWithLibrary } from './phone';

describe('parsePhone', () => {
  it('normalises common office formats to E.164', () => {
    const cases: [string, 'US' | 'GB' | 'DE' | 'FR', string][] = [
      ['(617) 555-0101', 'US', '+16175550101'],
      ['617/555-0101', 'US', '+16175550101'],
      ['+1 617 555 0101', 'GB', '+16175550101'],
      ['020 7946 0018', 'GB', '+442079460018'],
      ['+44 (0)20 7946 0018', 'US', '+442079460018'],
      ['030 901820', 'DE', '+4930901820'],
      ['01 23 45 67 89', 'FR', '+33123456789'],
    ];
    for (const [raw, region, e164] of cases) assert.equal(parsePhone(raw, region)?.e164, e164, raw);
  });

  it('separates an extension', () => {
    assert.deepEqual(parsePhone('617-555-0101 x12', 'US'), {
      e164: '+16175550101',
      extension: '12',
    });
    assert.deepEqual(parsePhone('+44 20 7946 0018 ext. 7', 'US'), {
      e164: '+442079460018',
      extension: '7',
    });
  });

  it('refuses what is not a phone number', () => {
    for (const raw of [
      '',
      'n/a',
      '12',
      '555-0101',
      '1'.repeat(30),
      `${'6'.repeat(65)}`,
      '617-555-0101'.padEnd(70, ','),
    ]) {
      assert.equal(parsePhone(raw, 'US'), undefined, raw);
    }
  });

  it('answers the same from the cache as the first time', () => {
    const first = parsePhone('+49 30 901820', 'US');
    assert.deepEqual(parsePhone('+49 30 901820', 'US'), first);
  });

  it('takes the NANP shortcut only where libphonenumber gives the same answer', () => {
    const digit = fc.constantFrom(...'0123456789');
    const separator = fc.constantFrom('', ' ', '-', '.', '(', ')');
    const nanpLike = fc
      .tuple(
        fc.constantFrom('', '+1', '+1 ', '1'),
        fc.array(fc.tuple(digit, separator), { minLength: 9, maxLength: 12 }),
        fc.constantFrom('', ' x12', ' ext. 7', ', ext 3'),
      )
      .map(([prefix, parts, ext]) => prefix + parts.map(([d, s]) => d + s).join('') + ext);
    fc.assert(
      fc.property(
        nanpLike,
        fc.constantFrom('US', 'CA', 'GB') as fc.Arbitrary<'US' | 'CA' | 'GB'>,
        (raw, region) => {
          const fast = parseNanpShortcut(raw, region);
          if (fast !== undefined) assert.deepEqual(fast, parseWithLibrary(raw, region), raw);
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (raw) => {
        const parsed = parsePhone(raw, 'US');
        if (parsed !== undefined) assert.match(parsed.e164, /^\+[1-9]\d{6,14}$/);
      }),
    );
  });
});

describe('normalizeRegion', () => {
  it('accepts any case and surrounding spaces, and refuses unknown regions', () => {
    assert.equal(normalizeRegion(' us '), 'US');
    assert.equal(normalizeRegion('gb'), 'GB');
    assert.equal(normalizeRegion('ZZ'), undefined);
    assert.equal(normalizeRegion('USA'), undefined);
    assert.equal(normalizeRegion(''), undefined);
  });
});
