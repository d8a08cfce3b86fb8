import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChangeWindow } from './change-windows';
import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';
import { WindowPlan } from './window-plan';

const START = parsePeopleSoftTimestamp('2026-01-01-00.00.00.000000');
const at = (micros: number | bigint) => formatPeopleSoftTimestamp(START + BigInt(micros));
const us = parsePeopleSoftTimestamp;

/** How the fake PeopleSoft orders an answer before cutting it at maxRows. */
type Order = 'asc' | 'desc' | 'shuffled' | 'sortedSubset' | 'reversedPrefix';
const ORDERS: readonly Order[] = ['asc', 'desc', 'shuffled', 'sortedSubset', 'reversedPrefix'];

interface Source {
  /** Rows by LASTUPDDTTM, sorted. */
  readonly stamps: readonly string[];
  readonly maxRows: number;
  readonly order: Order;
  /** Rows every answer carries whatever the window (the EFFDT arm), not counted as read. */
  readonly extra?: readonly string[];
  /** Windows whose read fails as too slow, every time. */
  readonly failing?: (window: ChangeWindow) => boolean;
  readonly seed?: number;
}

interface Outcome {
  readonly complete: Array<{ window: ChangeWindow; rows: string[] }>;
  readonly requests: number;
  readonly fetched: number;
  readonly singleInstant: string | null;
  readonly failures: number;
}

/** Drives a plan against a fake PeopleSoft, the way the poller's window reader does. */
function drive(first: ChangeWindow, newestFirst: boolean, source: Source): Outcome {
  const plan = new WindowPlan(first, newestFirst);
  let random = source.seed ?? 1;
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
  const outcome: Outcome = {
    complete: [],
    requests: 0,
    fetched: 0,
    singleInstant: null,
    failures: 0,
  };
  let requests = 0;
  let fetched = 0;
  let failures = 0;
  for (let window = plan.next(); window; window = plan.next()) {
    requests += 1;
    assert.ok(requests < 5_000, 'the plan keeps asking');
    if (source.failing?.(window)) {
      failures += 1;
      if (!plan.failed()) throw new Error('a single instant failed');
      continue;
    }
    const inside = source.stamps.filter((s) => s >= window.from && s <= window.to);
    let answer = [...(source.extra ?? []), ...inside];
    if (source.order === 'desc') answer.reverse();
    if (source.order === 'shuffled' || source.order === 'sortedSubset') {
      for (let i = answer.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [answer[i], answer[j]] = [answer[j] as string, answer[i] as string];
      }
    }
    answer = answer.slice(0, source.maxRows);
    if (source.order === 'sortedSubset') answer.sort();
    if (source.order === 'reversedPrefix') answer.reverse();
    fetched += answer.length;
    if (answer.length < source.maxRows) {
      plan.complete(answer);
      outcome.complete.push({ window, rows: inside });
    } else if (!plan.truncated(answer, answer.length)) {
      return { ...outcome, requests, fetched, failures, singleInstant: window.from };
    }
  }
  return { ...outcome, requests, fetched, failures };
}

/** Complete windows tile `first` in the order asked for, and hold every row once. */
function assertCovers(first: ChangeWindow, newestFirst: boolean, outcome: Outcome): void {
  const windows = outcome.complete.map((c) => c.window);
  const inTimeOrder = newestFirst ? [...windows].reverse() : windows;
  assert.equal(inTimeOrder[0]?.from, first.from);
  assert.equal(inTimeOrder.at(-1)?.to, first.to);
  for (let i = 1; i < inTimeOrder.length; i++) {
    const previous = inTimeOrder[i - 1] as ChangeWindow;
    const window = inTimeOrder[i] as ChangeWindow;
    assert.equal(us(window.from), us(previous.to) + 1n, 'no gap, no overlap, in order');
  }
  for (const window of windows) assert.ok(window.from <= window.to);
}

const stampSets = fc.oneof(
  // Crowded: many rows share an instant.
  fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 120 }),
  // Spread over years, with a burst.
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 250_000_000 }), { maxLength: 120 }),
      fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 40 }),
    )
    .map(([spread, burst]) => [...spread.map((s) => s * 1_000_000), ...burst]),
);

test('every row is read in exactly one complete window, which tile the range in order', () => {
  fc.assert(
    fc.property(
      stampSets,
      fc.integer({ min: 2, max: 12 }),
      fc.constantFrom(...ORDERS),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 1, max: 1_000_000 }),
      (offsets, maxRows, order, newestFirst, withExtra, seed) => {
        const stamps = offsets.map(at).sort();
        const extra = withExtra ? ['2025-12-31-00.00.00.000000'] : [];
        const first = { from: '1900-01-01-00.00.00.000000', to: at(300_000_000_000_000n) };
        const crowded = new Map<string, number>();
        for (const s of stamps) crowded.set(s, (crowded.get(s) ?? 0) + 1);
        const tooMany = [...crowded.values()].some((n) => n + extra.length >= maxRows);

        const outcome = drive(first, newestFirst, { stamps, maxRows, order, extra, seed });

        if (tooMany) {
          assert.notEqual(outcome.singleInstant, null, 'an instant with maxrows rows is refused');
          assert.ok((crowded.get(outcome.singleInstant as string) ?? 0) + extra.length >= maxRows);
          return;
        }
        assert.equal(outcome.singleInstant, null);
        assertCovers(first, newestFirst, outcome);
        const read = outcome.complete.flatMap((c) => c.rows).sort();
        assert.deepEqual(read, stamps);
      },
    ),
    { numRuns: 400 },
  );
});

test('windows that fail as too slow are read again in halves, never wider than the half', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 60 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 1_000_000 }),
      (offsets, newestFirst, seed) => {
        const stamps = [...new Set(offsets)].map(at).sort();
        const first = { from: at(0), to: at(1_000_000) };
        const failing = (w: ChangeWindow) => us(w.to) - us(w.from) > 100_000n;
        const outcome = drive(first, newestFirst, {
          stamps,
          maxRows: 8,
          order: 'asc',
          failing,
          seed,
        });
        assertCovers(first, newestFirst, outcome);
        // 1,000,000 down to 100,000 microseconds: four halvings, each remembered.
        assert.ok(outcome.failures <= 6, `${outcome.failures} failures`);
        assert.deepEqual(outcome.complete.flatMap((c) => c.rows).sort(), stamps);
      },
    ),
    { numRuns: 100 },
  );
});

/** `count` rows `gap` microseconds apart from START + 7, sorted. */
const evenly = (count: number, gap = 1_000_000) =>
  Array.from({ length: count }, (_, i) => at(i * gap + 7));

test('an ascending full answer: the part short of its last instant is read as one window', () => {
  const plan = new WindowPlan({ from: at(0), to: at(1_000_000_000) }, false);
  plan.next();
  const answer = evenly(4);
  assert.ok(plan.truncated(answer, 4));
  // Exactly the three rows before the last instant, ending just before it.
  assert.deepEqual(plan.next(), { from: at(0), to: at(3_000_006) });
});

test('newest first, the counted oldest part of an ascending answer is read last', () => {
  const first = { from: at(0), to: at(1_000_000_000) };
  const outcome = drive(first, true, { stamps: evenly(400, 2_000_000), maxRows: 50, order: 'asc' });
  assertCovers(first, true, outcome);
  const last = outcome.complete.at(-1);
  assert.equal(last?.window.from, first.from);
  assert.equal(last?.rows.length, 49, 'the counted window holds the rows short of the last');
});

test('a descending answer counts the newest part instead', () => {
  const plan = new WindowPlan({ from: at(0), to: at(1_000_000_000) }, true);
  plan.next();
  const answer = evenly(400).slice(-4).reverse();
  assert.ok(plan.truncated(answer, 4));
  assert.deepEqual(plan.next(), { from: at(396_000_008), to: at(1_000_000_000) });
});

test('an answer in no order is cut at its quantiles and at the middle of the window', () => {
  const plan = new WindowPlan({ from: at(0), to: at(1_000_000_000) }, false);
  plan.next();
  const answer = [at(40), at(10), at(30), at(20)];
  assert.ok(plan.truncated(answer, 4));
  const first = plan.next();
  assert.equal(first?.from, at(0));
  assert.ok(first && us(first.to) < START + 500_000_000n, 'no wider than half the window');
});

test('rows from outside the window (the EFFDT arm) are no hint', () => {
  const plan = new WindowPlan({ from: at(1_000), to: at(1_000_000_000) }, false);
  plan.next();
  const answer = [at(0), at(1), ...evenly(3).map((s) => formatPeopleSoftTimestamp(us(s) + 1000n))];
  assert.ok(plan.truncated(answer, 5));
  assert.deepEqual(plan.next(), { from: at(1_000), to: at(2_001_006) });
});

test('a counted window that comes back full stops the plan trusting the order of answers', () => {
  const stamps = evenly(300, 1_000).sort();
  const first = { from: at(0), to: at(1_000_000) };
  for (const order of ['sortedSubset', 'reversedPrefix'] as const) {
    for (const newestFirst of [true, false]) {
      const outcome = drive(first, newestFirst, { stamps, maxRows: 10, order });
      assertCovers(first, newestFirst, outcome);
      assert.ok(outcome.requests < 200, `${order}: ${outcome.requests} requests`);
    }
  }
});

test('a single instant cannot be split: truncated and failed say so', () => {
  const instant = { from: at(5), to: at(5) };
  const full = new WindowPlan(instant, true);
  assert.deepEqual(full.next(), instant);
  assert.equal(full.truncated([at(5), at(5)], 2), false);
  const failing = new WindowPlan(instant, false);
  failing.next();
  assert.equal(failing.failed(), false);
});

test('windows are asked for and reported one at a time', () => {
  const plan = new WindowPlan({ from: at(0), to: at(10) }, false);
  assert.throws(() => plan.complete([]), /no window is being read/);
  plan.next();
  assert.throws(() => plan.next(), /report the window/);
  plan.complete([at(1), at(2)]);
  assert.equal(plan.next(), null);
});

test('evenly spread rows are fetched about once, one request per window or so', () => {
  const stamps = evenly(20_000, 3_000_000);
  const first = { from: '1900-01-01-00.00.00.000000', to: at(70_000_000_000) };
  for (const newestFirst of [true, false]) {
    const outcome = drive(first, newestFirst, { stamps, maxRows: 500, order: 'asc' });
    assertCovers(first, newestFirst, outcome);
    const fetchedPerRow = outcome.fetched / stamps.length;
    const requestsPerWindow = outcome.requests / outcome.complete.length;
    assert.ok(fetchedPerRow < 1.1, `fetched ${fetchedPerRow} per row`);
    assert.ok(requestsPerWindow < 1.1, `${requestsPerWindow} requests per window`);
    // Sized for three quarters of maxRows each: about 20,000 / 375 windows, not many more.
    assert.ok(outcome.complete.length < stamps.length / 500 / 0.6, `${outcome.complete.length}`);
  }
});

test('rows every answer carries (the EFFDT arm) do not make empty windows look crowded', () => {
  const first = { from: '1900-01-01-00.00.00.000000', to: at(300_000_000_000_000n) };
  const stamps = [0, 1, 2].map((i) => at(171_391_543_000_000 + i * 3_600_000_000));
  const extra = Array.from({ length: 8 }, () => '2025-12-31-00.00.00.000000');
  const outcome = drive(first, true, { stamps, maxRows: 10, order: 'asc', extra });
  assert.equal(outcome.singleInstant, null);
  assertCovers(first, true, outcome);
  assert.ok(outcome.requests < 100, `${outcome.requests} requests`);
});
