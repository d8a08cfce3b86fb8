import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSizer, mostEventsPerBatch } from './batch-sizer';

test('a group not seen yet gets one request of inputs', () => {
  assert.equal(new BatchSizer(100, 200).sizeOf('g'), 100);
});

test('where a fifth of the events need no request, batches grow to fill one request', () => {
  const sizer = new BatchSizer(100, 200);
  for (let i = 0; i < 20; i++) sizer.observe('g', 100, 80);
  const size = sizer.sizeOf('g');
  assert.ok(size * 0.8 >= 100, `${size} events carry at least 100 inputs at 80 %`);
  assert.ok(size <= 135, `${size} is not far beyond what one request takes`);
});

test('batches never shrink below one request, nor grow past the most', () => {
  const sizer = new BatchSizer(100, 200);
  for (let i = 0; i < 20; i++) sizer.observe('all-sent', 100, 100);
  for (let i = 0; i < 20; i++) sizer.observe('none-sent', 100, 0);
  assert.equal(sizer.sizeOf('all-sent'), 105);
  assert.equal(sizer.sizeOf('none-sent'), 200);
});

test('groups learn apart, and one odd batch moves the size only part of the way', () => {
  const sizer = new BatchSizer(100, 200);
  for (let i = 0; i < 20; i++) sizer.observe('a', 100, 100);
  sizer.observe('b', 100, 50);
  const before = sizer.sizeOf('a');
  sizer.observe('a', 100, 50);
  const after = sizer.sizeOf('a');
  assert.ok(after > before && after < 200, `${before} -> ${after}`);
  assert.equal(sizer.sizeOf('b'), 200);
});

test('batches grow only as far as the prefetch leaves room for every batch in flight', () => {
  assert.equal(mostEventsPerBatch(100, 1_000, 4), 200);
  assert.equal(mostEventsPerBatch(100, 600, 4), 120);
  assert.equal(mostEventsPerBatch(100, 400, 4), 100, 'never below one request');
  assert.equal(mostEventsPerBatch(50, 10_000, 4), 100, 'at most two requests of events');
});
