import { HubSpotError, type CrmObjectType, type HubSpotClient } from '@ml/hubspot';
import { CUSTOM_PROPERTY_DEFINITIONS, type SourceEntity } from '@ml/mapping';

export interface MissingProperty {
  readonly property: string;
  readonly message: string;
}

export interface PropertyCheck {
  /** False when HubSpot's property list could not be read; `error` says why. */
  readonly checked: boolean;
  /** Mapped properties that are neither in the portal nor created by the writer's bootstrap. */
  readonly missing: MissingProperty[];
  readonly error: string | null;
}

/** HubSpot cannot be asked at all (unusable settings); the message is safe to show. */
export class HubSpotUnavailableError extends Error {
  override readonly name = 'HubSpotUnavailableError';
}

/** The property names of an object type in the portal. */
export type PropertyLister = (objectType: CrmObjectType) => Promise<ReadonlySet<string>>;

/** Lists each object type's properties once, however many entities write to it. */
export function propertyLister(client: Pick<HubSpotClient, 'listProperties'>): PropertyLister {
  const listed = new Map<CrmObjectType, Promise<ReadonlySet<string>>>();
  return (objectType) => {
    let names = listed.get(objectType);
    if (!names) {
      names = client
        .listProperties(objectType)
        .then((answer) => new Set(answer.data.map((p) => p.name)));
      listed.set(objectType, names);
    }
    return names;
  };
}

/**
 * Every property the entity's mapping writes must exist in HubSpot, or the writer's whole batch
 * is refused. The connector's own properties count as existing: the writer's bootstrap creates
 * them before its first upsert.
 */
export async function checkTargetProperties(
  entity: SourceEntity,
  objectType: CrmObjectType,
  targets: readonly string[],
  list: PropertyLister,
): Promise<PropertyCheck> {
  let existing: ReadonlySet<string>;
  try {
    existing = await list(objectType);
  } catch (error) {
    return { checked: false, missing: [], error: describe(objectType, error) };
  }
  const bootstrapped = new Set(CUSTOM_PROPERTY_DEFINITIONS[objectType].map((d) => d.name));
  const missing = targets
    .filter((name) => !existing.has(name) && !bootstrapped.has(name))
    .map((property) => ({
      property,
      message:
        `HubSpot ${objectType} have no property '${property}', which the ${entity} mapping ` +
        `writes: create it in HubSpot (Settings → Properties, internal name ${property}) or ` +
        `change the connection's mapping`,
    }));
  return { checked: true, missing, error: null };
}

function describe(objectType: CrmObjectType, error: unknown): string {
  const what = `the properties of HubSpot ${objectType} could not be listed`;
  if (error instanceof HubSpotError) {
    return `${what}: ${error.kind}${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}`;
  }
  if (error instanceof HubSpotUnavailableError) return `${what}: ${error.message}`;
  return `${what}: unexpected ${error instanceof Error ? error.name : 'error'}`;
}
