import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingIds, nextCursor, toCrmObject } from './crm-objects';

describe('toCrmObject', () => {
  it('reads a record, keeping nulls and stringifying stray numbers', () => {
    assert.deepEqual(
      toCrmObject({
        id: '51',
        properties: { email: 'a@x.com', phone: null, hs_object_id: 51 },
        createdAt: '2026-11-28T10:00:00.000Z',
        updatedAt: '2026-11-28T11:00:00.000Z',
        archived: false,
      }),
      {
        id: '51',
        properties: { email: 'a@x.com', phone: null, hs_object_id: '51' },
        createdAt: '2026-11-28T10:00:00.000Z',
        updatedAt: '2026-11-28T11:00:00.000Z',
        archived: false,
      },
    );
    assert.equal(toCrmObject({ properties: {} }), undefined);
    assert.equal(toCrmObject('51'), undefined);
  });
});

describe('nextCursor', () => {
  it('reads paging.next.after and is undefined on the last page', () => {
    assert.equal(
      nextCursor({ results: [], paging: { next: { after: '77', link: '?after=77' } } }),
      '77',
    );
    assert.equal(nextCursor({ results: [] }), undefined);
    assert.equal(nextCursor({ paging: { next: {} } }), undefined);
  });
});

describe('missingIds', () => {
  const object = (id: string, properties: Record<string, string | null>) => ({
    id,
    properties,
    createdAt: '',
    updatedAt: '',
    archived: false,
  });

  it('works from the results, by record id or by the id property', () => {
    assert.deepEqual(missingIds(['1', '2', '3'], [object('2', {})], undefined), ['1', '3']);
    assert.deepEqual(missingIds(['E1', 'E2'], [object('9', { ml_id: 'E2' })], 'ml_id'), ['E1']);
    assert.deepEqual(
      missingIds(['Ana@X.com', 'b@x.com'], [object('9', { email: 'ana@x.com' })], 'email'),
      ['b@x.com'],
    );
  });
});
