import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMapping, MappingDocumentError } from './compile-mapping';
import { validateMappingDocument } from './mapping-document-validator';
import { UNSAFE_TEXT } from './spec-support';

/** The issues of an invalid document as [path, message] pairs. */
function issuesOf(doc: unknown): [string, string][] {
  const result = validateMappingDocument(doc);
  if (result.ok) assert.fail('expected the document to be invalid');
  return result.issues.map((issue) => [issue.path, issue.message]);
}

const employee = (...fields: unknown[]) => ({ employee: { fields } });

describe('validateMappingDocument', () => {
  it('accepts a document using every kind of entry', () => {
    const result = validateMappingDocument({
      version: 1,
      employee: {
        fields: [
          { target: 'firstname', source: 'FIRST_NAME', transforms: ['trim', 'title'] },
          {
            target: 'ml_location',
            source: 'LOCATION',
            transforms: [{ op: 'lookup', table: { BOS: 'Boston' } }],
            onInvalid: 'omit',
          },
          { target: 'ml_source', constant: 'PeopleSoft' },
          { target: 'jobtitle', drop: true },
          { target: 'phone', rename: 'mobilephone' },
        ],
      },
      vendor: { fields: [{ target: 'ml_class', source: 'VENDOR_CLASS' }] },
    });
    assert.equal(result.ok, true);
  });

  it('refuses a document that is not an object', () => {
    assert.deepEqual(issuesOf([]), [['', 'must be an object, not an array']]);
    assert.deepEqual(issuesOf('{}'), [['', 'must be an object, not a string']]);
  });

  it('points at unknown keys, including misspelt entities', () => {
    assert.deepEqual(issuesOf({ employe: { fields: [] } }), [
      [
        '/employe',
        'unknown key in the mapping document (allowed: version, employee, vendor, customer)',
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'firstname', source: 'X', transfroms: [] })), [
      [
        '/employee/fields/0/transfroms',
        'unknown key in a field entry (allowed: target, source, transforms, onInvalid, constant, drop, rename)',
      ],
    ]);
  });

  it('accepts only version 1', () => {
    assert.deepEqual(issuesOf({ version: 2 }), [['/version', 'only version 1 exists, got 2']]);
  });

  it('points at a malformed entity section', () => {
    assert.deepEqual(issuesOf({ vendor: [] }), [
      ['/vendor', "must be an object with 'fields', not an array"],
    ]);
    assert.deepEqual(issuesOf({ vendor: { fields: {} } }), [
      ['/vendor/fields', 'must be a list of at most 200 entries'],
    ]);
    assert.deepEqual(
      issuesOf({ vendor: { fields: Array(201).fill({ target: 'name', drop: true }) } }),
      [['/vendor/fields', 'must be a list of at most 200 entries']],
    );
  });

  it('points at a malformed field entry', () => {
    assert.deepEqual(issuesOf(employee('firstname')), [
      ['/employee/fields/0', "must be an object with a 'target', not a string"],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'First Name', source: 'X' })), [
      [
        '/employee/fields/0/target',
        "'First Name' is not a HubSpot property name (lower-case letter first, then a-z, 0-9, _)",
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', constant: 'a', drop: true })), [
      [
        '/employee/fields/0',
        "give exactly one of 'source'/'transforms', 'constant', 'drop' or 'rename' (found constant and drop)",
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x' })), [
      [
        '/employee/fields/0',
        "give exactly one of 'source'/'transforms', 'constant', 'drop' or 'rename'",
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', onInvalid: 'omit' })), [
      ['/employee/fields/0', "needs a 'source' field or at least one transform to produce a value"],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', source: 'X', onInvalid: 'skip' })), [
      ['/employee/fields/0/onInvalid', "must be 'reject' or 'omit'"],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', source: 'A.FIRST_NAME' })), [
      [
        '/employee/fields/0/source',
        "'A.FIRST_NAME' is not a PeopleSoft field name (letters, digits, underscores)",
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'jobtitle', drop: 'yes' })), [
      ['/employee/fields/0/drop', 'must be true'],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'jobtitle', rename: 'Job Title' })), [
      [
        '/employee/fields/0/rename',
        "'Job Title' is not a HubSpot property name (lower-case letter first, then a-z, 0-9, _)",
      ],
    ]);
  });

  it('refuses constants that are empty or carry control characters', () => {
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', constant: '  ' })), [
      ['/employee/fields/0/constant', 'must not be empty'],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', constant: 'a\u0000b' })), [
      ['/employee/fields/0/constant', 'contains the control character U+0000 at position 2'],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'ml_x', constant: 7 })), [
      ['/employee/fields/0/constant', 'must be a string, not a number'],
    ]);
  });

  it('points at the transform that is wrong', () => {
    const at = (...transforms: unknown[]) =>
      issuesOf(employee({ target: 'ml_x', source: 'X', transforms }));
    assert.deepEqual(at('trim', 'eval'), [
      [
        '/employee/fields/0/transforms/1',
        "unknown transform 'eval' (known: trim, lower, upper, title, country, default, lookup, concat, date, phone, truncate)",
      ],
    ]);
    assert.deepEqual(at({ op: 'exec', command: 'rm' }), [
      [
        '/employee/fields/0/transforms/0/op',
        "unknown transform 'exec' (known: trim, lower, upper, title, country, default, lookup, concat, date, phone, truncate)",
      ],
    ]);
    assert.deepEqual(at({ fields: [] }), [
      ['/employee/fields/0/transforms/0/op', "transform is missing its 'op'"],
    ]);
    assert.deepEqual(at(42), [
      [
        '/employee/fields/0/transforms/0',
        "a transform must be a name or an object with 'op', not a number",
      ],
    ]);
    assert.deepEqual(at('lookup'), [
      [
        '/employee/fields/0/transforms/0',
        `transform 'lookup' needs parameters: write it as { "op": "lookup", ... }`,
      ],
    ]);
    assert.deepEqual(at({ op: 'trim', mode: 'both' }), [
      ['/employee/fields/0/transforms/0/mode', "unknown key in transform 'trim' (allowed: op)"],
    ]);
    assert.deepEqual(at({ op: 'default' }), [
      ['/employee/fields/0/transforms/0', "'default' needs exactly one of 'value' or 'field'"],
    ]);
    assert.deepEqual(at({ op: 'default', field: 'bad field' }), [
      [
        '/employee/fields/0/transforms/0/field',
        "'bad field' is not a PeopleSoft field name (letters, digits, underscores)",
      ],
    ]);
    assert.deepEqual(at({ op: 'lookup', table: {} }), [
      ['/employee/fields/0/transforms/0/table', 'must have between 1 and 10000 entries'],
    ]);
    assert.deepEqual(at({ op: 'lookup', table: [] }), [
      [
        '/employee/fields/0/transforms/0/table',
        'must be an object of "from": "to" strings, not an array',
      ],
    ]);
    assert.deepEqual(at({ op: 'lookup', table: { 'a/b~c': 1 } }), [
      ['/employee/fields/0/transforms/0/table/a~1b~0c', 'must be a string, not a number'],
    ]);
    assert.deepEqual(at({ op: 'lookup', table: { a: 'x', A: 'y' }, caseInsensitive: true }), [
      [
        '/employee/fields/0/transforms/0/table/A',
        'clashes with another key that differs only in case',
      ],
    ]);
    assert.deepEqual(at({ op: 'lookup', table: { a: 'x' }, caseInsensitive: 'yes' }), [
      ['/employee/fields/0/transforms/0/caseInsensitive', 'must be true or false'],
    ]);
    assert.deepEqual(at({ op: 'concat', fields: ['A', 'B-C'] }), [
      [
        '/employee/fields/0/transforms/0/fields/1',
        "'B-C' is not a PeopleSoft field name (letters, digits, underscores)",
      ],
    ]);
    assert.deepEqual(at({ op: 'concat', fields: [] }), [
      [
        '/employee/fields/0/transforms/0/fields',
        'must be a list of 1 to 20 PeopleSoft field names',
      ],
    ]);
    assert.deepEqual(at({ op: 'concat', fields: ['A'], separator: ' -- and -- ' }), [
      ['/employee/fields/0/transforms/0/separator', 'must be at most 10 characters'],
    ]);
    assert.deepEqual(at({ op: 'date', format: '%Y-%m-%d' }), [
      [
        '/employee/fields/0/transforms/0/format',
        'must be epoch-ms, epoch-ms-midnight, iso-datetime or a pattern of YYYY MM DD HH mm ss separated by - / . : , space or T',
      ],
    ]);
    assert.deepEqual(at({ op: 'phone', region: 'XX' }), [
      ['/employee/fields/0/transforms/0/region', '"XX" is not a supported ISO 3166 alpha-2 region'],
    ]);
    assert.deepEqual(at({ op: 'phone', extension: 'keep' }), [
      ['/employee/fields/0/transforms/0/extension', "must be 'drop' or 'append'"],
    ]);
    assert.deepEqual(at({ op: 'truncate', length: 0 }), [
      ['/employee/fields/0/transforms/0/length', 'must be a whole number from 1 to 65536'],
    ]);
    assert.deepEqual(at({ op: 'truncate', length: 2.5 }), [
      ['/employee/fields/0/transforms/0/length', 'must be a whole number from 1 to 65536'],
    ]);
  });

  it('refuses changes to the properties the sync depends on', () => {
    assert.deepEqual(issuesOf(employee({ target: 'ml_peoplesoft_id', source: 'NATIONAL_ID' })), [
      [
        '/employee/fields/0',
        "'ml_peoplesoft_id' is the sync key built from EMPLID; it cannot be changed",
      ],
    ]);
    assert.deepEqual(
      issuesOf({ vendor: { fields: [{ target: 'ml_last_synced_at', constant: 'x' }] } }),
      [
        [
          '/vendor/fields/0',
          "'ml_last_synced_at' is set by the writer at send time; it cannot be mapped",
        ],
      ],
    );
    assert.deepEqual(
      issuesOf({ customer: { fields: [{ target: 'ml_peoplesoft_status', drop: true }] } }),
      [
        [
          '/customer/fields/0',
          "'ml_peoplesoft_status' carries CUST_STATUS, which decides the record's lifecycle; it cannot be changed",
        ],
      ],
    );
    assert.deepEqual(issuesOf(employee({ target: 'phone', rename: 'ml_peoplesoft_id' })), [
      [
        '/employee/fields/0',
        "'ml_peoplesoft_id' is the sync key built from EMPLID; it cannot be changed",
      ],
    ]);
  });

  it('checks drops and renames against the default mapping', () => {
    assert.deepEqual(issuesOf(employee({ target: 'fax', drop: true })), [
      [
        '/employee/fields/0',
        "cannot drop 'fax': it is not mapped (mapped: email, firstname, jobtitle, lastname, ml_department, ml_employment_status, phone)",
      ],
    ]);
    assert.deepEqual(issuesOf(employee({ target: 'phone', rename: 'email' })), [
      ['/employee/fields/0', "cannot rename to 'email': that property is already mapped"],
    ]);
    assert.deepEqual(
      issuesOf(
        employee({ target: 'jobtitle', drop: true }, { target: 'jobtitle', constant: 'Staff' }),
      ),
      [['/employee/fields/1', "'jobtitle' was already changed by /employee/fields/0"]],
    );
  });

  it('reports every problem in one pass', () => {
    const issues = issuesOf({
      version: 3,
      employee: {
        fields: [
          { target: 'BAD', source: 'X' },
          { target: 'ml_x', source: 'X', transforms: ['nope'] },
        ],
      },
      vendor: 'none',
    });
    assert.deepEqual(
      issues.map(([path]) => path),
      ['/version', '/employee/fields/0/target', '/employee/fields/1/transforms/0', '/vendor'],
    );
  });

  it('formats each issue as one readable line', () => {
    const result = validateMappingDocument({ ...employee({ target: 'ml_x' }), extra: 1 });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual(result.errors, [
        '/extra: unknown key in the mapping document (allowed: version, employee, vendor, customer)',
        "/employee/fields/0: give exactly one of 'source'/'transforms', 'constant', 'drop' or 'rename'",
      ]);
    }
    const notObject = validateMappingDocument(null);
    assert.deepEqual(notObject.ok ? [] : notObject.errors, [
      'mapping document: must be an object, not null',
    ]);
  });

  it('escapes control characters in keys so issues are storable', () => {
    const issues = issuesOf({ 'emp\u0000loyee': {} });
    assert.equal(issues[0][0], '/emp\\u0000loyee');
  });

  it('never throws and never reports unsafe text, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        const result = validateMappingDocument(doc);
        if (!result.ok) {
          for (const line of result.errors) assert.ok(!UNSAFE_TEXT.test(line), line);
        }
      }),
    );
  });

  it('never throws on documents shaped like real ones', () => {
    const transform = fc.oneof(
      fc.constantFrom('trim', 'lower', 'upper', 'title', 'country', 'phone', 'lookup', 'bogus'),
      fc
        .record(
          { op: fc.constantFrom('default', 'lookup', 'concat', 'date', 'phone', 'truncate', 'x') },
          { requiredKeys: ['op'] },
        )
        .chain((base) =>
          fc
            .dictionary(
              fc.constantFrom(
                'value',
                'field',
                'table',
                'fields',
                'separator',
                'format',
                'region',
                'length',
                'extension',
              ),
              fc.jsonValue(),
            )
            .map((extra) => ({ ...extra, ...base })),
        ),
    );
    const field = fc.record(
      {
        target: fc.constantFrom('firstname', 'phone', 'email', 'ml_x', 'ml_peoplesoft_id', 'Bad'),
        source: fc.constantFrom('FIRST_NAME', 'X', 'a.b'),
        transforms: fc.array(transform, { maxLength: 4 }),
        constant: fc.string(),
        drop: fc.constantFrom(true, false),
        rename: fc.constantFrom('mobilephone', 'email', 'x y'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('employee', 'vendor', 'customer'),
        fc.array(field, { maxLength: 5 }),
        (entity, fields) => {
          const result = validateMappingDocument({ [entity]: { fields } });
          if (result.ok) {
            // A valid document must also compile: validation and compilation agree.
            compileMapping(entity, { [entity]: { fields } }, { defaultRegion: 'US' });
          }
        },
      ),
    );
  });
});

describe('compileMapping errors', () => {
  it('throws MappingDocumentError carrying every issue', () => {
    assert.throws(
      () =>
        compileMapping(
          'employee',
          employee(
            { target: 'ml_x', source: 'X', transforms: ['eval'] },
            { target: 'ml_peoplesoft_id', drop: true },
          ),
          { defaultRegion: 'US' },
        ),
      (error: unknown) => {
        assert.ok(error instanceof MappingDocumentError);
        assert.deepEqual(
          error.issues.map((issue) => issue.path),
          ['/employee/fields/0/transforms/0'],
        );
        assert.match(
          error.message,
          /^Invalid mapping: \/employee\/fields\/0\/transforms\/0: unknown transform 'eval'/,
        );
        return true;
      },
    );
  });

  it('refuses an unknown entity', () => {
    assert.throws(
      () => compileMapping('supplier' as 'vendor', undefined, { defaultRegion: 'US' }),
      (error: unknown) =>
        error instanceof MappingDocumentError &&
        error.errors[0] === "mapping document: unknown entity 'supplier'",
    );
  });
});
