import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimProperty } from './property-model';
import { MAX_VALUE_LENGTH, isValidEmail, validatePropertyValue } from './property-value-validation';

function property(overrides: Partial<SimProperty>): SimProperty {
  return {
    name: 'p',
    label: 'P',
    type: 'string',
    fieldType: 'text',
    groupName: 'g',
    description: '',
    hasUniqueValue: false,
    hubspotDefined: false,
    readOnlyValue: false,
    options: [],
    createdAt: '',
    updatedAt: '',
    ...overrides,
  };
}

describe('validatePropertyValue', () => {
  it('rejects invalid emails with HubSpot error shape', () => {
    const email = property({ name: 'email' });
    assert.deepEqual(validatePropertyValue(email, 'x@'), {
      isValid: false,
      message: 'Email address x@ is invalid',
      error: 'INVALID_EMAIL',
      name: 'email',
    });
    assert.equal(validatePropertyValue(email, 'ana.lee+hr@sub.example.com'), undefined);
    for (const bad of ['ana', 'a@b', 'a b@x.com', 'a..b@x.com', '@x.com'])
      assert.equal(isValidEmail(bad), false, bad);
  });

  it('checks enumeration options, including semicolon lists for checkboxes', () => {
    const options = [
      { label: 'A', value: 'A' },
      { label: 'B', value: 'B' },
    ];
    const select = property({ type: 'enumeration', fieldType: 'select', options });
    assert.equal(validatePropertyValue(select, 'A'), undefined);
    assert.equal(validatePropertyValue(select, 'C')?.error, 'INVALID_OPTION');
    assert.equal(validatePropertyValue(select, 'A;B')?.error, 'INVALID_OPTION');
    const checkbox = property({ type: 'enumeration', fieldType: 'checkbox', options });
    assert.equal(validatePropertyValue(checkbox, 'A;B'), undefined);
  });

  it('rejects values over the length limit, bad numbers, dates and read-only writes', () => {
    assert.equal(
      validatePropertyValue(property({}), 'x'.repeat(MAX_VALUE_LENGTH + 1))?.error,
      'INVALID_LENGTH',
    );
    assert.equal(validatePropertyValue(property({}), 'x'.repeat(MAX_VALUE_LENGTH)), undefined);
    const number = property({ type: 'number', fieldType: 'number' });
    assert.equal(validatePropertyValue(number, '12.5'), undefined);
    assert.equal(validatePropertyValue(number, '12,5')?.error, 'INVALID_DECIMAL');
    const date = property({ type: 'date', fieldType: 'date' });
    assert.equal(validatePropertyValue(date, '2026-11-28'), undefined);
    assert.equal(validatePropertyValue(date, String(Date.UTC(2026, 10, 28))), undefined);
    assert.equal(validatePropertyValue(date, '2026-02-30')?.error, 'INVALID_DATE');
    assert.equal(
      validatePropertyValue(date, String(Date.UTC(2026, 10, 28, 5)))?.error,
      'INVALID_DATE',
    );
    const datetime = property({ type: 'datetime', fieldType: 'date' });
    assert.equal(validatePropertyValue(datetime, '2026-11-28T14:03:11Z'), undefined);
    assert.equal(
      validatePropertyValue(datetime, '2026-11-28-14.03.11.000000')?.error,
      'INVALID_DATETIME',
    );
    assert.equal(
      validatePropertyValue(property({ readOnlyValue: true }), '1')?.error,
      'READ_ONLY_VALUE',
    );
  });

  it('accepts an empty string, which clears the property', () => {
    assert.equal(validatePropertyValue(property({ name: 'email' }), ''), undefined);
  });
});
