import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countryNameFromAlpha3, regionFromAlpha3 } from './country';
import { quoteValue } from './describe-value';
import { isValidEmail, normalizeEmail } from './email';
import { escapeUnsafe, textProblem } from './text-checks';
import { hostileString, UNSAFE_TEXT } from './spec-support';
import { truncateText } from './truncate';

describe('textProblem', () => {
  it('finds control characters and broken surrogates, not ordinary text', () => {
    assert.equal(textProblem('plain\ttext\r\n'), undefined);
    assert.equal(textProblem('Zoë 😀'), undefined);
    assert.equal(textProblem('a\u0000'), 'contains the control character U+0000 at position 2');
    assert.equal(textProblem('\u009Fx'), 'contains the control character U+009F at position 1');
    assert.equal(
      textProblem('x\uDE00'),
      'contains a broken Unicode character (U+DE00) at position 2',
    );
  });
});

describe('textProblem on any string', () => {
  it('finds a problem exactly where an unsafe character is', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        assert.equal(
          textProblem(value) !== undefined,
          UNSAFE_TEXT.test(value),
          JSON.stringify(value),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('escapeUnsafe and quoteValue', () => {
  it('always produce storable text', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        assert.ok(!UNSAFE_TEXT.test(escapeUnsafe(value)));
        assert.ok(!UNSAFE_TEXT.test(quoteValue(value)));
      }),
    );
  });

  it('shortens long values without splitting a surrogate pair', () => {
    const value = 'a'.repeat(59) + '😀' + 'b'.repeat(100);
    assert.equal(quoteValue(value), `'${'a'.repeat(59)}…'`);
    assert.equal(quoteValue('short'), "'short'");
    assert.equal(truncateText('ab😀', 3), 'ab');
  });
});

describe('email helpers', () => {
  it('normalise as HubSpot stores addresses', () => {
    assert.equal(normalizeEmail('  Ana@Example.COM '), 'ana@example.com');
  });

  it('accept exactly 64-character local parts and 254-character addresses', () => {
    assert.equal(isValidEmail(`${'l'.repeat(64)}@example.com`), true);
    const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.com`;
    assert.equal(isValidEmail(`${'l'.repeat(254 - domain.length - 1)}@${domain}`), true);
    assert.equal(isValidEmail(`${'l'.repeat(255 - domain.length - 1)}@${domain}`), false);
  });
});

describe('country codes', () => {
  it('map PeopleSoft 3-letter codes to names and regions', () => {
    assert.equal(countryNameFromAlpha3('USA'), 'United States');
    assert.equal(countryNameFromAlpha3(' gbr '), 'United Kingdom');
    assert.equal(countryNameFromAlpha3('KOS'), 'Kosovo');
    assert.equal(countryNameFromAlpha3('US'), undefined);
    assert.equal(regionFromAlpha3('DEU'), 'DE');
    assert.equal(regionFromAlpha3('ZAR'), 'CD');
    assert.equal(regionFromAlpha3('constructor'), undefined);
  });
});
