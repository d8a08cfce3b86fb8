import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordState } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import { newestPerRecord, skipReason, toOutcome, type BatchItem } from './batch-decisions';
import type { SendResult } from './send-with-retries';

function item(sourceId: string, version: number, contentHash = `hash-${version}`): BatchItem {
  const event = {
    eventId: `${sourceId}-${version}`,
    connectionId: 'c1',
    runId: 'r1',
    correlationId: 'r1',
    entity: 'employee',
    sourceId,
    sourceUpdatedAt: '2026-11-28-09.00.00.000000',
    sourceVersion: version,
    lifecycle: 'active',
    objectType: 'contacts',
    idProperty: 'ml_peoplesoft_id',
    idValue: sourceId,
    properties: { firstname: 'Pat' },
    contentHash,
  } satisfies ChangeEvent;
  return { event, settle: () => Promise.resolve() };
}

function state(overrides: Partial<RecordState>): RecordState {
  return {
    sourceId: 'E1',
    hubspotId: '101',
    syncedHash: 'hash-3',
    sourceUpdatedAt: null,
    sourceVersion: 3,
    emittedVersion: 3,
    status: 'synced',
    ...overrides,
  };
}

const WRITTEN: SendResult = { ok: true, hubspotId: '7', created: false };
const ACTIVE = { attention: null } as unknown as ConnectionWithSecrets;

const decide = (i: BatchItem, s: RecordState | undefined, c = ACTIVE, batch = [i]) =>
  skipReason(i, newestPerRecord(batch), s, c);

test('the newest version in a batch wins; the older ones are superseded', () => {
  const older = item('E1', 4);
  const newer = item('E1', 5);
  assert.equal(decide(older, undefined, ACTIVE, [older, newer])?.outcome, 'superseded');
  assert.equal(decide(newer, undefined, ACTIVE, [older, newer]), undefined);
});

test('a version older than one already emitted or already in HubSpot is never sent', () => {
  assert.equal(decide(item('E1', 4), state({ emittedVersion: 5 }))?.outcome, 'superseded');
  const stale = decide(item('E1', 2), state({ emittedVersion: null }));
  assert.equal(stale?.outcome, 'stale');
  assert.match(stale?.errorMessage ?? '', /HubSpot already has version 3/);
});

test('content HubSpot already holds costs no call; changed content is sent', () => {
  assert.equal(decide(item('E1', 3), state({}))?.outcome, 'unchanged');
  assert.equal(decide(item('E1', 4, 'hash-new'), state({ emittedVersion: 4 })), undefined);
  // Synced before but without a HubSpot id (never confirmed): sent again.
  assert.equal(decide(item('E1', 3), state({ hubspotId: null })), undefined);
});

test('a deleted connection fails the record; one needing attention holds it for a replay', () => {
  assert.equal(
    decide(item('E1', 1), undefined, null as never)?.errorCategory,
    'CONNECTION_DELETED',
  );
  const paused = { attention: 'the HubSpot token was revoked' } as unknown as ConnectionWithSecrets;
  const held = decide(item('E1', 1), undefined, paused);
  assert.equal(held?.outcome, 'failed');
  assert.equal(held?.errorCategory, 'CONNECTION_NEEDS_ATTENTION');
  assert.deepEqual(held?.properties, { firstname: 'Pat' });
});

test('a result is created, updated or failed; no result at all is a failure, not a success', () => {
  const e = item('E1', 1).event;
  const created = toOutcome(e, WRITTEN, undefined);
  assert.equal(created.outcome, 'created', 'no HubSpot id known before: created');
  assert.equal(toOutcome(e, WRITTEN, state({})).outcome, 'updated');
  const missing = toOutcome(e, undefined, undefined);
  assert.equal(missing.outcome, 'failed');
  assert.equal(missing.errorCategory, 'NO_RESULT');
});
