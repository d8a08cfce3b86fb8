import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileDateFormat, parseSourceDate } from './date-format';
import { canonicalOfParsed, canonicalSourceTimestamp } from './source-timestamp';

describe('parseSourceDate', () => {
  it('reads PeopleSoft dates, timestamps, ISO 8601 and US dates', () => {
    assert.deepEqual(parseSourceDate('2026-11-27-14.03.11.123456'), {
      year: 2026,
      month: 11,
      day: 27,
      hour: 14,
      minute: 3,
      second: 11,
      millisecond: 123,
    });
    assert.equal(parseSourceDate('2026-11-27')?.day, 27);
    assert.equal(parseSourceDate('2026-11-27T23:30:00-01:00')?.day, 28);
    assert.equal(parseSourceDate('11/27/2026')?.month, 11);
  });

  it('refuses dates that do not exist', () => {
    for (const raw of [
      '0000-00-00',
      '0000-00-00-00.00.00.000000',
      '2026-00-10',
      '2025-02-29',
      '2026-04-31',
      '0999-01-01',
      '2026-11-27-23.60.00',
      '2026-11-27T10:00:00+24:00',
      '',
    ]) {
      assert.equal(parseSourceDate(raw), undefined, raw);
    }
    assert.notEqual(parseSourceDate('2028-02-29'), undefined);
  });
});

describe('compileDateFormat', () => {
  it('compiles only the known tokens and separators', () => {
    const parts = parseSourceDate('2026-01-02-03.04.05')!;
    assert.equal(compileDateFormat('YYYY/MM/DD HH:mm:ss')?.(parts), '2026/01/02 03:04:05');
    assert.equal(compileDateFormat('DD.MM.YYYY')?.(parts), '02.01.2026');
    for (const format of ['', 'yyyy-mm-dd', 'YYYY-MM-DD${x}', 'MM DD YYYY!', '%Y']) {
      assert.equal(compileDateFormat(format), undefined, format);
    }
  });
});

describe('canonicalSourceTimestamp', () => {
  it('pads PeopleSoft timestamps to 26 characters, keeping microseconds as written', () => {
    assert.equal(
      canonicalSourceTimestamp('2026-11-27-14.03.11.123456'),
      '2026-11-27-14.03.11.123456',
    );
    assert.equal(canonicalSourceTimestamp('2026-11-27-14.03.11.1'), '2026-11-27-14.03.11.100000');
    assert.equal(canonicalSourceTimestamp(' 2026-11-27-14.03.11 '), '2026-11-27-14.03.11.000000');
  });

  it('turns the other accepted shapes into the PeopleSoft form', () => {
    assert.equal(canonicalSourceTimestamp('2026-11-27'), '2026-11-27-00.00.00.000000');
    assert.equal(canonicalSourceTimestamp('2026-11-27T14:03:11.5Z'), '2026-11-27-14.03.11.500000');
  });

  it('refuses non-instants', () => {
    for (const raw of ['0000-00-00', '2026-02-30-00.00.00.000000', 'now', '']) {
      assert.equal(canonicalSourceTimestamp(raw), undefined, raw);
    }
  });

  it('answers for the canonical form exactly as the general parse does', () => {
    // Edge values around every range limit, so leap days and month ends are hit often.
    const part = (values: number[], width: number) =>
      fc
        .oneof(fc.constantFrom(...values), fc.integer({ min: 0, max: 10 ** width - 1 }))
        .map((value) => String(value).padStart(width, '0'));
    const canonical = fc
      .tuple(
        part([999, 1000, 1900, 2000, 2024, 2100, 2400, 9999], 4),
        part([0, 1, 2, 4, 9, 11, 12, 13], 2),
        part([0, 1, 28, 29, 30, 31, 32], 2),
        part([0, 23, 24], 2),
        part([0, 59, 60], 2),
        part([0, 59, 60], 2),
        part([0, 999_999], 6),
      )
      .map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d}-${h}.${mi}.${s}.${f}`);
    fc.assert(
      fc.property(canonical, fc.constantFrom('', ' '), (text, pad) => {
        assert.equal(canonicalSourceTimestamp(pad + text + pad), canonicalOfParsed(text), text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('orders as text exactly as the instants order', () => {
    const stamp = fc
      .record({
        ms: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
        micros: fc.integer({ min: 0, max: 999_999 }),
        digits: fc.integer({ min: 0, max: 6 }),
      })
      .map(({ ms, micros, digits }) => {
        const iso = new Date(ms).toISOString();
        const fraction = String(micros).padStart(6, '0').slice(0, digits);
        const text =
          `${iso.slice(0, 10)}-${iso.slice(11, 13)}.${iso.slice(14, 16)}.${iso.slice(17, 19)}` +
          (digits > 0 ? `.${fraction}` : '');
        return { text, instant: Math.floor(ms / 1000) * 1e6 + Number(fraction.padEnd(6, '0')) };
      });
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        const left = canonicalSourceTimestamp(a.text)!;
        const right = canonicalSourceTimestamp(b.text)!;
        assert.equal(left.length, 26);
        assert.equal(canonicalSourceTimestamp(left), left);
        // Downstream code compares with < and >=, so that is what must agree.
        const textOrder = left < right ? -1 : left > right ? 1 : 0;
        assert.equal(textOrder, Math.sign(a.instant - b.instant));
      }),
    );
  });
});
