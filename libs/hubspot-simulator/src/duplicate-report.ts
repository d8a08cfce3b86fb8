import { normaliseUnique, type SimObject } from './object-store';
import type { SimObjectType } from './property-model';
import type { DuplicateGroup } from './simulator-state';

/**
 * Objects sharing a value of an identity property. HubSpot's unique index makes this impossible
 * for `hasUniqueValue` properties, so any group here means a sync created a twin (for instance
 * by matching on an email that later changed).
 */
export function findDuplicates(
  objectType: SimObjectType,
  identityProperties: readonly string[],
  objects: readonly SimObject[],
): DuplicateGroup[] {
  const groups: DuplicateGroup[] = [];
  for (const property of identityProperties) {
    const byValue = new Map<string, string[]>();
    for (const object of objects) {
      const value = object.properties[property];
      if (value === undefined || value === '') continue;
      const key = normaliseUnique(property, value);
      byValue.set(key, [...(byValue.get(key) ?? []), object.id]);
    }
    for (const [value, objectIds] of byValue) {
      if (objectIds.length > 1) groups.push({ objectType, property, value, objectIds });
    }
  }
  return groups;
}
