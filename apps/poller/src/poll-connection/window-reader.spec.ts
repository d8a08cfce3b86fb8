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

/** PeopleSoft as the windows see it: rows by LASTUPDDTTM, answers cut at maxRows. */
class FakeSource implements ChangeSource {
  readonly asked: ChangeWindow[] = [];
  failOnce: ((window: ChangeWindow) => Error | undefined) | undefined;

  constructor(
    private readonly stamps: readonly string[],
    private readonly maxRows: number,
  ) {}

  async fetchWindow(_entity: string, window: ChangeWindow): Promise<FetchedWindow> {
    this.asked.push(window);
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failOnce?.(window);
    if (failure) {
      this.failOnce = undefined;
      throw failure;
    }
    const rows: SourceRow[] = this.stamps
      .filter((s) => s >= window.from && s <= window.to)
      .slice(0, this.maxRows)
      .map((s) => ({ LASTUPDDTTM: s }));
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
  const seen: ChangeWindow[] = [];
  for await (const { window } of completeWindows(source, 'employee', FIRST, newestFirst)) {
    seen.push(window);
  }
  return seen;
}

test('every row comes out of exactly one complete window, in the order asked for', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 60 }),
      fc.integer({ min: 2, max: 9 }),
      fc.boolean(),
      async (offsets, maxRows, newestFirst) => {
        const stamps = stampsOf(offsets);
        const source = new FakeSource(stamps, maxRows);
        const windows = await collect(source, newestFirst);
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
