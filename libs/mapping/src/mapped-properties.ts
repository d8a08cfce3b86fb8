import { MappingDocumentError } from './compile-mapping';
import { ENTITY_SPECS } from './entity-specs';
import { ID_PROPERTY } from './hubspot-limits';
import { IssueList, pointer } from './json-pointer';
import type { FieldOverride } from './mapping-document';
import { validateMappingDocument } from './mapping-document-validator';
import type { SourceEntity } from './mapping-result';
import { resolveRules } from './rule-resolver';

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
  const spec = Object.hasOwn(ENTITY_SPECS, entity) ? ENTITY_SPECS[entity] : undefined;
  if (spec === undefined) {
    throw new MappingDocumentError([{ path: '', message: `unknown entity '${String(entity)}'` }]);
  }
  let fieldOverrides: readonly FieldOverride[] = [];
  if (overrides !== undefined && overrides !== null) {
    const validation = validateMappingDocument(overrides);
    if (!validation.ok) throw new MappingDocumentError(validation.issues);
    fieldOverrides = validation.value[entity]?.fields ?? [];
  }
  const issues = new IssueList();
  const rules = resolveRules(spec, fieldOverrides, issues);
  if (issues.count > 0) throw new MappingDocumentError(issues.items);
  // resolveRules refuses a second entry for a property, so each written property has one entry.
  const entries = new Map<string, string>();
  fieldOverrides.forEach((override, index) => {
    const written = override.kind === 'rename' ? override.to : override.target;
    if (override.kind !== 'drop') entries.set(written, pointer(`/${entity}/fields`, index));
  });
  const names = [...new Set([ID_PROPERTY, ...rules.map((rule) => rule.target)])].sort();
  return names.map((property) => ({ property, entry: entries.get(property) ?? null }));
}
