import { errorResponse, validationError } from './error-bodies';
import type { ObjectStore, SimObject } from './object-store';
import { OBJECT_TYPE_IDS, type SimObjectType } from './property-model';
import type { PropertyRegistry } from './property-registry';
import { shuffleInPlace } from './seeded-random';
import type { SimResponse } from './sim-response';
import { LAST_MODIFIED_PROPERTY } from './standard-properties';

export const MAX_LIST_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 10;
export const MAX_BATCH_READ_INPUTS = 100;

export interface ReadContext {
  objectType: SimObjectType;
  registry: PropertyRegistry;
  store: ObjectStore;
  random: () => number;
  correlationId: string;
}

/** What HubSpot returns when a read names no properties. */
const DEFAULT_PROPERTIES: Record<SimObjectType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
};

const TYPE_NAME: Record<SimObjectType, string> = { contacts: 'CONTACT', companies: 'COMPANY' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Requested properties come back as null when unset, as HubSpot does. */
function objectJson(
  object: SimObject,
  requested: readonly string[],
  always: readonly string[],
): Record<string, unknown> {
  const properties: Record<string, string | null> = {};
  for (const name of new Set([...requested, ...always]))
    properties[name] = object.properties[name] ?? null;
  return {
    id: object.id,
    properties,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: object.archived,
  };
}

function wantedProperties(objectType: SimObjectType, requested: readonly string[]): string[] {
  const named = requested.map((name) => name.trim()).filter((name) => name !== '');
  return named.length > 0 ? named : [...DEFAULT_PROPERTIES[objectType]];
}

function alwaysReturned(objectType: SimObjectType): string[] {
  return ['createdate', 'hs_object_id', LAST_MODIFIED_PROPERTY[objectType]];
}

/**
 * `GET .../{objectType}?limit&after&properties&archived`: cursor paging in id order, so objects
 * created while a reader pages through are picked up rather than shifting the pages.
 */
export function listObjects(context: ReadContext, query: URLSearchParams): SimResponse {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIST_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    return validationError(
      `limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${rawLimit ?? ''}`,
      context.correlationId,
    );
  }
  const after = query.get('after');
  if (after !== null && !/^\d+$/.test(after)) {
    return validationError(`after ${after} is not a valid paging cursor`, context.correlationId);
  }
  const requested = wantedProperties(
    context.objectType,
    query.getAll('properties').flatMap((value) => value.split(',')),
  );
  // Archived (deleted) objects leave the list and only `archived=true` shows them.
  const candidates =
    query.get('archived') === 'true' ? context.store.archived() : context.store.all();
  const cursor = after?.replace(/^0+(?=\d)/, '') ?? null;
  const sorted = candidates
    .filter((object) => cursor === null || compareIds(object.id, cursor) > 0)
    .sort((a, b) => compareIds(a.id, b.id));
  const page = sorted.slice(0, limit);
  const results = page.map((object) =>
    objectJson(object, requested, alwaysReturned(context.objectType)),
  );
  const last = page.at(-1);
  return {
    status: 200,
    body:
      sorted.length > limit && last
        ? { results, paging: { next: { after: last.id, link: `?after=${last.id}` } } }
        : { results },
  };
}

/**
 * Numeric ids in numeric order without BigInt: a reconcile of 100,000 objects asks for 1,000
 * pages, and parsing every id on each of them made the simulator, not the client, the bottleneck.
 */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `POST .../{objectType}/batch/read`: by `hs_object_id` or a unique property. Unknown ids make
 * it a 207 with an OBJECT_NOT_FOUND error listing them; results come back in no set order.
 */
export function batchRead(context: ReadContext, body: unknown): SimResponse {
  const { objectType, registry, store, correlationId } = context;
  if (!isRecord(body) || !Array.isArray(body.inputs)) {
    return validationError('Invalid input JSON: inputs must be an array', correlationId);
  }
  if (body.inputs.length > MAX_BATCH_READ_INPUTS) {
    return validationError(
      `The maximum number of inputs supported in a batch request is ${MAX_BATCH_READ_INPUTS}. Please reduce the number of items and try again`,
      correlationId,
    );
  }
  const idProperty = body.idProperty === undefined ? 'hs_object_id' : body.idProperty;
  if (typeof idProperty !== 'string') {
    return validationError('Invalid input JSON: idProperty must be a string', correlationId);
  }
  if (idProperty !== 'hs_object_id' && !registry.isUpsertKey(objectType, idProperty)) {
    return validationError(
      `Unable to read by non-unique ${OBJECT_TYPE_IDS[objectType]} property ${idProperty}`,
      correlationId,
    );
  }
  const ids: string[] = [];
  for (const [index, input] of body.inputs.entries()) {
    if (!isRecord(input) || typeof input.id !== 'string' || input.id === '') {
      return validationError(
        `Invalid input JSON: inputs[${index}].id must be a non-empty string`,
        correlationId,
      );
    }
    ids.push(input.id);
  }
  const requestedList = Array.isArray(body.properties)
    ? body.properties.filter((name): name is string => typeof name === 'string')
    : [];
  const requested = wantedProperties(objectType, requestedList);
  const always = [
    ...alwaysReturned(objectType),
    ...(idProperty === 'hs_object_id' ? ['hs_merged_object_ids'] : [idProperty]),
  ];
  const found = new Map<string, SimObject>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    // By id, a merged-away id answers with the survivor; archived objects are not found.
    const object =
      idProperty === 'hs_object_id' ? store.get(id) : store.findByUnique(idProperty, id);
    if (object) found.set(object.id, object);
    else missing.push(id);
  }
  const results = shuffleInPlace(
    [...found.values()].map((object) => objectJson(object, requested, always)),
    context.random,
  );
  if (missing.length === 0) return { status: 200, body: { status: 'COMPLETE', results } };
  const notFound = errorResponse(
    404,
    'OBJECT_NOT_FOUND',
    `Could not get some ${TYPE_NAME[objectType]} objects, they may be deleted or not exist. Check that ids are valid.`,
    correlationId,
    { context: { ids: missing } },
  ).body;
  return {
    status: 207,
    body: { status: 'COMPLETE', results, numErrors: 1, errors: [notFound] },
  };
}
