import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mappedTargets } from './mapped-properties';
import { missingTargetProperties } from './target-properties';

describe('missingTargetProperties', () => {
  const doc = {
    vendor: {
      fields: [
        { target: 'ml_class', source: 'VENDOR_CLASS' },
        { target: 'phone', rename: 'ml_phone' },
      ],
    },
  };

  it('reports what neither the portal has nor the bootstrap creates, pointing at the entry', () => {
    const portal = new Set(['name', 'address', 'address2', 'city', 'state', 'zip', 'country']);
    const missing = missingTargetProperties(
      'vendor',
      'companies',
      mappedTargets('vendor', doc),
      portal,
    );
    assert.deepEqual(
      missing.map((m) => [m.property, m.entry]),
      [
        ['ml_class', '/vendor/fields/0'],
        ['ml_phone', '/vendor/fields/1'],
      ],
    );
    assert.equal(
      missing[0]?.message,
      "HubSpot companies have no property 'ml_class', which the vendor mapping writes: create it " +
        "in HubSpot (Settings → Properties, internal name ml_class) or change the connection's " +
        'mapping (entry /vendor/fields/0)',
    );
  });

  it('counts the properties the bootstrap creates as existing, and takes bare names too', () => {
    const missing = missingTargetProperties(
      'employee',
      'contacts',
      ['ml_peoplesoft_id', 'ml_employment_status', 'ml_department', 'email', 'ml_location'],
      new Set(['email']),
    );
    assert.deepEqual(missing, [
      {
        property: 'ml_location',
        entry: null,
        message:
          "HubSpot contacts have no property 'ml_location', which the employee mapping writes: " +
          'create it in HubSpot (Settings → Properties, internal name ml_location) or change ' +
          "the connection's mapping",
      },
    ]);
  });
});
