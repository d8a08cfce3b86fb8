import type { ChangeEvent } from '@ml/messaging';

const ENTITIES = new Set(['employee', 'vendor', 'customer']);
const OBJECT_TYPES = new Set(['contacts', 'companies']);
const LIFECYCLES = new Set(['active', 'inactive', 'terminated']);
const STRING_FIELDS = [
  'eventId',
  'connectionId',
  'runId',
  'correlationId',
  'sourceId',
  'sourceUpdatedAt',
  'idProperty',
  'idValue',
  'contentHash',
] as const;

/** Checks a message body is a ChangeEvent; returns it, or the reason it is not. */
export function parseChangeEvent(body: unknown): ChangeEvent | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'message body is not a JSON object';
  }
  const b = body as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof b[field] !== 'string' || (b[field] as string).length === 0) {
      return `message field '${field}' must be a non-empty string`;
    }
  }
  if (!ENTITIES.has(b.entity as string))
    return `message field 'entity' is not one of employee, vendor, customer`;
  if (!OBJECT_TYPES.has(b.objectType as string))
    return `message field 'objectType' is not contacts or companies`;
  if (!LIFECYCLES.has(b.lifecycle as string))
    return `message field 'lifecycle' is not active, inactive or terminated`;
  if (!Number.isSafeInteger(b.sourceVersion) || (b.sourceVersion as number) < 1) {
    return `message field 'sourceVersion' must be a positive integer`;
  }
  const props = b.properties;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    return `message field 'properties' must be an object`;
  }
  for (const [name, value] of Object.entries(props)) {
    if (typeof value !== 'string') return `property '${name}' must be a string`;
  }
  return body as ChangeEvent;
}
