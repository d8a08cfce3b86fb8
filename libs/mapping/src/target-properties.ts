import type { MappedTarget } from './mapped-properties';
import type { HubSpotObjectType, SourceEntity } from './mapping-result';
import { CUSTOM_PROPERTY_DEFINITIONS } from './property-definitions';

/** A property the mapping writes that the portal does not have, with a fix a person can apply. */
export interface MissingProperty {
  readonly property: string;
  /** The mapping entry that writes it (JSON Pointer), or null for a default property. */
  readonly entry: string | null;
  readonly message: string;
}

/**
 * The targets that neither exist in the portal (`existing`: the object type's property names, as
 * HubSpot lists them) nor are created by the writer's bootstrap (ml-connector's own group).
 * The API's preview and the writer's bootstrap both judge a mapping with this, so they agree.
 */
export function missingTargetProperties(
  entity: SourceEntity,
  objectType: HubSpotObjectType,
  targets: readonly (MappedTarget | string)[],
  existing: ReadonlySet<string>,
): MissingProperty[] {
  const bootstrapped = new Set(CUSTOM_PROPERTY_DEFINITIONS[objectType].map((d) => d.name));
  return targets
    .map((target) => (typeof target === 'string' ? { property: target, entry: null } : target))
    .filter(({ property }) => !existing.has(property) && !bootstrapped.has(property))
    .map(({ property, entry }) => ({
      property,
      entry,
      message:
        `HubSpot ${objectType} have no property '${property}', which the ${entity} mapping ` +
        `writes: create it in HubSpot (Settings → Properties, internal name ${property}) or ` +
        `change the connection's mapping` +
        (entry === null ? '' : ` (entry ${entry})`),
    }));
}
