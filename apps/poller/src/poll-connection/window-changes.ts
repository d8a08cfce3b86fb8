import { createHash } from 'node:crypto';
import type { RecordOutcome } from '@ml/audit';
import {
  currencyKeyOf,
  rankedCurrencyKeyOf,
  selectCurrentEmployeeRows,
  type DeferredRow,
  type PrimaryEmplRcd,
  type RecordMapper,
  type SourceRow,
} from '@ml/mapping';
import type { HubSpotObjectType, SourceEntity } from '@ml/messaging';
import type { FetchedWindow } from './change-source';
import type { EntityScope } from './entity-scope';
import type { UnversionedEvent } from './poll-state.repository';
import type { ChangeWindow as ChangeWindow } from '@ml/peoplesoft';

const OBJECT_TYPE: Record<SourceEntity, HubSpotObjectType> = {
  employee: 'contacts',
  vendor: 'companies',
  customer: 'companies',
};

/** What every window of one entity in one run is judged with. */
export interface EntityRead {
  readonly connectionId: string;
  readonly entity: SourceEntity;
  readonly runId: string;
  readonly scope: EntityScope;
  readonly mapper: RecordMapper;
  /** Today in the connection's time zone: effective dates are compared with it. */
  readonly today: string;
  readonly primaryEmplRcd: PrimaryEmplRcd;
}

/** One window's rows turned into what it emits and what it refuses; nothing is stored yet. */
export interface WindowChanges {
  readonly events: UnversionedEvent[];
  /**
   * Employee rows: which effective-dated row each event (or refused row that can be ranked)
   * came from (see currencyKeyOf).
   */
  readonly currencyKeys: Map<string, string>;
  readonly invalid: RecordOutcome[];
  /** Rejected rows' content, so a repeat of the same bad row is not audited twice. */
  readonly invalidHashes: Map<string, string>;
  /** Rows in force from a later day: sent on that day. */
  readonly deferred: readonly DeferredRow[];
}

/**
 * Keeps each record's row in force, maps it and builds its change event, or refuses it with the
 * mapper's reasons. A replay keeps only the ids it names. `label` tells keyless rows apart in the
 * audit (the window's start, or the day for deferred rows).
 */
export function changesOf(
  read: EntityRead,
  rows: readonly SourceRow[],
  rowErrors: readonly RecordOutcome[],
  label: string,
): WindowChanges {
  const { connectionId, entity, runId, scope } = read;
  const { current, deferred } =
    entity === 'employee'
      ? selectCurrentEmployeeRows(rows, read.today, read.primaryEmplRcd)
      : { current: [...rows], deferred: [] };
  const changes: WindowChanges = {
    events: [],
    currencyKeys: new Map(),
    invalid: [...rowErrors],
    invalidHashes: new Map(),
    deferred: scope.onlyIds ? [] : deferred,
  };
  for (const row of current) {
    const result = read.mapper(row);
    if (scope.onlyIds && !(result.sourceId && scope.onlyIds.has(result.sourceId))) continue;
    if (result.ok) {
      if (entity === 'employee') {
        changes.currencyKeys.set(result.sourceId, currencyKeyOf(row, read.primaryEmplRcd));
      }
      changes.events.push({
        eventId: eventIdOf(connectionId, entity, result.sourceId, result.contentHash),
        connectionId,
        runId,
        correlationId: runId,
        entity,
        sourceId: result.sourceId,
        sourceUpdatedAt: result.sourceUpdatedAt,
        lifecycle: result.lifecycle,
        objectType: result.objectType,
        idProperty: result.idProperty,
        idValue: result.idValue,
        properties: result.properties,
        contentHash: result.contentHash,
      });
    } else {
      const sourceId = result.sourceId ?? `keyless-row:${label}:${changes.invalid.length}`;
      changes.invalidHashes.set(sourceId, rowHash(row));
      // A refused row in force still ranks: an older row of the person must not be sent after it.
      const key = entity === 'employee' ? rankedCurrencyKeyOf(row, read.primaryEmplRcd) : null;
      if (key !== null && result.sourceId) changes.currencyKeys.set(result.sourceId, key);
      changes.invalid.push(
        refusal(read, sourceId, 'INVALID_SOURCE_ROW', result.reasons.join('; ')),
      );
    }
  }
  return { ...changes, events: newestPerKey(changes.events) };
}

/**
 * Splits a window's answer into the rows to map and the refusals of rows that cannot be: rows
 * PeopleSoft sent but the client could not read, and rows stamped after the window asked for
 * (a clock or data error in PeopleSoft; taken as is, such a row would move the watermark past
 * every change still to come).
 */
export function screenWindow(
  read: EntityRead,
  window: ChangeWindow,
  fetched: FetchedWindow,
): { rows: SourceRow[]; refused: RecordOutcome[] } {
  const rows: SourceRow[] = [];
  const refused: RecordOutcome[] = fetched.rowErrors.map((e, i) =>
    // The position keeps two unreadable rows apart even when PeopleSoft numbers them alike.
    refusal(read, `unreadable-row:${window.from}:${e.rowNumber}:${i}`, 'UNREADABLE_ROW', e.reason),
  );
  let future = 0;
  for (const row of fetched.rows) {
    const stamp = String(row.LASTUPDDTTM ?? '');
    if (!(stamp > window.to)) {
      rows.push(row);
      continue;
    }
    const key = String(row.EMPLID ?? row.VENDOR_ID ?? row.CUST_ID ?? '?').slice(0, 40);
    refused.push(
      refusal(
        read,
        // Audited under the record's own id when the row has a readable key.
        read.mapper(row).sourceId ?? `future-row:${window.from}:${future}`,
        'STAMPED_IN_THE_FUTURE',
        `row ${key} has LASTUPDDTTM ${stamp.slice(0, 26)}, after the window read ` +
          `(to ${window.to}): check PeopleSoft's clock or the row`,
      ),
    );
    future += 1;
  }
  return { rows, refused };
}

function refusal(
  read: EntityRead,
  sourceId: string,
  category: string,
  message: string,
): RecordOutcome {
  return {
    connectionId: read.connectionId,
    entity: read.entity,
    sourceId,
    objectType: OBJECT_TYPE[read.entity],
    runId: read.runId,
    eventId: null,
    outcome: 'invalid',
    errorCategory: category,
    errorMessage: message,
  };
}

/** Stable across re-polls of the same content, so a redelivered or re-sent event is the same. */
function eventIdOf(connectionId: string, entity: string, sourceId: string, hash: string): string {
  return createHash('sha256')
    .update(`${connectionId}|${entity}|${sourceId}|${hash}`)
    .digest('hex')
    .slice(0, 32);
}

function newestPerKey(events: readonly UnversionedEvent[]): UnversionedEvent[] {
  const newest = new Map<string, UnversionedEvent>();
  for (const e of events) {
    const held = newest.get(e.sourceId);
    if (!held || e.sourceUpdatedAt >= held.sourceUpdatedAt) newest.set(e.sourceId, e);
  }
  return [...newest.values()];
}

function rowHash(row: SourceRow): string {
  const keys = Object.keys(row).sort();
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, row[k]])))
    .digest('hex');
}
