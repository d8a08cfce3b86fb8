import { normaliseIdValue } from './match-batch-results';

export const MAX_LIST_LIMIT = 100;
export const MAX_BATCH_READ_INPUTS = 100;

/** One CRM record as the list and batch-read APIs return it. */
export interface CrmObject {
  /** HubSpot's record id (`hs_object_id`). */
  id: string;
  /** Requested properties; null when the record has no value. */
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface ListObjectsOptions {
  /** 1 to 100; defaults to 100 (HubSpot's own default is 10). */
  limit?: number;
  /** The cursor from the previous page's `nextAfter`. */
  after?: string;
  properties?: readonly string[];
  /** List archived (deleted) records instead of live ones. */
  archived?: boolean;
}

export interface ObjectPage {
  results: CrmObject[];
  /** Undefined on the last page. */
  nextAfter: string | undefined;
}

export interface BatchReadOptions {
  /** A unique property (or contacts' `email`); HubSpot's record id when absent. */
  idProperty?: string;
  properties?: readonly string[];
}

export interface BatchReadResult {
  results: CrmObject[];
  /** Requested ids no returned record accounts for, in request order. */
  missing: string[];
  /** Read by HubSpot id: requested ids that were merged away → the id of the survivor. */
  merged: Record<string, string>;
}

/** HubSpot lists the ids merged into a record here, separated by `;`. */
export const MERGED_IDS_PROPERTY = 'hs_merged_object_ids';

export function mergedIdsOf(object: CrmObject): string[] {
  return (object.properties[MERGED_IDS_PROPERTY] ?? '').split(';').filter((id) => id !== '');
}

/** Read by HubSpot id, which asked-for ids a survivor answered for. */
export function mergedIds(
  ids: readonly string[],
  results: readonly CrmObject[],
  idProperty: string | undefined,
): Record<string, string> {
  if (idProperty) return {};
  const asked = new Set(ids);
  const merged: Record<string, string> = {};
  for (const result of results) {
    for (const id of mergedIdsOf(result))
      if (asked.has(id) && id !== result.id) merged[id] = result.id;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Undefined when the JSON lacks an id; other absent fields read as empty. */
export function toCrmObject(raw: unknown): CrmObject | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const properties: Record<string, string | null> = {};
  if (isRecord(raw.properties)) {
    for (const [name, value] of Object.entries(raw.properties)) {
      properties[name] = typeof value === 'string' ? value : value == null ? null : String(value);
    }
  }
  return {
    id: raw.id,
    properties,
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : '',
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
    archived: raw.archived === true,
  };
}

export function nextCursor(body: Record<string, unknown>): string | undefined {
  const paging = isRecord(body.paging) ? body.paging : undefined;
  const next = paging && isRecord(paging.next) ? paging.next : undefined;
  return next && typeof next.after === 'string' && next.after !== '' ? next.after : undefined;
}

/**
 * Which ids the results do not cover. Worked out from the results rather than from `errors`,
 * so an answer that silently leaves a record out still reports it missing.
 */
export function missingIds(
  ids: readonly string[],
  results: readonly CrmObject[],
  idProperty: string | undefined,
): string[] {
  const key = (value: string) => (idProperty ? normaliseIdValue(idProperty, value) : value);
  const found = new Set<string>();
  for (const result of results) {
    const value = idProperty ? result.properties[idProperty] : result.id;
    if (typeof value === 'string') found.add(key(value));
    // A merged-away id is answered by its survivor: it is not missing.
    if (!idProperty) for (const id of mergedIdsOf(result)) found.add(id);
  }
  return ids.filter((id) => !found.has(key(id)));
}
