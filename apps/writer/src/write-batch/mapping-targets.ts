import type { ConnectionWithSecrets } from '@ml/connections';
import {
  MappingDocumentError,
  mappedTargets,
  missingTargetProperties,
  type MappedTarget,
} from '@ml/mapping';
import type { HubSpotObjectType, SourceEntity } from '@ml/messaging';
import type { ClientPort } from './hubspot-port.factory';
import type { SendOutcome, SendResult } from './send-with-retries';

/** The audit's error category of records held back because their mapping's targets are missing. */
export const MISSING_PROPERTY = 'MAPPING_PROPERTY_MISSING';

/**
 * The bootstrap's check of a connection's mapping: every property it writes for `entity` must be
 * one the bootstrap creates or one the portal has. Answers null when all are there, else one
 * sentence per missing property naming it, the object type and the mapping entry.
 *
 * A miss against the names the bootstrap read earlier is checked again on a fresh bootstrap
 * before it counts, so a property created in HubSpot since then (and the replay of the records
 * that failed for want of it) goes through. Throws what the bootstrap throws.
 */
export async function missingMappingTargets(
  port: ClientPort,
  connection: ConnectionWithSecrets,
  entity: SourceEntity,
  objectType: HubSpotObjectType,
): Promise<string | null> {
  const targets = targetsOf(connection.mapping, entity);
  if (targets === null) return null;
  const missing = async () =>
    missingTargetProperties(entity, objectType, targets, await port.portalProperties(objectType));
  if ((await missing()).length === 0) return null;
  port.forgetBootstrap(objectType);
  const still = await missing();
  return still.length === 0 ? null : still.map((m) => m.message).join('; ');
}

// Per stored document (the connection cache hands out the same object for a while) and entity:
// resolving a large document for every batch would cost more than the check itself.
const resolved = new WeakMap<object, Map<SourceEntity, MappedTarget[] | null>>();

/** The properties the document writes for the entity; null when it cannot be resolved. */
function targetsOf(
  mapping: Readonly<Record<string, unknown>>,
  entity: SourceEntity,
): MappedTarget[] | null {
  let byEntity = resolved.get(mapping);
  if (!byEntity) {
    byEntity = new Map();
    resolved.set(mapping, byEntity);
  }
  let targets = byEntity.get(entity);
  if (targets === undefined) {
    try {
      targets = mappedTargets(entity, Object.keys(mapping).length > 0 ? mapping : undefined);
    } catch (error) {
      // The poller cannot map with such a document either; the events already queued carry
      // properties mapped with an earlier one, and HubSpot still judges each of them.
      if (!(error instanceof MappingDocumentError)) throw error;
      targets = null;
    }
    byEntity.set(entity, targets);
  }
  return targets;
}

/** Every record of the batch fails with the reason, unsent and ready for a replay. */
export function mappingTargetsMissing(eventIds: readonly string[], reason: string): SendOutcome {
  const result: SendResult = {
    ok: false,
    category: MISSING_PROPERTY,
    message: reason,
    correlationId: null,
    stopConnection: false,
    deferred: false,
  };
  return { results: new Map(eventIds.map((id) => [id, result])), requests: [] };
}
