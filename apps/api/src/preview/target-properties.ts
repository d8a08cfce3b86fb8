import { HubSpotError, type CrmObjectType, type HubSpotClient } from '@ml/hubspot';
import {
  missingTargetProperties,
  type MappedTarget,
  type MissingProperty,
  type SourceEntity,
} from '@ml/mapping';

export type { MissingProperty };

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
 * Every property the entity's mapping writes must exist in HubSpot, or the writer fails the
 * entity's records at its bootstrap. The connector's own properties count as existing: the
 * writer's bootstrap creates them before its first upsert.
 */
export async function checkTargetProperties(
  entity: SourceEntity,
  objectType: CrmObjectType,
  targets: readonly (MappedTarget | string)[],
  list: PropertyLister,
): Promise<PropertyCheck> {
  let existing: ReadonlySet<string>;
  try {
    existing = await list(objectType);
  } catch (error) {
    return { checked: false, missing: [], error: describe(objectType, error) };
  }
  // The same judgement as the writer's bootstrap, which refuses to send such a mapping's records.
  const missing = missingTargetProperties(entity, objectType, targets, existing);
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
