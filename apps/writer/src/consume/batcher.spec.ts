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
    { size: 3, lingerMs: 60_000, maxLingerMs: 60_000, concurrency: 2, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
  for (let n = 0; n < 7; n++) b.add('g', { key: `k${n}`, n });
  await b.drain();
  assert.deepEqual(c.batches.map((x) => x.items.length).sort(), [1, 3, 3]);
});

test('flushes a partial batch after the linger', async () => {
  const c = collector();
  const b = new Batcher<Item>(
    { size: 100, lingerMs: 5, maxLingerMs: 20, concurrency: 1, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
  b.add('g', { key: 'a', n: 1 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(c.batches.length, 1);
  await b.drain();
});

test('groups never mix and concurrency is bounded', async () => {
  const c = collector(5);
  const b = new Batcher<Item>(
    { size: 2, lingerMs: 1, maxLingerMs: 4, concurrency: 2, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
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
  const b = new Batcher<Item>(
    { size: 1, lingerMs: 1, maxLingerMs: 4, concurrency: 4, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
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

test('a steady trickle keeps a partial batch open until it is full or the longest linger', async () => {
  const c = collector();
  const b = new Batcher<Item>(
    { size: 10, lingerMs: 40, maxLingerMs: 2_000, concurrency: 1, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
  // One item every 10 ms: never quiet for a linger, so nothing goes out before the tenth.
  for (let n = 0; n < 15; n++) {
    b.add('g', { key: `k${n}`, n });
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepEqual(
    c.batches.map((x) => x.items.length),
    [10],
  );
  // Then the stream stops: the five left go out one linger later.
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(
    c.batches.map((x) => x.items.length),
    [10, 5],
  );
  await b.drain();
});

test('the longest linger bounds the wait of a batch that never fills', async () => {
  const c = collector();
  const sentAfter: number[] = [];
  const b = new Batcher<Item>(
    { size: 100, lingerMs: 100, maxLingerMs: 200, concurrency: 1, capacity: 1_000 },
    (i) => [i.key],
    (group, items) => {
      sentAfter.push(Date.now() - started);
      return c.handle(group, items);
    },
  );
  const started = Date.now();
  // An item every 10 ms, far within the linger: only the longest linger can cut the batch. The
  // trickle lasts at least 400 ms (timers never fire early), so the batch goes out during it.
  for (let n = 0; n < 40; n++) {
    b.add('g', { key: `k${n}`, n });
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(c.batches.length >= 1, 'sent before the trickle ended');
  const first = c.batches[0]?.items.length ?? 0;
  assert.ok(first < 40, `first batch of ${first}, before the trickle ended`);
  assert.ok((sentAfter[0] ?? 0) >= 200, `not before the longest linger (${sentAfter[0]} ms)`);
  await b.drain();
  assert.equal(
    c.batches.reduce((s, x) => s + x.items.length, 0),
    40,
  );
});

test('a due batch waiting for a free slot keeps taking items until the slot frees', async () => {
  const c = collector(400);
  const b = new Batcher<Item>(
    { size: 100, lingerMs: 5, maxLingerMs: 5, concurrency: 1, capacity: 1_000 },
    (i) => [i.key],
    c.handle,
  );
  b.add('g', { key: 'first', n: 0 });
  await new Promise((r) => setTimeout(r, 15)); // the first batch is running now
  for (let n = 1; n <= 6; n++) {
    b.add('g', { key: `k${n}`, n });
    await new Promise((r) => setTimeout(r, 8)); // longer than the linger: each would be due alone
  }
  await b.drain();
  assert.deepEqual(
    c.batches.map((x) => x.items.length),
    [1, 6],
  );
});

test('records sharing a key (an email) are never in two batches in flight at once, in order', async () => {
  const inFlight = new Set<string>();
  const order: number[] = [];
  let overlapped = false;
  const keysOf = (i: Item) => [i.key, `email:${i.n % 2 === 0 ? 'shared' : `own${i.n}`}`];
  const b = new Batcher<Item>(
    { size: 1, lingerMs: 1, maxLingerMs: 4, concurrency: 4, capacity: 1_000 },
    keysOf,
    async (_g, items) => {
      const keys = items.flatMap(keysOf);
      if (keys.some((k) => inFlight.has(k))) overlapped = true;
      keys.forEach((k) => inFlight.add(k));
      await new Promise((r) => setTimeout(r, 10));
      keys.forEach((k) => inFlight.delete(k));
      order.push(...items.map((i) => i.n));
    },
  );
  for (let n = 0; n < 8; n++) b.add('g', { key: `r${n}`, n });
  await b.drain();
  assert.equal(overlapped, false);
  assert.deepEqual(
    order.filter((n) => n % 2 === 0),
    [0, 2, 4, 6],
  );
  assert.equal(order.length, 8);
});

test('with as many items held as the prefetch allows, a free slot takes a partial group at once', async () => {
  const c = collector(30);
  const b = new Batcher<Item>(
    { size: 10, lingerMs: 60_000, maxLingerMs: 60_000, concurrency: 2, capacity: 15 },
    (i) => [i.key],
    c.handle,
  );
  // 15 held: one full batch goes, the 5 left can never become 10 (no delivery until an ack).
  for (let n = 0; n < 15; n++) b.add('g', { key: `k${n}`, n });
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(
    c.batches.map((x) => x.items.length),
    [10, 5],
  );
  await b.drain();
});

test('items a batch hands back are batched again, before newer items of their key', async () => {
  const batches: Item[][] = [];
  const b = new Batcher<Item>(
    { size: 4, lingerMs: 1, maxLingerMs: 4, concurrency: 1, capacity: 1_000 },
    (i) => [i.key],
    async (_group, items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      // Room for two per batch: the rest comes back.
      return items.slice(2);
    },
  );
  for (let n = 0; n < 4; n++) b.add('g', { key: `k${n}`, n });
  await new Promise((r) => setTimeout(r, 2));
  // A newer version of k3 arrives while k3 is in flight: it must not overtake the handed-back one.
  b.add('g', { key: 'k3', n: 4 });
  await b.drain();
  const handled = batches.flatMap((items) => items.slice(0, 2).map((i) => i.n));
  assert.deepEqual(handled, [0, 1, 2, 3, 4], 'every item handled once, in arrival order');
  assert.deepEqual(
    batches.map((items) => items.map((i) => i.n)),
    [[0, 1, 2, 3], [2, 3, 4], [4]],
  );
});

test('the size may depend on the group', async () => {
  const c = collector();
  const b = new Batcher<Item>(
    {
      size: (group) => (group === 'big' ? 5 : 2),
      lingerMs: 60_000,
      maxLingerMs: 60_000,
      concurrency: 4,
      capacity: 1_000,
    },
    (i) => [i.key],
    c.handle,
  );
  for (let n = 0; n < 5; n++) b.add('big', { key: `b${n}`, n });
  for (let n = 0; n < 2; n++) b.add('small', { key: `s${n}`, n });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(c.batches.map((x) => [x.group, x.items.length]).sort(), [
    ['big', 5],
    ['small', 2],
  ]);
  await b.drain();
});
