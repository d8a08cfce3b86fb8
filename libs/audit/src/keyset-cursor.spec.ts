import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor, InvalidCursorError, isIsoMicros } from './keyset-cursor';
import { WhereBuilder } from './where-builder';

test('a cursor round-trips its values and is opaque', () => {
  const cursor = encodeCursor('records', ['2026-11-28T10:00:00.123456Z', 'abc']);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor, 'records', 2), ['2026-11-28T10:00:00.123456Z', 'abc']);
});

test('a cursor of another list, another shape or garbage is refused', () => {
  const runs = encodeCursor('runs', ['a', 'b']);
  assert.throws(() => decodeCursor(runs, 'records', 2), InvalidCursorError);
  assert.throws(() => decodeCursor(runs, 'runs', 3), InvalidCursorError);
  assert.throws(() => decodeCursor('%%%', 'runs', 2), InvalidCursorError);
  const numbers = Buffer.from(JSON.stringify(['c1', 'runs', 1, 2])).toString('base64url');
  assert.throws(() => decodeCursor(numbers, 'runs', 2), InvalidCursorError);
});

test('timestamps in cursors keep microseconds', () => {
  assert.equal(isIsoMicros('2026-11-28T10:00:00.123456Z'), true);
  assert.equal(isIsoMicros('2026-11-28T10:00:00.123Z'), false);
  assert.equal(isIsoMicros("2026-11-28'; DROP TABLE x"), false);
});

test('WhereBuilder numbers parameters and skips undefined filters', () => {
  const where = new WhereBuilder().add('a = ?', 1).add('b = ?', undefined).add('c IN (?, ?)', 'x');
  where.raw(`d < ${where.param(5)}`);
  assert.equal(where.sql, 'a = $1 AND c IN ($2, $2) AND d < $3');
  assert.deepEqual(where.params, [1, 'x', 5]);
  assert.equal(new WhereBuilder().sql, 'TRUE');
});
