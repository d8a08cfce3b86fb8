import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitWindow, type FetchWindowResult, type PeopleSoftSource } from '@ml/peoplesoft';
import {
  readWindows,
  wholeHistory,
  WindowTooLargeError,
  type PreviewWindow,
  type WindowReader,
} from './preview-windows';

const SOURCE: PeopleSoftSource = {
  kind: 'query',
  queryName: 'ML_EMPLOYEES',
  visibility: 'public',
  fromPrompt: 'FROM_DTTM',
  toPrompt: 'TO_DTTM',
  maxRows: 3,
};

/** A fake PeopleSoft over rows stamped with these LASTUPDDTTM values, truncating at maxRows. */
function fakeReader(stamps: string[], failFirst = false): WindowReader & { calls: number } {
  let failed = !failFirst;
  return {
    calls: 0,
    async fetchWindow(source, window) {
      this.calls += 1;
      if (!failed) {
        failed = true;
        throw new Error('timeout');
      }
      const rows = stamps
        .filter((s) => s >= window.from && s <= window.to)
        .map((s) => ({ LASTUPDDTTM: s }));
      const kept = rows.slice(0, source.maxRows);
      return {
        rows: kept,
        rowCount: kept.length,
        truncated: rows.length >= source.maxRows,
        rowErrors: [],
      } satisfies FetchWindowResult;
    },
    isSplittable: (error) => error instanceof Error && error.message === 'timeout',
  };
}

async function readAll(reader: WindowReader, window: PreviewWindow, maxCalls = 1000) {
  const stamps: string[] = [];
  for await (const answer of readWindows(reader, SOURCE, window, maxCalls)) {
    for (const row of answer.rows) stamps.push(String(row.LASTUPDDTTM));
  }
  return stamps;
}

const ts = (day: number) => `2026-01-${String(day).padStart(2, '0')}-10.00.00.000000`;
const WINDOW = { from: '2026-01-01-00.00.00.000000', to: '2026-02-01-00.00.00.000000' };

test('full answers are split until every row is read, earliest first', async () => {
  const stamps = [1, 2, 3, 5, 8, 13, 21, 22, 23, 30].map(ts);
  const reader = fakeReader(stamps);
  assert.deepEqual(await readAll(reader, WINDOW), stamps);
  assert.ok(reader.calls > 4);
});

test('a splittable failure halves the window instead of failing', async () => {
  const stamps = [2, 9].map(ts);
  assert.deepEqual(await readAll(fakeReader(stamps, true), WINDOW), stamps);
});

test('more rows than maxRows on one instant is a readable error', async () => {
  const reader = fakeReader([ts(4), ts(4), ts(4), ts(4)]);
  await assert.rejects(readAll(reader, WINDOW), (error: unknown) => {
    assert.ok(error instanceof WindowTooLargeError);
    assert.match(error.message, /rows share LASTUPDDTTM 2026-01-04-10\.00\.00\.000000/);
    return true;
  });
});

test('the number of PeopleSoft requests is bounded', async () => {
  const stamps = Array.from({ length: 30 }, (_, i) => ts(i + 1));
  await assert.rejects(readAll(fakeReader(stamps), WINDOW, 5), /narrower window/);
});

test('splitWindow halves without gaps; wholeHistory reaches a day past now', () => {
  const [a, b] = splitWindow(WINDOW) ?? assert.fail('splittable');
  assert.equal(a.from, WINDOW.from);
  assert.equal(b.to, WINDOW.to);
  assert.equal(a.to, '2026-01-16-12.00.00.000000');
  assert.equal(b.from, '2026-01-16-12.00.00.000001');
  assert.equal(splitWindow({ from: WINDOW.from, to: WINDOW.from }), null);
  const all = wholeHistory(new Date('2026-11-28T10:00:00Z'));
  assert.deepEqual(all, { from: '1900-01-01-00.00.00.000000', to: '2026-11-29-10.00.00.000000' });
});
