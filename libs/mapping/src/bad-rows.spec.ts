import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMapping } from './compile-mapping';
import { HUBSPOT_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH } from './hubspot-limits';
import type { MappingResult, SourceEntity } from './mapping-result';
import {
  employeeRow,
  expectMapped,
  expectRejected,
  mapDefault,
  ROW_BUILDERS,
  sourceValue,
  UNSAFE_TEXT,
  vendorRow,
} from './spec-support';

describe('rows with control characters and broken text', () => {
  it('rejects a NUL byte in a name and names the field and character', () => {
    const rejected = expectRejected(
      mapDefault('employee', employeeRow({ FIRST_NAME: 'An\u0000a' })),
    );
    assert.equal(rejected.sourceId, 'KU0001');
    assert.deepEqual(rejected.reasons, [
      'FIRST_NAME contains the control character U+0000 at position 3',
    ]);
  });

  it('rejects other C0 and C1 control characters', () => {
    for (const control of ['\u0007', '\u001B', '\u007F', '\u0085']) {
      const rejected = expectRejected(
        mapDefault('employee', employeeRow({ JOBTITLE: `Senior${control}Analyst` })),
      );
      assert.match(
        rejected.reasons[0],
        /^JOBTITLE contains the control character U\+00[0-9A-F]{2}/,
      );
    }
  });

  it('keeps tabs and line breaks, which HubSpot text accepts', () => {
    const record = expectMapped(
      mapDefault('vendor', vendorRow({ ADDRESS1: '1 Main St\r\nBuilding\t4' })),
    );
    assert.equal(record.properties.address, '1 Main St\r\nBuilding\t4');
  });

  it('rejects half of a surrogate pair, which cannot be written as UTF-8', () => {
    const rejected = expectRejected(
      mapDefault('employee', employeeRow({ LAST_NAME: 'Smith\uD83D' })),
    );
    assert.deepEqual(rejected.reasons, [
      'LAST_NAME contains a broken Unicode character (U+D83D) at position 6',
    ]);
    expectMapped(mapDefault('employee', employeeRow({ LAST_NAME: 'Smith \uD83D\uDE00' })));
  });

  it('leaves a phone with a control character out with a note (optional field)', () => {
    const record = expectMapped(
      mapDefault('employee', employeeRow({ PHONE: '617\u0000555 0101' })),
    );
    assert.equal(record.properties.phone, undefined);
    assert.deepEqual(record.notes, [
      'PHONE contains the control character U+0000 at position 4; phone was not sent',
    ]);
  });

  it('gives no sourceId for a key with a NUL byte, and escapes it in the reason', () => {
    const rejected = expectRejected(
      mapDefault('employee', employeeRow({ EMPLID: 'KU\u00000001' })),
    );
    assert.equal(rejected.sourceId, null);
    assert.deepEqual(rejected.reasons, [
      "EMPLID 'KU\\u00000001' may only contain letters, digits and punctuation other than ':' (no spaces)",
    ]);
  });

  it('ignores control characters in columns no rule reads', () => {
    expectMapped(mapDefault('employee', employeeRow({ LOCATION: 'B\u0000S' })));
  });

  it('catches control characters brought in by a concatenated field', () => {
    const rejected = expectRejected(mapDefault('vendor', vendorRow({ ADDRESS3: 'Floor\u00002' })));
    assert.deepEqual(rejected.reasons, [
      'address2 contains the control character U+0000 at position 15',
    ]);
  });
});

describe('over-long values', () => {
  it('rejects a 10,000-character name with a short, readable reason', () => {
    const rejected = expectRejected(
      mapDefault('employee', employeeRow({ FIRST_NAME: 'A'.repeat(10_000) })),
    );
    assert.deepEqual(rejected.reasons, [
      'FIRST_NAME is 10000 characters long; firstname takes at most 255',
    ]);
  });

  it(`accepts ${SHORT_TEXT_MAX_LENGTH} characters in a standard property and refuses one more`, () => {
    const at = expectMapped(
      mapDefault('vendor', vendorRow({ NAME1: 'N'.repeat(SHORT_TEXT_MAX_LENGTH), NAME2: '' })),
    );
    assert.equal(at.properties.name.length, SHORT_TEXT_MAX_LENGTH);
    expectRejected(
      mapDefault('vendor', vendorRow({ NAME1: 'N'.repeat(SHORT_TEXT_MAX_LENGTH + 1), NAME2: '' })),
    );
  });

  it(`holds custom properties to HubSpot's ${HUBSPOT_TEXT_MAX_LENGTH} characters`, () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'ml_notes', source: 'NOTES' }] } },
      { defaultRegion: 'US' },
    );
    const at = expectMapped(mapper(employeeRow({ NOTES: 'x'.repeat(HUBSPOT_TEXT_MAX_LENGTH) })));
    assert.equal(at.properties.ml_notes.length, HUBSPOT_TEXT_MAX_LENGTH);
    const over = expectRejected(
      mapper(employeeRow({ NOTES: 'x'.repeat(HUBSPOT_TEXT_MAX_LENGTH + 1) })),
    );
    assert.deepEqual(over.reasons, [
      'NOTES is 65537 characters long; ml_notes takes at most 65536',
    ]);
  });

  it('accepts a long name cut on purpose by an override', () => {
    const mapper = compileMapping(
      'employee',
      {
        employee: {
          fields: [
            {
              target: 'firstname',
              source: 'FIRST_NAME',
              transforms: [{ op: 'truncate', length: 40 }],
            },
          ],
        },
      },
      { defaultRegion: 'US' },
    );
    const record = expectMapped(mapper(employeeRow({ FIRST_NAME: 'A'.repeat(10_000) })));
    assert.equal(record.properties.firstname, 'A'.repeat(40));
    assert.deepEqual(record.notes, ['FIRST_NAME was cut to 40 characters']);
  });

  it('rejects a 10,000-character EMPLID without echoing it whole', () => {
    const rejected = expectRejected(
      mapDefault('employee', employeeRow({ EMPLID: '9'.repeat(10_000) })),
    );
    assert.equal(rejected.sourceId, null);
    assert.equal(rejected.reasons.length, 1);
    assert.ok(rejected.reasons[0].length < 200, rejected.reasons[0]);
    assert.match(
      rejected.reasons[0],
      /^EMPLID '9{60}…' is longer than the 11 characters PeopleSoft allows$/,
    );
  });
});

describe('bad emails', () => {
  const invalid = [
    'bad@',
    '@example.com',
    'no-at-sign.example.com',
    'a b@example.com',
    'a@@example.com',
    'a@example..com',
    'a@-example.com',
    'a@example',
    'a@example.c',
    'a.@example.com',
    '"quoted"@example.com',
    'ünï@example.com',
    'a@[192.168.0.1]',
    `${'l'.repeat(65)}@example.com`,
    `a@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.${'g'.repeat(60)}.com`,
  ];
  for (const email of invalid) {
    it(`rejects ${JSON.stringify(email.length > 40 ? email.slice(0, 40) + '…' : email)}`, () => {
      const rejected = expectRejected(mapDefault('employee', employeeRow({ EMAIL_ADDR: email })));
      assert.equal(rejected.reasons.length, 1);
      assert.match(rejected.reasons[0], /^EMAIL_ADDR '.*' is not a valid email address$/);
    });
  }

  for (const email of [
    "o'brien@example.co.uk",
    'first+tag@sub.example.io',
    'x@xn--bcher-kva.example',
  ]) {
    it(`accepts ${email}`, () => {
      expectMapped(mapDefault('employee', employeeRow({ EMAIL_ADDR: email })));
    });
  }
});

describe('bad dates, statuses and empty rows', () => {
  for (const stamp of [
    '0000-00-00',
    '0000-00-00-00.00.00.000000',
    '2026-02-30-10.00.00.000000',
    '2026-11-27-24.00.00',
    'yesterday',
  ]) {
    it(`rejects LASTUPDDTTM ${stamp}`, () => {
      const rejected = expectRejected(mapDefault('employee', employeeRow({ LASTUPDDTTM: stamp })));
      assert.deepEqual(rejected.reasons, [`LASTUPDDTTM '${stamp}' is not a valid timestamp`]);
    });
  }

  it('rejects a missing LASTUPDDTTM, which the writer needs to order versions', () => {
    const rejected = expectRejected(mapDefault('employee', employeeRow({ LASTUPDDTTM: '' })));
    assert.deepEqual(rejected.reasons, ['LASTUPDDTTM is missing']);
  });

  it('rejects a 0000-00-00 date in an overridden date property unless told to omit it', () => {
    const strict = compileMapping(
      'employee',
      {
        employee: {
          fields: [
            {
              target: 'ml_hire_date',
              source: 'HIRE_DT',
              transforms: [{ op: 'date', format: 'YYYY-MM-DD' }],
            },
          ],
        },
      },
      { defaultRegion: 'US' },
    );
    assert.deepEqual(expectRejected(strict(employeeRow({ HIRE_DT: '0000-00-00' }))).reasons, [
      "HIRE_DT '0000-00-00' is not a valid date",
    ]);
    const lenient = compileMapping(
      'employee',
      {
        employee: {
          fields: [
            {
              target: 'ml_hire_date',
              source: 'HIRE_DT',
              transforms: [{ op: 'date', format: 'YYYY-MM-DD' }],
              onInvalid: 'omit',
            },
          ],
        },
      },
      { defaultRegion: 'US' },
    );
    const record = expectMapped(lenient(employeeRow({ HIRE_DT: '0000-00-00' })));
    assert.equal(record.properties.ml_hire_date, undefined);
    assert.deepEqual(record.notes, [
      "HIRE_DT '0000-00-00' is not a valid date; ml_hire_date was not sent",
    ]);
  });

  it('refuses an employee row without a real EFFDT: it cannot be ranked as the row in force', () => {
    for (const [effdt, reason] of [
      ['', 'EFFDT is missing'],
      ['0000-00-00', "EFFDT '0000-00-00' is not a date (YYYY-MM-DD)"],
      ['2026-02-30', "EFFDT '2026-02-30' is not a date (YYYY-MM-DD)"],
      [
        '2026-11-01-00.00.00.000000',
        "EFFDT '2026-11-01-00.00.00.000000' is not a date (YYYY-MM-DD)",
      ],
    ]) {
      assert.deepEqual(
        expectRejected(mapDefault('employee', employeeRow({ EFFDT: effdt }))).reasons,
        [reason],
      );
    }
    expectMapped(mapDefault('employee', employeeRow({ EFFDT: '2024-02-29' })));
  });

  it('reports an unknown status once, with the codes a clerk can use', () => {
    const rejected = expectRejected(mapDefault('vendor', vendorRow({ VENDOR_STATUS: 'Z' })));
    assert.deepEqual(rejected.reasons, [
      "VENDOR_STATUS 'Z' is not a known vendor status (A Approved, E Unapproved, I Inactive, D Denied, X To be archived)",
    ]);
  });

  it('lists every problem of a row at once', () => {
    const rejected = expectRejected(
      mapDefault(
        'employee',
        employeeRow({ EMPL_STATUS: '', EMAIL_ADDR: 'x@', FIRST_NAME: 'A\u0000' }),
      ),
    );
    assert.deepEqual(rejected.reasons, [
      'EMPL_STATUS is missing',
      "EMAIL_ADDR 'x@' is not a valid email address",
      'FIRST_NAME contains the control character U+0000 at position 2',
    ]);
  });

  it('rejects an empty row with the key, status and timestamp named', () => {
    const rejected = expectRejected(mapDefault('customer', {}));
    assert.deepEqual(rejected.reasons, [
      'SETID is missing',
      'CUST_ID is missing',
      'CUST_STATUS is missing',
      'LASTUPDDTTM is missing',
    ]);
    assert.equal(rejected.sourceId, null);
  });

  it('ignores fields that look like Object.prototype members', () => {
    const mapper = compileMapping(
      'employee',
      { employee: { fields: [{ target: 'ml_probe', source: 'constructor' }] } },
      { defaultRegion: 'US' },
    );
    const record = expectMapped(mapper(employeeRow()));
    assert.equal(record.properties.ml_probe, undefined);
  });
});

const ENTITIES: readonly SourceEntity[] = ['employee', 'vendor', 'customer'];

function assertWellFormed(result: MappingResult): void {
  if (result.ok) {
    for (const [name, value] of Object.entries(result.properties)) {
      assert.notEqual(value, '', `${name} is empty`);
      assert.ok(!UNSAFE_TEXT.test(value), `${name} holds unsafe text`);
      assert.equal(value, value.trim(), `${name} is not trimmed`);
    }
    assert.match(result.contentHash, /^[0-9a-f]{64}$/);
    assert.match(result.sourceUpdatedAt, /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d{6}$/);
    for (const note of result.notes) assert.ok(!UNSAFE_TEXT.test(note), note);
  } else {
    assert.ok(result.reasons.length > 0);
    for (const reason of result.reasons) {
      assert.ok(reason.length > 0 && !UNSAFE_TEXT.test(reason), reason);
    }
    if (result.sourceId !== null) assert.ok(!UNSAFE_TEXT.test(result.sourceId));
  }
}

describe('mapping never throws (property-based)', () => {
  for (const entity of ENTITIES) {
    it(`returns a well-formed result for arbitrary ${entity} records`, () => {
      const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
      fc.assert(
        fc.property(fc.dictionary(fc.string(), sourceValue), (row) => {
          assertWellFormed(mapper(row));
        }),
      );
    });

    it(`returns a well-formed result when the known ${entity} columns hold hostile values`, () => {
      const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
      const columns = Object.keys(ROW_BUILDERS[entity]());
      const hostileRow = fc.record(
        Object.fromEntries(columns.map((column) => [column, sourceValue])),
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(hostileRow, fc.boolean(), (overrides, keepValid) => {
          const row = keepValid ? { ...ROW_BUILDERS[entity](), ...overrides } : overrides;
          assertWellFormed(mapper(row));
        }),
        { numRuns: 300 },
      );
    });
  }
});
