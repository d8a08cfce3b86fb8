import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrmObject } from '@ml/hubspot';
import {
  classifyDrift,
  classifyListed,
  classifyUnlisted,
  mergedIdsOf,
  propertiesToRead,
  propertiesToReadOf,
  psIdOf,
  type DriftItem,
  type KnownRecord,
  type LiveObject,
} from './classify-drift';

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

  it('propertiesToReadOf gives the same list from the sent property names alone', () => {
    assert.deepEqual(
      propertiesToReadOf(['firstname', 'email', 'ml_last_synced_at', 'firstname']),
      propertiesToRead([record('E1', '101')]),
    );
  });
});

describe('classifyDrift page by page', () => {
  /**
   * What a reconciliation does without holding the listing: each page with the records its
   * PeopleSoft ids concern, then the records no page carried, with the facts of the whole
   * listing (as the workspace answers them from Postgres).
   */
  function pageByPage(
    records: readonly KnownRecord[],
    live: readonly LiveObject[],
    pageSize: number,
  ): DriftItem[] {
    const items: DriftItem[] = [];
    for (let start = 0; start < live.length; start += pageSize) {
      const page = live.slice(start, start + pageSize);
      const psIds = new Set(page.map((o) => psIdOf(o)));
      const concerned = records.filter((r) => psIds.has(r.sourceId));
      items.push(...classifyListed('contacts', concerned, page));
    }
    const listedPsIds = new Set(live.map((o) => psIdOf(o)));
    for (const record of records) {
      if (listedPsIds.has(record.sourceId)) continue;
      const survivor = live.filter((o) => mergedIdsOf(o).includes(record.hubspotId ?? '')).pop();
      const shared = live.find((o) => o.id === record.hubspotId);
      const item = classifyUnlisted('contacts', {
        record,
        survivorId: survivor?.id ?? null,
        sharedWith: shared ? { id: shared.id, psId: psIdOf(shared) } : null,
      });
      if (item) items.push(item);
    }
    return items;
  }

  const bySource = (items: readonly DriftItem[]) =>
    [...items].sort((a, b) => a.sourceId.localeCompare(b.sourceId));

  it('classifies exactly as one pass over the whole listing, whatever the page size', () => {
    const records = [
      record('E1', '101'), // in sync
      record('E2', '102'), // edited
      record('E3', '103'), // deleted
      record('E4', '104'), // merged into 110 (E10's), on another page
      record('E5', '110'), // a merge followed earlier: shares 110
      record('E6', '106', { hubspotArchived: true }), // archived by the policy
      record('E7', '107', { hubspotArchived: true }), // restored by a rep
      record('E8', null), // never arrived
      record('E9', '109'), // its PeopleSoft id is now on 200
      record('E10', '110'),
      record('E11', null, { status: 'invalid' }), // out of scope: its object is an orphan
      record('V1', '5', { objectType: 'companies' }), // another object type
    ];
    const live = [
      object('101', 'E1'),
      object('102', 'E2', { firstname: 'Rep' }),
      object('107', 'E7'),
      object('200', 'E9', { hs_merged_object_ids: '109' }),
      object('300', 'ZZ1'),
      object('301', null),
      object('302', 'E11'),
      object('110', 'E10', { hs_merged_object_ids: '104;110' }),
    ];
    const whole = bySource(classifyDrift('contacts', records, live));
    assert.equal(whole.length, 12);
    for (const pageSize of [1, 2, 3, 100]) {
      assert.deepEqual(
        bySource(pageByPage(records, live, pageSize)),
        whole,
        `pages of ${pageSize}`,
      );
    }
    assert.deepEqual(classes(whole), {
      E1: ['in-sync', 'none'],
      E2: ['edited', 'resend'],
      E3: ['archived-deleted', 'resend'],
      E4: ['merged', 'follow-merge'],
      E5: ['merged', 'none'],
      E6: ['in-sync', 'none'],
      E7: ['edited', 'resend'],
      E8: ['missing', 'resend'],
      E9: ['merged', 'follow-merge'],
      E10: ['in-sync', 'none'],
      E11: ['orphaned', 'none'],
      ZZ1: ['orphaned', 'none'],
    });
  });

  it('a page classifies only the records it carries the PeopleSoft id of', () => {
    const items = classifyListed(
      'contacts',
      [record('E1', '101'), record('E2', '102')],
      [object('101', 'E1')],
    );
    assert.deepEqual(classes(items), { E1: ['in-sync', 'none'] });
  });

  it('an unlisted record out of scope is not classified', () => {
    const unlisted = { survivorId: null, sharedWith: null };
    assert.equal(
      classifyUnlisted('contacts', {
        record: record('E1', null, { status: 'invalid' }),
        ...unlisted,
      }),
      null,
    );
    assert.equal(
      classifyUnlisted('contacts', {
        record: record('V1', '5', { objectType: 'companies' }),
        ...unlisted,
      }),
      null,
    );
  });
});
