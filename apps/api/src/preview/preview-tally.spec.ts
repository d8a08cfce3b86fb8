import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordState } from '@ml/audit';
import type { MappedRecord, RejectedRecord } from '@ml/mapping';
import { classify, PreviewTally } from './preview-tally';

const mapped = (sourceId: string, hash: string): MappedRecord => ({
  ok: true,
  entity: 'employee',
  sourceId,
  idProperty: 'ml_peoplesoft_id',
  idValue: sourceId,
  objectType: 'contacts',
  lifecycle: 'active',
  sourceUpdatedAt: '2026-11-27-14.03.11.000000',
  properties: { ml_peoplesoft_id: sourceId, firstname: hash },
  contentHash: hash,
  notes: [],
});
const rejected = (sourceId: string | null): RejectedRecord => ({
  ok: false,
  entity: 'employee',
  sourceId,
  reasons: ["EMAIL_ADDR 'x@' is not a valid email"],
});
const state = (over: Partial<RecordState>): RecordState => ({
  sourceId: 'E1',
  hubspotId: '101',
  syncedHash: 'h1',
  sourceUpdatedAt: null,
  sourceVersion: 1,
  emittedVersion: 1,
  status: 'synced',
  ...over,
});

test('classify follows the writer: unchanged only when synced with the same hash', () => {
  assert.equal(classify('h1', undefined), 'create');
  assert.equal(classify('h1', state({ hubspotId: null, status: 'invalid' })), 'create');
  assert.equal(classify('h1', state({})), 'unchanged');
  assert.equal(classify('h2', state({})), 'update');
  assert.equal(classify('h1', state({ status: 'failed' })), 'update');
});

test('one count per id: a better row from a later window replaces the earlier one', () => {
  const tally = new PreviewTally(10);
  tally.add(mapped('E1', 'h1'), '0001', state({}));
  tally.add(mapped('E1', 'h1'), '0001', state({})); // the split midpoint, read twice
  assert.deepEqual(tally.counts, { create: 0, update: 0, unchanged: 1, invalid: 0 });
  tally.add(mapped('E1', 'h2'), '0002', state({}));
  assert.deepEqual(tally.counts, { create: 0, update: 1, unchanged: 0, invalid: 0 });
  assert.deepEqual(tally.examples.unchanged, []);
  assert.equal(tally.examples.update[0]?.contentHash, 'h2');
  tally.add(rejected('E1'), '0000', undefined); // an older row: ignored
  tally.add(rejected('E1'), '0003', undefined);
  assert.deepEqual(tally.counts, { create: 0, update: 0, unchanged: 0, invalid: 1 });
  assert.deepEqual(tally.examples.invalid, [{ sourceId: 'E1', reasons: rejected('E1').reasons }]);
});

test('examples stop at the limit while counts go on; keyless and unreadable rows count', () => {
  const tally = new PreviewTally(2);
  for (let i = 0; i < 5; i++) tally.add(mapped(`E${i}`, 'h'), '1', undefined);
  tally.add(rejected(null), '1', undefined);
  tally.add(rejected(null), '1', undefined);
  tally.addUnreadable('row 3: EMPLID is missing');
  assert.deepEqual(tally.counts, { create: 5, update: 0, unchanged: 0, invalid: 3 });
  assert.deepEqual(
    tally.examples.create.map((r) => r.sourceId),
    ['E0', 'E1'],
  );
  assert.equal(tally.examples.invalid.length, 2);
  const none = new PreviewTally(0);
  none.add(mapped('E1', 'h'), '1', undefined);
  assert.deepEqual(none.examples.create, []);
  assert.equal(none.counts.create, 1);
});

test('deferred rows are counted once per id and date', () => {
  const tally = new PreviewTally(1);
  tally.addDeferred('E1', '2026-12-01');
  tally.addDeferred('E1', '2026-12-01');
  tally.addDeferred('E1', '2027-01-01');
  assert.equal(tally.deferred, 2);
});
