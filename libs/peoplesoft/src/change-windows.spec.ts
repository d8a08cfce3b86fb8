import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BEGINNING_OF_TIME, firstWindow, greatestTimestamp, splitWindow } from './change-windows';
import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';

const toMicros = parsePeopleSoftTimestamp;
const fromMicros = formatPeopleSoftTimestamp;

test('timestamps round-trip through microseconds', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: toMicros(BEGINNING_OF_TIME), max: 4_102_444_800_000_000n }),
      (us) => {
        assert.equal(toMicros(fromMicros(us)), us);
      },
    ),
  );
  assert.equal(fromMicros(toMicros('2026-11-27-14.03.11.000042')), '2026-11-27-14.03.11.000042');
});

test('the first window reaches back by the overlap and a day past now', () => {
  const w = firstWindow('2026-11-27-14.03.11.000000', 300, new Date('2026-11-28T00:00:00Z'));
  assert.deepEqual(w, { from: '2026-11-27-13.58.11.000000', to: '2026-11-29-00.00.00.000000' });
  assert.equal(firstWindow(null, 300, new Date()).from, BEGINNING_OF_TIME);
});

test('split halves cover the window without a gap, and a single instant cannot split', () => {
  const halves = splitWindow({
    from: '2026-01-01-00.00.00.000000',
    to: '2026-01-01-00.00.00.000003',
  });
  assert.ok(halves);
  const [a, b] = halves;
  assert.equal(a.from, '2026-01-01-00.00.00.000000');
  assert.equal(toMicros(b.from), toMicros(a.to) + 1n);
  assert.equal(b.to, '2026-01-01-00.00.00.000003');
  assert.equal(splitWindow({ from: a.from, to: a.from }), null);
});

test('lexicographic order of PeopleSoft timestamps is time order', () => {
  assert.equal(
    greatestTimestamp(['2026-11-27-09.00.00.000000', 'junk', null, '2026-11-27-10.00.00.000000']),
    '2026-11-27-10.00.00.000000',
  );
  assert.equal(greatestTimestamp([]), null);
});
