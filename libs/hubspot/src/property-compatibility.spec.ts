import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incompatibility, toHubSpotProperty } from './property-compatibility';
import type { HubSpotProperty, PropertyDefinition } from './property-types';

const wanted: PropertyDefinition = {
  name: 'ml_status',
  label: 'Status',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'ml_connector',
  options: [
    { label: 'Active', value: 'A' },
    { label: 'Inactive', value: 'I' },
  ],
};

function existing(overrides: Partial<HubSpotProperty>): HubSpotProperty {
  return {
    name: 'ml_status',
    label: 'Status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'ml_connector',
    hasUniqueValue: false,
    hubspotDefined: false,
    options: [
      { label: 'Active', value: 'A' },
      { label: 'Inactive', value: 'I' },
      { label: 'Added by an admin', value: 'X' },
    ],
    ...overrides,
  };
}

describe('incompatibility', () => {
  it('accepts a property with extra options or another label', () => {
    assert.equal(incompatibility(existing({ label: 'Renamed' }), wanted), undefined);
  });

  it('reports uniqueness, type and missing options together', () => {
    const problem = incompatibility(
      existing({
        hasUniqueValue: true,
        type: 'string',
        options: [{ label: 'Active', value: 'A' }],
      }),
      wanted,
    );
    assert.match(problem ?? '', /hasUniqueValue=true but false is required/);
    assert.match(problem ?? '', /type string but enumeration is required/);
    assert.match(problem ?? '', /lacks the option values \[I\]/);
  });
});

describe('toHubSpotProperty', () => {
  it('reads HubSpot property JSON and skips entries without a name', () => {
    const property = toHubSpotProperty({
      name: 'ml_id',
      label: 'ML id',
      type: 'string',
      fieldType: 'text',
      groupName: 'ml_connector',
      hasUniqueValue: true,
      hubspotDefined: false,
      options: [],
      modificationMetadata: { readOnlyValue: false },
    });
    assert.equal(property?.hasUniqueValue, true);
    assert.equal(toHubSpotProperty({ label: 'no name' }), undefined);
  });
});
