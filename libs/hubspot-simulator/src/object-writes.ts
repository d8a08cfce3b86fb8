import { validationError, errorResponse } from './error-bodies';
import type { ObjectStore, SimObject } from './object-store';
import type { SimResponse } from './sim-response';

export const MAX_ARCHIVE_INPUTS = 100;

export interface WriteContext {
  store: ObjectStore;
  nowIso: string;
  correlationId: string;
  /** hs_object_id, createdate and last-modified as the upsert sets them. */
  derived: (object: SimObject) => Record<string, string>;
  /** Merges made through the API create a new record (HubSpot's newer behaviour) when true. */
  mergeCreatesNewRecord: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `POST .../batch/archive` `{inputs:[{id}]}`: 204 with no body, also for ids that are unknown
 * or already archived (HubSpot answers the same), so archiving is idempotent. Returns the ids
 * it archived, for webhooks.
 */
export function batchArchive(
  context: WriteContext,
  body: unknown,
): { response: SimResponse; archived: string[] } {
  if (!isRecord(body) || !Array.isArray(body.inputs)) {
    return {
      response: validationError(
        'Invalid input JSON: inputs must be an array',
        context.correlationId,
      ),
      archived: [],
    };
  }
  if (body.inputs.length > MAX_ARCHIVE_INPUTS) {
    return {
      response: validationError(
        `The maximum number of inputs supported in a batch request is ${MAX_ARCHIVE_INPUTS}. Please reduce the number of items and try again`,
        context.correlationId,
      ),
      archived: [],
    };
  }
  const ids: string[] = [];
  for (const [index, input] of body.inputs.entries()) {
    if (!isRecord(input) || typeof input.id !== 'string' || input.id === '') {
      return {
        response: validationError(
          `Invalid input JSON: inputs[${index}].id must be a non-empty string`,
          context.correlationId,
        ),
        archived: [],
      };
    }
    ids.push(input.id);
  }
  const archived = ids.filter((id) => context.store.archive(id, context.nowIso));
  return { response: { status: 204 }, archived };
}

/** `POST .../merge` `{primaryObjectId, objectIdToMerge}` → the surviving object. */
export function mergeObjects(
  context: WriteContext,
  body: unknown,
): { response: SimResponse; survivor?: SimObject; mergedIds?: string[] } {
  if (
    !isRecord(body) ||
    typeof body.primaryObjectId !== 'string' ||
    typeof body.objectIdToMerge !== 'string'
  ) {
    return {
      response: validationError(
        'Invalid input JSON: primaryObjectId and objectIdToMerge are required strings',
        context.correlationId,
      ),
    };
  }
  const survivor = context.store.merge(
    body.primaryObjectId,
    body.objectIdToMerge,
    context.nowIso,
    context.mergeCreatesNewRecord,
    context.derived,
  );
  if (!survivor) {
    return {
      response: errorResponse(
        404,
        'OBJECT_NOT_FOUND',
        `Could not merge ${body.objectIdToMerge} into ${body.primaryObjectId}: one of them does not exist`,
        context.correlationId,
      ),
    };
  }
  return {
    response: {
      status: 200,
      body: {
        id: survivor.id,
        properties: survivor.properties,
        createdAt: survivor.createdAt,
        updatedAt: survivor.updatedAt,
        archived: false,
      },
    },
    survivor,
    mergedIds: [body.primaryObjectId, body.objectIdToMerge],
  };
}
