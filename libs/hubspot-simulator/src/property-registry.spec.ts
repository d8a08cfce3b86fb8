import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_UNIQUE_PROPERTIES, PropertyRegistry } from './property-registry';

const unique = (name: string) => ({
  name,
  label: name,
  type: 'string',
  fieldType: 'text',
  groupName: 'contactinformation',
  hasUniqueValue: true,
});

describe('PropertyRegistry', () => {
  it('starts with the standard properties and only email as a contact upsert key', () => {
    const registry = new PropertyRegistry(Date.now);
    for (const name of [
      'email',
      'firstname',
      'lastname',
      'phone',
      'jobtitle',
      'company',
      'hs_additional_emails',
    ]) {
      assert.ok(registry.get('contacts', name), name);
    }
    for (const name of [
      'name',
      'domain',
      'address',
      'address2',
      'city',
      'state',
      'zip',
      'country',
      'phone',
    ]) {
      assert.ok(registry.get('companies', name), name);
    }
    assert.equal(registry.isUpsertKey('contacts', 'email'), true);
    assert.equal(registry.isUpsertKey('companies', 'domain'), false);
  });

  it('answers 409 for an existing property and caps unique properties at ten', () => {
    const registry = new PropertyRegistry(Date.now);
    for (let i = 0; i < MAX_UNIQUE_PROPERTIES; i += 1) {
      assert.equal(registry.createProperty('contacts', unique(`ml_key_${i}`)).ok, true);
    }
    const again = registry.createProperty('contacts', unique('ml_key_0'));
    assert.equal(!again.ok && again.status, 409);
    const eleventh = registry.createProperty('contacts', unique('ml_key_10'));
    assert.equal(!eleventh.ok && eleventh.status, 400);
    assert.equal(registry.isUpsertKey('contacts', 'ml_key_3'), true);
    assert.equal(
      registry.createProperty('companies', {
        ...unique('ml_key_0'),
        groupName: 'companyinformation',
      }).ok,
      true,
    );
  });

  it('refuses unknown groups, bad field types and enumerations without options', () => {
    const registry = new PropertyRegistry(Date.now);
    const base = { name: 'ml_status', label: 'Status', groupName: 'contactinformation' };
    const noGroup = registry.createProperty('contacts', {
      ...base,
      type: 'string',
      fieldType: 'text',
      groupName: 'ml',
    });
    assert.equal(!noGroup.ok && noGroup.status, 400);
    const badField = registry.createProperty('contacts', {
      ...base,
      type: 'number',
      fieldType: 'text',
    });
    assert.equal(!badField.ok && badField.status, 400);
    const noOptions = registry.createProperty('contacts', {
      ...base,
      type: 'enumeration',
      fieldType: 'select',
    });
    assert.equal(!noOptions.ok && noOptions.status, 400);
    assert.equal(registry.createGroup('contacts', { name: 'ml', label: 'ML' }).ok, true);
    const dupGroup = registry.createGroup('contacts', { name: 'ml', label: 'ML' });
    assert.equal(!dupGroup.ok && dupGroup.status, 409);
  });
});
