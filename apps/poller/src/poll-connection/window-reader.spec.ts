import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SourceRow } from '@ml/mapping';
import {
  formatPeopleSoftTimestamp,
  parsePeopleSoftTimestamp,
  type ChangeWindow,
} from '@ml/peoplesoft';
import type { ChangeSource, FetchedWindow } from './change-source';
import { completeWindows } from './window-reader';

const START = parsePeopleSoftTimestamp('2026-01-01-00.00.00.000000');
const FIRST: ChangeWindow = {
  from: '1900-01-01-00.00.00.000000',
  to: '2027-01-01-00.00.00.000000',
};

/**
 * PeopleSoft as the windows see it: answers cut at maxRows, in LASTUPDDTTM order (as the setup
 * guide asks) or in another order (a customer query sorted otherwise).
 */
class FakeSource implements ChangeSource {
  readonly asked: ChangeWindow[] = [];
  failOnce: ((window: ChangeWindow) => Error | undefined) | undefined;

  constructor(
    private readonly stamps: readonly string[],
    private readonly maxRows: number,
    private readonly inOrder = true,
  ) {}

  async fetchWindow(_entity: string, window: ChangeWindow): Promise<FetchedWindow> {
    this.asked.push(window);
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failOnce?.(window);
    if (failure) {
      this.failOnce = undefined;
      throw failure;
    }
    const inside = this.stamps.filter((s) => s >= window.from && s <= window.to);
    // Not sorted: odd positions first, then even ones, from either end of the window.
    const answered = this.inOrder
      ? inside
      : [
          ...inside.filter((_, i) => i % 2 === 1).reverse(),
          ...inside.filter((_, i) => i % 2 === 0),
        ];
    const rows: SourceRow[] = answered.slice(0, this.maxRows).map((s) => ({ LASTUPDDTTM: s }));
    return { rows, truncated: rows.length === this.maxRows, rowErrors: [] };
  }

  isSplittable(error: unknown): boolean {
    return error instanceof Error && error.message === 'timed out';
  }
}

const stampsOf = (offsets: readonly number[]) =>
  [...new Set(offsets)]
    .sort((a, b) => a - b)
    .map((us) => formatPeopleSoftTimestamp(START + BigInt(us) * 1_000_000n));

async function collect(source: ChangeSource, newestFirst: boolean): Promise<ChangeWindow[]> {
  return (await collectRows(source, newestFirst)).windows;
}

async function collectRows(
  source: ChangeSource,
  newestFirst: boolean,
): Promise<{ windows: ChangeWindow[]; rows: unknown[] }> {
  const windows: ChangeWindow[] = [];
  const rows: unknown[] = [];
  for await (const { window, fetched } of completeWindows(source, 'employee', FIRST, newestFirst)) {
    windows.push(window);
    rows.push(...fetched.rows.map((r) => r.LASTUPDDTTM));
  }
  return { windows, rows };
}

test('every row comes out of exactly one complete window, in the order asked for', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 60 }),
      fc.integer({ min: 2, max: 9 }),
      fc.boolean(),
      fc.boolean(),
      async (offsets, maxRows, newestFirst, inOrder) => {
        const stamps = stampsOf(offsets);
        const source = new FakeSource(stamps, maxRows, inOrder);
        const { windows, rows } = await collectRows(source, newestFirst);
        assert.deepEqual([...rows].sort(), stamps, 'no row of a full answer is passed on');
        const counted = stamps.map((s) => windows.filter((w) => s >= w.from && s <= w.to).length);
        assert.deepEqual(
          counted,
          stamps.map(() => 1),
        );
        const order = windows.map((w) => w.from);
        const sorted = [...order].sort();
        assert.deepEqual(order, newestFirst ? sorted.reverse() : sorted);
      },
    ),
    { numRuns: 60 },
  );
});

test('a window that times out is read again as two halves; any other error ends the read', async () => {
  const stamps = stampsOf([1, 2, 3, 4, 5, 6]);
  const splitting = new FakeSource(stamps, 100);
  splitting.failOnce = () => new Error('timed out');
  const windows = await collect(splitting, false);
  assert.equal(windows.length, 2);
  assert.equal(splitting.asked.length, 3);

  const failing = new FakeSource(stamps, 100);
  failing.failOnce = () => new Error('routing not found');
  await assert.rejects(collect(failing, false), /routing not found/);
});

test('a read ahead still running when the caller stops is waited for, not left behind', async () => {
  const source = new FakeSource(stampsOf([1, 2, 3, 4, 5, 6, 7, 8]), 3);
  let inFlight = 0;
  let started = 0;
  const counting: ChangeSource = {
    isSplittable: (e) => source.isSplittable(e),
    fetchWindow: async (entity, window) => {
      inFlight += 1;
      started += 1;
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await source.fetchWindow(entity, window);
      } finally {
        inFlight -= 1;
      }
    },
  };
  let taken = 0;
  await assert.rejects(async () => {
    for await (const item of completeWindows(counting, 'employee', FIRST, false)) {
      taken += item.fetched.truncated ? 0 : 1;
      throw new Error('commit failed');
    }
  }, /commit failed/);
  assert.equal(taken, 1);
  assert.ok(started >= 2, 'the next window was being read while the caller had the first');
  assert.equal(inFlight, 0, 'no read is left running after the caller stopped');
});

test('more than maxrows rows at one instant end the read with the instant named', async () => {
  const crowded = Array.from({ length: 5 }, () => formatPeopleSoftTimestamp(START + 42n));
  const source = new FakeSource([...stampsOf([1, 2, 3]), ...crowded].sort(), 4);
  await assert.rejects(
    collect(source, true),
    new RegExp(
      `more than maxrows rows share LASTUPDDTTM ${formatPeopleSoftTimestamp(START + 42n)}`,
    ),
  );
});

test('a full answer in LASTUPDDTTM order is not read again whole: its oldest part is', async () => {
  const stamps = stampsOf(Array.from({ length: 40 }, (_, i) => i * 10));
  const source = new FakeSource(stamps, 10);
  const windows = await collect(source, false);
  assert.equal(windows[0]?.to, formatPeopleSoftTimestamp(START + 89_999_999n));
  assert.ok(source.asked.length <= windows.length + 4, `${source.asked.length} requests`);
});
