import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectStore } from './object-store';

function store(unique: string[] = ['email', 'ml_id']) {
  let next = 100;
  return new ObjectStore(
    () => unique,
    () => String(next++),
  );
}

const at = '2026-11-28T10:00:00.000Z';
const noDerived = () => ({});

describe('ObjectStore', () => {
  it('creates on a new unique value and updates on a known one', () => {
    const objects = store();
    const first = objects.upsert('ml_id', 'E1', { firstname: 'Ana' }, at, noDerived);
    assert.equal(first.ok && first.created, true);
    const second = objects.upsert(
      'ml_id',
      'E1',
      { lastname: 'Lee' },
      '2026-11-28T11:00:00.000Z',
      noDerived,
    );
    assert.ok(second.ok);
    assert.equal(second.created, false);
    assert.equal(second.object.id, first.ok ? first.object.id : '');
    assert.deepEqual(second.object.properties, { firstname: 'Ana', lastname: 'Lee', ml_id: 'E1' });
    assert.equal(second.object.createdAt, at);
    assert.equal(objects.size, 1);
  });

  it('stores emails lower-cased and finds them whatever the case', () => {
    const objects = store();
    objects.upsert('email', 'Ana@Example.COM', {}, at, noDerived);
    assert.equal(
      objects.findByUnique('email', 'ana@example.com')?.properties.email,
      'ana@example.com',
    );
    const again = objects.upsert('email', 'ANA@example.com', {}, at, noDerived);
    assert.equal(again.ok && again.created, false);
  });

  it('refuses a unique value another object holds', () => {
    const objects = store();
    objects.upsert('ml_id', 'E1', { email: 'a@x.com' }, at, noDerived);
    const clash = objects.upsert('ml_id', 'E2', { email: 'A@x.com' }, at, noDerived);
    assert.equal(clash.ok, false);
    assert.equal(!clash.ok && clash.conflict.property, 'email');
    assert.equal(objects.size, 1);
  });

  it('clears a property written as an empty string and frees its unique value', () => {
    const objects = store();
    objects.upsert('ml_id', 'E1', { email: 'a@x.com' }, at, noDerived);
    objects.upsert('ml_id', 'E1', { email: '' }, at, noDerived);
    assert.equal(objects.findByUnique('email', 'a@x.com'), undefined);
    const reuse = objects.upsert('ml_id', 'E2', { email: 'a@x.com' }, at, noDerived);
    assert.equal(reuse.ok, true);
  });

  it('undoes every write of a rolled-back transaction', () => {
    const objects = store();
    objects.upsert('ml_id', 'E1', { firstname: 'Ana', email: 'a@x.com' }, at, noDerived);
    objects.transaction(() => {
      objects.upsert('ml_id', 'E1', { firstname: 'Changed', email: 'b@x.com' }, at, noDerived);
      objects.upsert('ml_id', 'E2', { email: 'c@x.com' }, at, noDerived);
      return false;
    });
    assert.equal(objects.size, 1);
    assert.equal(objects.findByUnique('ml_id', 'E1')?.properties.firstname, 'Ana');
    assert.equal(objects.findByUnique('email', 'a@x.com')?.properties.ml_id, 'E1');
    assert.equal(objects.findByUnique('email', 'b@x.com'), undefined);
    assert.equal(objects.findByUnique('email', 'c@x.com'), undefined);
  });
});
