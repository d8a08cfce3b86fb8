import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/min';
import {
  normalizeRegion,
  parseNanpShortcut,
  parsePhone,
  parseWithLibrary,
  parseWithoutCountryChoice,
} from './phone';

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

  it('answers without choosing a country exactly as libphonenumber does, or defers to it', () => {
    const digit = fc.constantFrom(...'0123456789');
    const separator = fc.constantFrom('', ' ', '-', '.', '(', ')');
    // Calling codes shared by several countries (+1, +7, +44, +47, +61, +262, +358, +590, +599)
    // and some with one country, national or international, with and without extensions, and
    // prefixes that a parse may strip ("0", "1", "00", "44", Guernsey's "1481" local form).
    // "10000000" in Canada is where skipping the country choice would go wrong.
    const region = fc.constantFrom(
      ...([
        'US',
        'CA',
        'PR',
        'JM',
        'GB',
        'GG',
        'IM',
        'JE',
        'RU',
        'KZ',
        'NO',
        'SJ',
        'AU',
        'CC',
      ] as const),
      ...(['RE', 'YT', 'FI', 'AX', 'GP', 'CW', 'BQ', 'IT', 'VA', 'DE', 'FR', 'BR', 'MX'] as const),
    ) as fc.Arbitrary<CountryCode>;
    const phone = fc
      .tuple(
        fc.constantFrom(
          ...['', '', '+', '+1 ', '+44 ', '+44 (0)', '+7', '+47 ', '+61 ', '+262', '+599 '],
          ...['00', '0', '1', '44', '8', '01481 ', '1481', '180020', '011'],
        ),
        fc.array(fc.tuple(digit, separator), { minLength: 3, maxLength: 15 }),
        fc.constantFrom('', ' x12', ' ext. 7', '#9'),
      )
      .map(([prefix, parts, ext]) => prefix + parts.map(([d, s]) => d + s).join('') + ext);
    let decided = 0;
    fc.assert(
      fc.property(phone, region, (raw, country) => {
        const quick = parseWithoutCountryChoice(raw, country);
        if (typeof quick === 'symbol') return;
        decided++;
        assert.deepEqual(quick, parseWithLibrary(raw, country), `${raw} in ${country}`);
      }),
      { numRuns: 5_000 },
    );
    // The quick path must answer most numbers itself, or it saves nothing.
    assert.ok(decided > 2_500, `only ${decided} of 5000 answered without the full parse`);
    assert.deepEqual(parseWithoutCountryChoice('030 901820 x12', 'DE'), {
      e164: '+4930901820',
      extension: '12',
    });
    assert.deepEqual(parseWithoutCountryChoice('8 (495) 123-45-67', 'KZ'), {
      e164: '+74951234567',
    });
    // Shapes the mapping bench uses: a number read in GB, and a UK number given with +44.
    assert.deepEqual(parseWithoutCountryChoice('212-555-1234 x12', 'GB'), {
      e164: '+442125551234',
      extension: '12',
    });
    assert.deepEqual(parseWithoutCountryChoice('+44 20 7946 0018', 'US'), {
      e164: '+442079460018',
    });
    // Canada takes 7-digit national numbers and the United States does not: the full parse.
    assert.equal(typeof parseWithoutCountryChoice('10000000', 'CA'), 'symbol');
    assert.equal(typeof parseWithoutCountryChoice('0 1481 256789', 'GB'), 'symbol');
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
