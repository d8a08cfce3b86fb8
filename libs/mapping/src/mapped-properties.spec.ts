import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMapping, MappingDocumentError } from './compile-mapping';
import { mappedProperties, mappedTargets } from './mapped-properties';
import { employeeRow } from './spec-support';

describe('mappedProperties', () => {
  it('lists the default targets and the sync key', () => {
    assert.deepEqual(mappedProperties('employee', undefined), [
      'email',
      'firstname',
      'jobtitle',
      'lastname',
      'ml_department',
      'ml_employment_status',
      'ml_peoplesoft_id',
      'phone',
    ]);
    assert.ok(mappedProperties('vendor', {}).includes('ml_peoplesoft_status'));
  });

  it('applies added, constant, dropped and renamed entries of this entity only', () => {
    const doc = {
      employee: {
        fields: [
          { target: 'ml_location', source: 'LOCATION' },
          { target: 'ml_source', constant: 'PeopleSoft' },
          { target: 'jobtitle', drop: true },
          { target: 'phone', rename: 'mobilephone' },
        ],
      },
      vendor: { fields: [{ target: 'ml_class', source: 'VENDOR_CLASS' }] },
    };
    const targets = mappedProperties('employee', doc);
    assert.ok(targets.includes('ml_location') && targets.includes('ml_source'));
    assert.ok(targets.includes('mobilephone'));
    assert.ok(!targets.includes('jobtitle') && !targets.includes('phone'));
    assert.ok(!targets.includes('ml_class'));
  });

  it('covers every property a mapped record carries', () => {
    const doc = { employee: { fields: [{ target: 'ml_location', source: 'LOCATION' }] } };
    const result = compileMapping('employee', doc, { defaultRegion: 'US' })(employeeRow());
    assert.ok(result.ok);
    const targets = new Set(mappedProperties('employee', doc));
    for (const name of Object.keys(result.properties)) assert.ok(targets.has(name), name);
  });

  it('names the override entry behind each property it writes', () => {
    const doc = {
      employee: {
        fields: [
          { target: 'jobtitle', drop: true },
          { target: 'ml_location', source: 'LOCATION' },
          { target: 'phone', rename: 'mobilephone' },
          { target: 'ml_source', constant: 'PeopleSoft' },
        ],
      },
    };
    const entries = new Map(mappedTargets('employee', doc).map((t) => [t.property, t.entry]));
    assert.equal(entries.get('ml_location'), '/employee/fields/1');
    assert.equal(entries.get('mobilephone'), '/employee/fields/2');
    assert.equal(entries.get('ml_source'), '/employee/fields/3');
    assert.equal(entries.get('firstname'), null, 'a default');
    assert.equal(entries.has('jobtitle'), false);
    assert.deepEqual([...entries.keys()], mappedProperties('employee', doc));
  });

  it('throws MappingDocumentError for a bad document', () => {
    assert.throws(
      () => mappedProperties('employee', { employee: { fields: [{ target: 'x', drop: true }] } }),
      MappingDocumentError,
    );
  });
});
