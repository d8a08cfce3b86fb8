import type { RecordOutcome, RecordState } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import type { SendResult } from './send-with-retries';

/** What becomes of a message once its outcome is durable. */
export type Settlement = 'ack' | 'requeue';

/** One change event and how to settle its message. */
export interface BatchItem {
  readonly event: ChangeEvent;
  settle(how: Settlement): Promise<void>;
}

/** Why an event needs no HubSpot call, as its audit outcome; undefined when it must be sent. */
export function skipReason(
  item: BatchItem,
  newest: ReadonlyMap<string, BatchItem>,
  state: RecordState | undefined,
  connection: ConnectionWithSecrets | null,
): RecordOutcome | undefined {
  const e = item.event;
  if (newest.get(e.sourceId) !== item) {
    return outcomeOf(e, 'superseded', {
      errorMessage: 'a newer change of this record was in the same batch',
    });
  }
  if (state?.emittedVersion != null && e.sourceVersion < state.emittedVersion) {
    // The poller already queued a newer version: writing this one would be overwritten anyway.
    return outcomeOf(e, 'superseded', {
      errorMessage: `version ${state.emittedVersion} of this record was emitted after this one (${e.sourceVersion})`,
    });
  }
  if (!connection) {
    return outcomeOf(e, 'failed', {
      errorCategory: 'CONNECTION_DELETED',
      errorMessage: 'the connection no longer exists',
    });
  }
  if (state?.sourceVersion != null && e.sourceVersion < state.sourceVersion) {
    return outcomeOf(e, 'stale', {
      errorMessage: `HubSpot already has version ${state.sourceVersion} of this record (this is ${e.sourceVersion})`,
    });
  }
  if (state?.status === 'synced' && state.syncedHash === e.contentHash && state.hubspotId) {
    return outcomeOf(e, 'unchanged', { hubspotId: state.hubspotId });
  }
  if (connection.attention) {
    // Writing is stopped until someone fixes the connection; the record waits, audited, for a replay.
    return outcomeOf(e, 'failed', {
      properties: e.properties,
      errorCategory: 'CONNECTION_NEEDS_ATTENTION',
      errorMessage: connection.attention,
    });
  }
  return undefined;
}

export function toOutcome(
  e: ChangeEvent,
  r: SendResult | undefined,
  state: RecordState | undefined,
): RecordOutcome {
  if (r?.ok) {
    const created = r.created || !state?.hubspotId;
    return outcomeOf(e, created ? 'created' : 'updated', {
      hubspotId: r.hubspotId,
      properties: e.properties,
    });
  }
  return outcomeOf(e, 'failed', {
    properties: e.properties,
    correlationId: r?.correlationId ?? null,
    errorCategory: r?.category ?? 'NO_RESULT',
    errorMessage: r?.message ?? 'HubSpot gave no result for this record',
  });
}

export function outcomeOf(
  e: ChangeEvent,
  outcome: RecordOutcome['outcome'],
  extra: Partial<RecordOutcome> = {},
): RecordOutcome {
  return {
    connectionId: e.connectionId,
    entity: e.entity,
    sourceId: e.sourceId,
    objectType: e.objectType,
    runId: e.runId,
    eventId: e.eventId,
    outcome,
    payloadHash: e.contentHash,
    sourceUpdatedAt: e.sourceUpdatedAt,
    sourceVersion: e.sourceVersion,
    ...extra,
  };
}

export function newestPerRecord(items: readonly BatchItem[]): Map<string, BatchItem> {
  const newest = new Map<string, BatchItem>();
  for (const item of items) {
    const held = newest.get(item.event.sourceId);
    if (!held || item.event.sourceVersion >= held.event.sourceVersion)
      newest.set(item.event.sourceId, item);
  }
  return newest;
}
