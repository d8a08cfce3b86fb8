import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMapping } from './compile-mapping';
import type { MappingResult } from './mapping-result';
import type { SourceRow } from './source-row';
import { toTitleCase } from './text-case';
import { employeeRow, expectMapped, expectRejected } from './spec-support';

/** Maps VALUE (and any extra columns) through `transforms` into the custom property ml_probe. */
function probe(
  transforms: unknown[],
  value: string,
  extra: Record<string, string> = {},
  region = 'US',
) {
  const mapper = compileMapping(
    'employee',
    { employee: { fields: [{ target: 'ml_probe', source: 'VALUE', transforms }] } },
    { defaultRegion: region },
  );
  return mapper(employeeRow({ VALUE: value, ...extra }));
}

function probeValue(transforms: unknown[], value: string, extra: Record<string, string> = {}) {
  return expectMapped(probe(transforms, value, extra)).properties.ml_probe;
}

describe('transforms', () => {
  it('trim removes surrounding whitespace', () => {
    assert.equal(
      probeValue(['trim', { op: 'concat', fields: ['PAD'], separator: '|' }], ' a ', { PAD: 'b' }),
      'a|b',
    );
  });

  it('lower and upper change case', () => {
    assert.equal(probeValue(['lower'], 'MiXeD Çase'), 'mixed çase');
    assert.equal(probeValue(['upper'], 'MiXeD çase'), 'MIXED ÇASE');
  });

  it('title capitalises words, Irish and French prefixes, but not contractions or ordinals', () => {
    assert.equal(probeValue(['title'], "o'BRIEN-SMITH"), "O'Brien-Smith");
    assert.equal(probeValue(['title'], "DON'T STOP"), "Don't Stop");
    assert.equal(probeValue(['title'], '3RD AVE'), '3rd Ave');
    assert.equal(probeValue(['title'], "d'ARTAGNAN de LA FÈRE"), "D'Artagnan De La Fère");
  });

  it('title is stable: a second pass changes nothing and the length is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const once = toTitleCase(text);
        assert.equal(toTitleCase(once), once);
        assert.equal(once.length, text.toLowerCase().length);
      }),
    );
  });

  it('default fills an empty value from a constant or another field', () => {
    assert.equal(probeValue([{ op: 'default', value: 'n/a' }], '  '), 'n/a');
    assert.equal(probeValue([{ op: 'default', value: 'n/a' }], 'given'), 'given');
    assert.equal(probeValue([{ op: 'default', field: 'LOCATION' }], ''), 'BOS');
  });

  it('lookup maps exact keys and passes other values through', () => {
    const table = { BOS: 'Boston', NYC: 'New York' };
    assert.equal(probeValue([{ op: 'lookup', table }], 'BOS'), 'Boston');
    assert.equal(probeValue([{ op: 'lookup', table }], 'bos'), 'bos');
    assert.equal(probeValue([{ op: 'lookup', table }], 'LAX'), 'LAX');
  });

  it('lookup can ignore case and replace unmatched values', () => {
    const spec = {
      op: 'lookup',
      table: { BOS: 'Boston' },
      caseInsensitive: true,
      otherwise: 'Elsewhere',
    };
    assert.equal(probeValue([spec], 'bos'), 'Boston');
    assert.equal(probeValue([spec], 'LAX'), 'Elsewhere');
  });

  it('lookup treats "__proto__" and "constructor" as ordinary keys', () => {
    const table = JSON.parse('{"__proto__": "proto", "constructor": "ctor"}') as Record<
      string,
      string
    >;
    assert.equal(probeValue([{ op: 'lookup', table }], '__proto__'), 'proto');
    assert.equal(probeValue([{ op: 'lookup', table }], 'constructor'), 'ctor');
    assert.equal(probeValue([{ op: 'lookup', table }], 'toString'), 'toString');
  });

  it('concat joins non-empty fields with the separator', () => {
    const spec = { op: 'concat', fields: ['A', 'B', 'C'], separator: ' / ' };
    assert.equal(probeValue([spec], 'start', { A: 'a', B: '', C: 'c' }), 'start / a / c');
    assert.equal(probeValue([spec], '', { A: '', B: 'b', C: '' }), 'b');
  });

  it('concat with distinct skips parts already present, ignoring case', () => {
    const spec = { op: 'concat', fields: ['A', 'B'], separator: ' ', distinct: true };
    assert.equal(probeValue([spec], 'Acme', { A: 'ACME', B: 'Inc' }), 'Acme Inc');
  });

  it('date reformats PeopleSoft dates and timestamps', () => {
    assert.equal(
      probeValue([{ op: 'date', format: 'YYYY-MM-DD' }], '2026-11-27-14.03.11.000000'),
      '2026-11-27',
    );
    assert.equal(
      probeValue([{ op: 'date', format: 'DD.MM.YYYY HH:mm' }], '2026-11-27-14.03.11'),
      '27.11.2026 14:03',
    );
    assert.equal(
      probeValue([{ op: 'date', format: 'epoch-ms-midnight' }], '2026-11-27'),
      String(Date.UTC(2026, 10, 27)),
    );
    assert.equal(
      probeValue([{ op: 'date', format: 'epoch-ms' }], '2026-11-27-00.00.01.250000'),
      String(Date.UTC(2026, 10, 27, 0, 0, 1, 250)),
    );
    assert.equal(
      probeValue([{ op: 'date', format: 'iso-datetime' }], '11/27/2026'),
      '2026-11-27T00:00:00.000Z',
    );
    assert.equal(
      probeValue([{ op: 'date', format: 'iso-datetime' }], '2026-11-27T10:00:00+02:00'),
      '2026-11-27T08:00:00.000Z',
    );
  });

  it('date refuses days that do not exist', () => {
    for (const value of ['0000-00-00', '2026-02-29', '2026-13-01', '31/12/2026']) {
      const rejected = expectRejected(probe([{ op: 'date', format: 'YYYY-MM-DD' }], value));
      assert.deepEqual(rejected.reasons, [`VALUE '${value}' is not a valid date`]);
    }
  });

  it('phone normalises to E.164 in a fixed region or the region of a country column', () => {
    assert.equal(probeValue([{ op: 'phone', region: 'de' }], '030 901820'), '+4930901820');
    assert.equal(
      probeValue([{ op: 'phone', regionField: 'CTRY' }], '020 7946 0018', { CTRY: 'GBR' }),
      '+442079460018',
    );
    assert.equal(probeValue(['phone'], '(617) 555-0101'), '+16175550101');
  });

  it('phone can keep the extension after the number', () => {
    assert.equal(
      probeValue([{ op: 'phone', extension: 'append' }], '617-555-0101 ext. 42'),
      '+16175550101 ext. 42',
    );
  });

  it('phone refuses text that is not a number, and absurdly long input', () => {
    assert.deepEqual(expectRejected(probe(['phone'], '12')).reasons, [
      "VALUE '12' is not a valid phone number for US",
    ]);
    expectRejected(probe(['phone'], '6'.repeat(100)));
  });

  it('country turns PeopleSoft 3-letter codes into the names HubSpot shows', () => {
    assert.equal(probeValue(['country'], 'USA'), 'United States');
    assert.equal(probeValue(['country'], 'deu'), 'Germany');
    assert.equal(probeValue(['country'], 'ROM'), 'Romania');
    assert.deepEqual(expectRejected(probe(['country'], 'XYZ')).reasons, [
      "VALUE 'XYZ' is not a known ISO 3166 country code",
    ]);
  });

  it('truncate cuts to the length with a note, never splitting a surrogate pair', () => {
    const record = expectMapped(probe([{ op: 'truncate', length: 5 }], 'abcd😀ef'));
    assert.equal(record.properties.ml_probe, 'abcd');
    assert.deepEqual(record.notes, ['VALUE was cut to 5 characters']);
    assert.equal(probeValue([{ op: 'truncate', length: 5 }], 'abc'), 'abc');
  });

  it('runs a chain in order', () => {
    assert.equal(
      probeValue(
        [
          'trim',
          'upper',
          { op: 'truncate', length: 3 },
          { op: 'lookup', table: { ABC: 'first three' } },
        ],
        ' abcdef ',
      ),
      'first three',
    );
  });

  it('stops at the first failing step', () => {
    const result: MappingResult = probe(['country', { op: 'default', value: 'Unknown' }], 'XYZ');
    assert.deepEqual(expectRejected(result).reasons, [
      "VALUE 'XYZ' is not a known ISO 3166 country code",
    ]);
  });
});

describe('field overrides', () => {
  const options = { defaultRegion: 'US' };
  const row: SourceRow = employeeRow({ LOCATION: 'BOS' });

  it('adds a property from another column', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'ml_location', source: 'LOCATION' }] } },
      options,
    );
    assert.equal(expectMapped(mapper(row)).properties.ml_location, 'BOS');
  });

  it('replaces a default rule in full', () => {
    const mapper = compileMapping(
      'employee',
      {
        employee: {
          fields: [{ target: 'firstname', source: 'FIRST_NAME', transforms: ['upper'] }],
        },
      },
      options,
    );
    assert.equal(expectMapped(mapper(row)).properties.firstname, 'ANA');
  });

  it('sets a constant', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'ml_source', constant: 'PeopleSoft HR' }] } },
      options,
    );
    assert.equal(expectMapped(mapper(row)).properties.ml_source, 'PeopleSoft HR');
  });

  it('drops a default property', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'phone', drop: true }] } },
      options,
    );
    const record = expectMapped(mapper(row));
    assert.equal('phone' in record.properties, false);
  });

  it('renames a default property and keeps its transforms', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'phone', rename: 'mobilephone' }] } },
      options,
    );
    const record = expectMapped(mapper(row));
    assert.equal(record.properties.mobilephone, '+16175550101');
    assert.equal('phone' in record.properties, false);
  });

  it('keeps lower-casing and validating the email after a rename', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'email', rename: 'ml_work_email' }] } },
      options,
    );
    assert.equal(expectMapped(mapper(row)).properties.ml_work_email, 'ana.mcdonald@example.com');
    assert.deepEqual(expectRejected(mapper(employeeRow({ EMAIL_ADDR: 'nope' }))).reasons, [
      "EMAIL_ADDR 'nope' is not a valid email address",
    ]);
  });

  it('validates any rule that targets email', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'email', source: 'HOME_EMAIL' }] } },
      options,
    );
    assert.equal(
      expectMapped(mapper(employeeRow({ HOME_EMAIL: 'Me@Home.Example' }))).properties.email,
      'me@home.example',
    );
    expectRejected(mapper(employeeRow({ HOME_EMAIL: 'me@home' })));
  });

  it('applies only the section of the entity being mapped', () => {
    const doc = { vendor: { fields: [{ target: 'ml_class', source: 'VENDOR_CLASS' }] } };
    const record = expectMapped(compileMapping('employee', doc, options)(row));
    assert.equal('ml_class' in record.properties, false);
  });

  it('treats null, undefined and an empty document as the defaults', () => {
    const defaults = expectMapped(compileMapping('employee', undefined, options)(row));
    for (const doc of [null, {}, { version: 1 }, { employee: { fields: [] } }]) {
      assert.equal(
        expectMapped(compileMapping('employee', doc, options)(row)).contentHash,
        defaults.contentHash,
      );
    }
  });
});
