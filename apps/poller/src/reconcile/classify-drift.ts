import type { CrmObject } from '@ml/hubspot';

export const DRIFT_CLASSES = [
  'in-sync',
  'edited',
  'archived-deleted',
  'merged',
  'orphaned',
  'missing',
] as const;
export type DriftClass = (typeof DRIFT_CLASSES)[number];

export type ReconcilePolicy = 'peoplesoft-wins' | 'report-only';

/** What the connector believes about one PeopleSoft record (sync_records + last send). */
export interface KnownRecord {
  readonly recordId: string | null;
  readonly entity: string;
  readonly sourceId: string;
  readonly objectType: string;
  readonly hubspotId: string | null;
  readonly status: string;
  /** Archived on purpose by the terminated-policy: archived is its expected state. */
  readonly hubspotArchived: boolean;
  /** The properties last written to HubSpot; null when never written. */
  readonly sent: Readonly<Record<string, string>> | null;
}

/** How a drift is repaired; `none` for in-sync records and for orphans (never deleted). */
export type RepairKind = 'none' | 'resend' | 'follow-merge';

export interface DriftItem {
  readonly class: DriftClass;
  readonly entity: string | null;
  readonly sourceId: string;
  readonly objectType: string;
  readonly hubspotId: string | null;
  readonly repair: RepairKind;
  /** For follow-merge: the id that answers for the record now. */
  readonly survivorId?: string;
  /** Merged away: its PeopleSoft id is on no object any more, so it must not be recreated. */
  readonly mergedAway?: boolean;
  /** Connector-owned properties that differ: HubSpot's value and the one PeopleSoft sent. */
  readonly changed?: ReadonlyArray<{ name: string; hubspot: string | null; sent: string }>;
  readonly detail: string;
}

/** What classification reads of a live HubSpot object. */
export type LiveObject = Pick<CrmObject, 'id' | 'properties'>;

export const ID_PROPERTY = 'ml_peoplesoft_id';
/** Written at send time and outside the content hash: never drift. */
const IGNORED = new Set(['ml_last_synced_at']);

/**
 * Compares what HubSpot holds (live objects carrying ml_peoplesoft_id, of one object type) with
 * what the connector last sent. Pure, so every rule is unit-tested without HubSpot. A
 * reconciliation does the same in two steps so that it never holds the whole portal:
 * `classifyListed` for each page of the listing, then `classifyUnlisted` for the records no
 * listed object carries the PeopleSoft id of; this function is their composition.
 */
export function classifyDrift(
  objectType: string,
  records: readonly KnownRecord[],
  live: readonly LiveObject[],
): DriftItem[] {
  const byPsId = new Map<string, LiveObject>();
  const byId = new Map<string, LiveObject>();
  const survivorOf = new Map<string, string>();
  for (const object of live) {
    byId.set(object.id, object);
    const psId = psIdOf(object);
    if (psId) byPsId.set(psId, object);
    for (const old of mergedIdsOf(object)) survivorOf.set(old, object.id);
  }
  const listed = records.filter((r) => byPsId.has(r.sourceId));
  const items = classifyListed(objectType, listed, [...byPsId.values()]);
  for (const record of records) {
    if (byPsId.has(record.sourceId)) continue;
    const shared = record.hubspotId ? byId.get(record.hubspotId) : undefined;
    const item = classifyUnlisted(objectType, {
      record,
      survivorId: (record.hubspotId && survivorOf.get(record.hubspotId)) || null,
      sharedWith: shared ? { id: shared.id, psId: psIdOf(shared) } : null,
    });
    if (item) items.push(item);
  }
  return items;
}

/**
 * One page of the listing: the known records whose PeopleSoft id a listed object carries
 * (records of other ids are left for `classifyUnlisted`), and the objects whose PeopleSoft id
 * no record in scope claims (orphans). HubSpot keeps ml_peoplesoft_id unique, so an id is on
 * one object of the whole listing.
 */
export function classifyListed(
  objectType: string,
  records: readonly KnownRecord[],
  page: readonly LiveObject[],
): DriftItem[] {
  const byPsId = new Map<string, LiveObject>();
  for (const object of page) {
    const psId = psIdOf(object);
    if (psId) byPsId.set(psId, object);
  }
  const claimed = new Set<string>();
  const items: DriftItem[] = [];
  for (const record of records) {
    if (!inScope(record, objectType)) continue;
    const object = byPsId.get(record.sourceId);
    if (!object) continue;
    claimed.add(record.sourceId);
    items.push(classifyFound(record, object));
  }
  for (const [psId, object] of byPsId) {
    if (claimed.has(psId)) continue;
    items.push({
      class: 'orphaned',
      entity: null,
      sourceId: psId,
      objectType,
      hubspotId: object.id,
      repair: 'none',
      detail:
        'carries an ml_peoplesoft_id this connection has no PeopleSoft record for (deleted, ' +
        'out of scope, or written by someone else): reported, never deleted',
    });
  }
  return items;
}

/**
 * A known record no listed object carries the PeopleSoft id of, with what the whole listing
 * says about its stored HubSpot id: the object that lists it in `hs_merged_object_ids` (the
 * last one listed), and the live object that has that id.
 */
export interface UnlistedRecord {
  /** What it was last sent is not needed: no object carries its PeopleSoft id to compare. */
  readonly record: Omit<KnownRecord, 'sent'>;
  readonly survivorId: string | null;
  readonly sharedWith: { readonly id: string; readonly psId: string | null } | null;
}

/** Classifies a record of `UnlistedRecord`; null when it is out of scope (invalid, other type). */
export function classifyUnlisted(objectType: string, unlisted: UnlistedRecord): DriftItem | null {
  const { record, survivorId: survivor, sharedWith: shared } = unlisted;
  if (!inScope(record, objectType)) return null;
  const base = baseOf(record);
  if (survivor) {
    return {
      ...base,
      class: 'merged',
      repair: 'follow-merge',
      survivorId: survivor,
      mergedAway: true,
      detail: `merged into ${survivor}, which kept another record's PeopleSoft id: stored id follows it, nothing is recreated`,
    };
  }
  if (shared) {
    // A merge followed earlier: the record lives on an object keyed by another PeopleSoft
    // id. Re-sending would recreate the duplicate the rep merged away.
    return {
      ...base,
      class: 'merged',
      repair: 'none',
      survivorId: shared.id,
      detail: `shares object ${shared.id} with ${shared.psId ?? 'another record'} since a merge: left as merged`,
    };
  }
  if (record.hubspotArchived) {
    return {
      ...base,
      class: 'in-sync',
      repair: 'none',
      detail: 'archived by the terminated-policy',
    };
  }
  if (record.hubspotId) {
    return {
      ...base,
      class: 'archived-deleted',
      repair: 'resend',
      detail: `object ${record.hubspotId} was deleted in HubSpot: re-sent, which restores or recreates it`,
    };
  }
  return {
    ...base,
    class: 'missing',
    repair: 'resend',
    detail: `never arrived in HubSpot (status ${record.status}): sent again`,
  };
}

/** The PeopleSoft id a live object carries, if any. */
export function psIdOf(object: LiveObject): string | null {
  return object.properties[ID_PROPERTY] || null;
}

/** The ids merged into a live object (its own id excluded). */
export function mergedIdsOf(object: LiveObject): string[] {
  return (object.properties.hs_merged_object_ids ?? '')
    .split(';')
    .filter((old) => old !== '' && old !== object.id);
}

function inScope(record: Pick<KnownRecord, 'objectType' | 'status'>, objectType: string): boolean {
  return record.objectType === objectType && record.status !== 'invalid';
}

function baseOf(record: Omit<KnownRecord, 'sent'>) {
  return {
    entity: record.entity,
    sourceId: record.sourceId,
    objectType: record.objectType,
    hubspotId: record.hubspotId,
  };
}

function classifyFound(record: KnownRecord, object: LiveObject): DriftItem {
  const base = baseOf(record);
  if (record.hubspotId && object.id !== record.hubspotId) {
    return {
      ...base,
      class: 'merged',
      repair: 'follow-merge',
      survivorId: object.id,
      mergedAway: false,
      detail: `its PeopleSoft id is now on ${object.id} (merged or recreated): stored id follows it`,
    };
  }
  if (record.hubspotArchived) {
    return {
      ...base,
      class: 'edited',
      repair: 'resend',
      detail: 'restored in HubSpot although the terminated-policy archived it: archived again',
    };
  }
  const changed = differences(record.sent, object);
  if (changed.length > 0) {
    return {
      ...base,
      class: 'edited',
      repair: 'resend',
      changed,
      detail: `edited in HubSpot: ${changed.map((c) => c.name).join(', ')}`,
    };
  }
  return { ...base, hubspotId: object.id, class: 'in-sync', repair: 'none', detail: 'in sync' };
}

function differences(
  sent: Readonly<Record<string, string>> | null,
  object: LiveObject,
): Array<{ name: string; hubspot: string | null; sent: string }> {
  if (!sent) return [];
  const changed: Array<{ name: string; hubspot: string | null; sent: string }> = [];
  for (const [name, value] of Object.entries(sent)) {
    if (IGNORED.has(name)) continue;
    const held = object.properties[name] ?? null;
    if (normalise(name, held ?? '') !== normalise(name, value)) {
      changed.push({ name, hubspot: held, sent: value });
    }
  }
  return changed;
}

/** HubSpot stores emails lower-cased and an empty string clears a property. */
function normalise(name: string, value: string): string {
  return name === 'email' ? value.trim().toLowerCase() : value;
}

/** Properties to list: the ones the connector writes, plus what classification needs. */
export function propertiesToRead(records: readonly KnownRecord[]): string[] {
  return propertiesToReadOf(records.flatMap((r) => Object.keys(r.sent ?? {})));
}

/** The same, from the names of the properties sent (each name once is enough). */
export function propertiesToReadOf(sentNames: Iterable<string>): string[] {
  const names = new Set<string>([ID_PROPERTY, 'hs_merged_object_ids']);
  for (const name of sentNames) if (!IGNORED.has(name)) names.add(name);
  return [...names].sort();
}
