import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PLANNED_AHEAD, replanFullWindow, stampsInWindow, type Stretch } from './full-answer-hint';
import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';

const START = parsePeopleSoftTimestamp('2026-01-01-00.00.00.000000');
const at = (micros: number | bigint) => formatPeopleSoftTimestamp(START + BigInt(micros));
const open = (from: number, to: number): Stretch => ({
  from: START + BigInt(from),
  to: START + BigInt(to),
  counted: false,
});

test('whatever the answer, the pieces tile the window, each smaller than it', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5_000 }),
      fc.array(
        fc.oneof(
          fc.integer({ min: -100, max: 5_100 }).map(at),
          fc.constantFrom(null, 42, '', 'junk', '2026-01-01 00:00:00'),
        ),
        { maxLength: 40 },
      ),
      fc.double({ min: 0.5, max: 50, noNaN: true }),
      fc.boolean(),
      (length, stamps, target, trustOrder) => {
        const window = open(0, length);
        const { stretches, microsPerRow } = replanFullWindow(window, stamps, target, trustOrder);
        assert.equal(stretches[0]?.from, window.from);
        assert.equal(stretches.at(-1)?.to, window.to);
        for (let i = 0; i < stretches.length; i++) {
          const piece = stretches[i] as Stretch;
          assert.ok(piece.from <= piece.to);
          assert.ok(piece.to - piece.from < window.to - window.from, 'smaller than the window');
          if (i > 0) assert.equal(piece.from, (stretches[i - 1] as Stretch).to + 1n);
        }
        if (microsPerRow !== null) assert.ok(microsPerRow > 0);
      },
    ),
    { numRuns: 500 },
  );
});

test('an ascending answer: counted up to its last instant, then windows at its density', () => {
  const stamps = [at(100), at(110), at(120), at(130), at(130)];
  const { stretches, microsPerRow } = replanFullWindow(open(0, 1_000), stamps, 4, true);
  assert.equal(microsPerRow, 31 / 5);
  assert.deepEqual(stretches[0], { ...open(0, 129), counted: true });
  // Four rows at one per 6.2 microseconds: 24-microsecond windows from the last instant on.
  assert.deepEqual(stretches[1], open(130, 153));
  assert.equal(stretches.length, 1 + PLANNED_AHEAD + 1);
  assert.deepEqual(stretches.at(-1), open(130 + PLANNED_AHEAD * 24, 1_000));
});

test('a descending answer: counted down to its last instant', () => {
  const stamps = [at(900), at(890), at(880)];
  const { stretches } = replanFullWindow(open(0, 1_000), stamps, 100, true);
  // A hundred rows at one per 7 microseconds: one 700-microsecond window, then the rest.
  assert.deepEqual(stretches, [
    open(0, 180),
    open(181, 880),
    { ...open(881, 1_000), counted: true },
  ]);
});

test('an ordered answer whose rows all share the first instant: that instant alone', () => {
  const { stretches } = replanFullWindow(open(0, 1_000), [at(0), at(0)], 2, true);
  assert.deepEqual(stretches, [open(0, 0), open(1, 1_000)]);
});

test('not trusted, or in no order: quantiles and the middle, nothing counted', () => {
  const stamps = [at(300), at(100), at(200), at(400)];
  for (const [trust, answer] of [
    [false, [...stamps].sort()],
    [true, stamps],
  ] as const) {
    const { stretches, microsPerRow } = replanFullWindow(open(0, 1_000), answer, 2, trust);
    assert.equal(microsPerRow, null);
    assert.deepEqual(
      stretches.map((s) => [Number(s.from - START), Number(s.to - START), s.counted]),
      [
        [0, 299, false],
        [300, 500, false],
        [501, 1_000, false],
      ],
    );
  }
});

test('only canonical stamps inside the window count', () => {
  const window = open(10, 20);
  assert.deepEqual(stampsInWindow(window, [at(9), at(10), at(20), at(21), 'x', 7, at(15)]), [
    at(10),
    at(20),
    at(15),
  ]);
});

test('a single instant cannot be replanned', () => {
  assert.throws(() => replanFullWindow(open(5, 5), [at(5)], 1, true), /single instant/);
});
