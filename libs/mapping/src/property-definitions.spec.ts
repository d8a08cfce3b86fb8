import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITY_SPECS } from './entity-specs';
import { ID_PROPERTY, LAST_SYNCED_PROPERTY, PROPERTY_NAME_PATTERN } from './hubspot-limits';
import { CUSTOM_PROPERTY_DEFINITIONS, PROPERTY_GROUP } from './property-definitions';

describe('custom property definitions', () => {
  for (const [objectType, definitions] of Object.entries(CUSTOM_PROPERTY_DEFINITIONS)) {
    it(`${objectType}: unique, valid names in the connector's group`, () => {
      const names = definitions.map((definition) => definition.name);
      assert.equal(new Set(names).size, names.length);
      for (const definition of definitions) {
        assert.match(definition.name, PROPERTY_NAME_PATTERN);
        assert.equal(definition.groupName, PROPERTY_GROUP.name);
        assert.ok(definition.label.length > 0 && definition.description.length > 0);
      }
      assert.ok(names.includes(LAST_SYNCED_PROPERTY));
    });

    it(`${objectType}: only the id is unique, so upserts can key on it`, () => {
      const unique = definitions.filter((definition) => definition.hasUniqueValue === true);
      assert.deepEqual(
        unique.map((definition) => definition.name),
        [ID_PROPERTY],
      );
      assert.equal(unique[0].type, 'string');
    });
  }

  for (const spec of Object.values(ENTITY_SPECS)) {
    it(`${spec.entity}: defines every ml_ property the defaults write`, () => {
      const defined = new Set(
        CUSTOM_PROPERTY_DEFINITIONS[spec.objectType].map((definition) => definition.name),
      );
      const written = spec.defaultRules
        .map((rule) => rule.target)
        .filter((target) => target.startsWith('ml_'));
      assert.deepEqual(
        written.filter((target) => !defined.has(target)),
        [],
      );
    });

    it(`${spec.entity}: the status property offers an option for every status code`, () => {
      const status = CUSTOM_PROPERTY_DEFINITIONS[spec.objectType].find(
        (definition) => definition.name === spec.statusProperty,
      );
      const options = new Set(status?.options?.map((option) => option.value));
      const lookup = spec.defaultRules
        .find((rule) => rule.target === spec.statusProperty)
        ?.transforms.find((transform) => transform.op === 'lookup');
      for (const code of spec.statuses.map((entry) => entry.code)) {
        const value = lookup?.op === 'lookup' ? lookup.table[code] : code;
        assert.ok(value !== undefined && options.has(value), `${spec.statusField} ${code}`);
      }
    });
  }
});
