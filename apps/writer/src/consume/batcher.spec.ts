import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher';

interface Item {
  key: string;
  n: number;
}

function collector(delayMs = 0) {
  const batches: Array<{ group: string; items: Item[] }> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const handle = async (group: string, items: Item[]) => {
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise((r) => setTimeout(r, delayMs));
    batches.push({ group, items });
    concurrent -= 1;
  };
  return { batches, handle, max: () => maxConcurrent };
}

test('flushes on size without waiting for the linger', async () => {
  const c = collector();
  const b = new Batcher<Item>(
    { size: 3, lingerMs: 60_000, concurrency: 2 },
    (i) => i.key,
    c.handle,
  );
  for (let n = 0; n < 7; n++) b.add('g', { key: `k${n}`, n });
  await b.drain();
  assert.deepEqual(c.batches.map((x) => x.items.length).sort(), [1, 3, 3]);
});

test('flushes a partial batch after the linger', async () => {
  const c = collector();
  const b = new Batcher<Item>({ size: 100, lingerMs: 5, concurrency: 1 }, (i) => i.key, c.handle);
  b.add('g', { key: 'a', n: 1 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(c.batches.length, 1);
  await b.drain();
});

test('groups never mix and concurrency is bounded', async () => {
  const c = collector(5);
  const b = new Batcher<Item>({ size: 2, lingerMs: 1, concurrency: 2 }, (i) => i.key, c.handle);
  for (let n = 0; n < 10; n++) b.add(n % 2 ? 'odd' : 'even', { key: `k${n}`, n });
  await b.drain();
  for (const batch of c.batches) {
    assert.ok(batch.items.every((i) => (i.n % 2 ? 'odd' : 'even') === batch.group));
  }
  assert.equal(
    c.batches.reduce((s, x) => s + x.items.length, 0),
    10,
  );
  assert.ok(c.max() <= 2);
});

test('a record in flight waits, so its versions are written one after the other', async () => {
  const c = collector(10);
  const b = new Batcher<Item>({ size: 1, lingerMs: 1, concurrency: 4 }, (i) => i.key, c.handle);
  b.add('g', { key: 'same', n: 1 });
  await new Promise((r) => setTimeout(r, 3));
  b.add('g', { key: 'same', n: 2 });
  b.add('g', { key: 'other', n: 3 });
  await b.drain();
  const order = c.batches
    .flatMap((x) => x.items)
    .filter((i) => i.key === 'same')
    .map((i) => i.n);
  assert.deepEqual(order, [1, 2]);
  assert.equal(c.max() <= 2, true);
});
