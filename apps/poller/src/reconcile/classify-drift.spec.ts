import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrmObject } from '@ml/hubspot';
import { classifyDrift, propertiesToRead, type KnownRecord } from './classify-drift';

const sent = (id: string, firstname = `F${id}`) => ({
  ml_peoplesoft_id: id,
  firstname,
  email: `${id.toLowerCase()}@example.com`,
  ml_last_synced_at: '2026-11-28T00:00:00Z',
});

function record(
  id: string,
  hubspotId: string | null,
  extra: Partial<KnownRecord> = {},
): KnownRecord {
  return {
    recordId: `r-${id}`,
    entity: 'employee',
    sourceId: id,
    objectType: 'contacts',
    hubspotId,
    status: hubspotId ? 'synced' : 'failed',
    hubspotArchived: false,
    sent: hubspotId ? sent(id) : null,
    ...extra,
  };
}

function object(
  id: string,
  psId: string | null,
  properties: Record<string, string | null> = {},
): CrmObject {
  return {
    id,
    properties: {
      ...(psId ? { ...sent(psId), ml_last_synced_at: 'later' } : {}),
      ...properties,
    },
    createdAt: '',
    updatedAt: '',
    archived: false,
  };
}

const classes = (items: ReturnType<typeof classifyDrift>) =>
  Object.fromEntries(items.map((i) => [i.sourceId, [i.class, i.repair]]));

describe('classifyDrift', () => {
  it('in sync when every sent property matches (email case and ml_last_synced_at ignored)', () => {
    const items = classifyDrift(
      'contacts',
      [record('E1', '101')],
      [object('101', 'E1', { email: 'E1@Example.com' })],
    );
    assert.deepEqual(classes(items), { E1: ['in-sync', 'none'] });
  });

  it("a rep's edit of a sent property is 'edited', with both values", () => {
    const [item] = classifyDrift(
      'contacts',
      [record('E1', '101')],
      [object('101', 'E1', { firstname: 'Rep' })],
    );
    assert.equal(item?.class, 'edited');
    assert.deepEqual(item?.changed, [{ name: 'firstname', hubspot: 'Rep', sent: 'FE1' }]);
  });

  it('archived-deleted when a synced record has no live object; missing when it never arrived', () => {
    const items = classifyDrift('contacts', [record('E1', '101'), record('E2', null)], []);
    assert.deepEqual(classes(items), {
      E1: ['archived-deleted', 'resend'],
      E2: ['missing', 'resend'],
    });
  });

  it('an archive made by the terminated-policy is expected, a restore of it is drift', () => {
    const archived = record('E1', '101', { hubspotArchived: true });
    assert.deepEqual(classes(classifyDrift('contacts', [archived], [])), {
      E1: ['in-sync', 'none'],
    });
    assert.deepEqual(classes(classifyDrift('contacts', [archived], [object('101', 'E1')])), {
      E1: ['edited', 'resend'],
    });
  });

  it('follows a merge: the merged-away record points at the survivor and is not recreated', () => {
    const survivor = object('101', 'E1', { hs_merged_object_ids: '102' });
    const items = classifyDrift('contacts', [record('E1', '101'), record('E2', '102')], [survivor]);
    assert.deepEqual(classes(items), { E1: ['in-sync', 'none'], E2: ['merged', 'follow-merge'] });
    assert.equal(items.find((i) => i.sourceId === 'E2')?.survivorId, '101');
    // Next time the stored id is the survivor's: still merged, nothing to do, no duplicate.
    const again = classifyDrift('contacts', [record('E1', '101'), record('E2', '101')], [survivor]);
    assert.deepEqual(classes(again), { E1: ['in-sync', 'none'], E2: ['merged', 'none'] });
  });

  it('a merge into a new record moves the stored id of the record whose PeopleSoft id survived', () => {
    const items = classifyDrift(
      'contacts',
      [record('E1', '101')],
      [object('200', 'E1', { hs_merged_object_ids: '101;102' })],
    );
    assert.deepEqual(classes(items), { E1: ['merged', 'follow-merge'] });
    assert.equal(items[0]?.survivorId, '200');
  });

  it('reports objects with an unknown ml_peoplesoft_id as orphans and ignores objects without one', () => {
    const items = classifyDrift('contacts', [], [object('101', 'ZZ9'), object('102', null)]);
    assert.deepEqual(classes(items), { ZZ9: ['orphaned', 'none'] });
  });

  it('skips invalid records and other object types', () => {
    const items = classifyDrift(
      'contacts',
      [record('E1', null, { status: 'invalid' }), record('V1', '5', { objectType: 'companies' })],
      [],
    );
    assert.deepEqual(items, []);
  });

  it('reads the sent properties plus the id and merge properties, never ml_last_synced_at', () => {
    assert.deepEqual(propertiesToRead([record('E1', '101')]), [
      'email',
      'firstname',
      'hs_merged_object_ids',
      'ml_peoplesoft_id',
    ]);
  });
});
