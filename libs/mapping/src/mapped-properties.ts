import { entitySpecOf, resolvedRulesOf } from './compile-mapping';
import { ID_PROPERTY } from './hubspot-limits';
import { pointer } from './json-pointer';
import type { SourceEntity } from './mapping-result';

/** A property the mapping writes, and the override entry that makes it write it. */
export interface MappedTarget {
  readonly property: string;
  /** JSON Pointer of the entry in the connection's mapping, e.g. /employee/fields/2; null for a default. */
  readonly entry: string | null;
}

/**
 * Every HubSpot property the compiled mapping of `entity` can write: the sync key plus each
 * resolved rule's target (defaults, overrides, renames; dropped ones left out), sorted. These
 * must exist in the portal (or be created by the writer's bootstrap) before a record is sent.
 * `overrides` is the connection's whole mapping document, as for compileMapping.
 * @throws MappingDocumentError when the document is invalid.
 */
export function mappedProperties(entity: SourceEntity, overrides: unknown): string[] {
  return mappedTargets(entity, overrides).map((target) => target.property);
}

/** mappedProperties with the override entry behind each property, for messages that point at it. */
export function mappedTargets(entity: SourceEntity, overrides: unknown): MappedTarget[] {
  const { fieldOverrides, rules } = resolvedRulesOf(entitySpecOf(entity), overrides);
  // resolveRules refuses a second entry for a property, so each written property has one entry.
  const entries = new Map<string, string>();
  fieldOverrides.forEach((override, index) => {
    const written = override.kind === 'rename' ? override.to : override.target;
    if (override.kind !== 'drop') entries.set(written, pointer(`/${entity}/fields`, index));
  });
  const names = [...new Set([ID_PROPERTY, ...rules.map((rule) => rule.target)])].sort();
  return names.map((property) => ({ property, entry: entries.get(property) ?? null }));
}
