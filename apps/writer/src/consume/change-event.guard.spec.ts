import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChangeEvent } from './change-event.guard';

const valid = {
  eventId: 'e1',
  connectionId: 'c1',
  runId: 'r1',
  correlationId: 'r1',
  entity: 'employee',
  sourceId: 'KU0001',
  sourceUpdatedAt: '2026-11-27-14.03.11.000000',
  sourceVersion: 3,
  lifecycle: 'active',
  objectType: 'contacts',
  idProperty: 'ml_peoplesoft_id',
  idValue: 'KU0001',
  properties: { firstname: 'Ana' },
  contentHash: 'abc',
};

test('accepts a well-formed change event', () => {
  assert.deepEqual(parseChangeEvent(valid), valid);
});

test('names the field that is wrong', () => {
  assert.equal(parseChangeEvent(null), 'message body is not a JSON object');
  assert.match(String(parseChangeEvent({ ...valid, sourceId: '' })), /'sourceId'/);
  assert.match(String(parseChangeEvent({ ...valid, entity: 'robot' })), /'entity'/);
  assert.match(String(parseChangeEvent({ ...valid, properties: { a: 1 } })), /property 'a'/);
  assert.match(String(parseChangeEvent({ ...valid, properties: [] })), /'properties'/);
  assert.match(String(parseChangeEvent({ ...valid, sourceVersion: '3' })), /'sourceVersion'/);
  assert.match(String(parseChangeEvent({ ...valid, sourceVersion: 0 })), /'sourceVersion'/);
});
