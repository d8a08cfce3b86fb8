import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currencyKeyOf,
  rankedCurrencyKeyOf,
  mayReplace,
  primaryEmplRcdProblem,
  selectCurrentEmployeeRows,
  todayIn,
  type PrimaryEmplRcd,
} from './effective-dating';
import type { SourceRow } from './source-row';

const row = (emplid: string, rcd: number, effdt: string, effseq: number, status = 'A') => ({
  EMPLID: emplid,
  EMPL_RCD: rcd,
  EFFDT: effdt,
  EFFSEQ: effseq,
  EMPL_STATUS: status,
});

test('picks the greatest EFFDT on or before today, then the greatest EFFSEQ', () => {
  const { current } = selectCurrentEmployeeRows(
    [
      row('E1', 0, '2026-01-01', 0),
      row('E1', 0, '2026-06-01', 0),
      row('E1', 0, '2026-06-01', 1, 'L'),
      row('E1', 0, '2025-12-31', 3),
    ],
    '2026-11-28',
  );
  assert.deepEqual(current, [row('E1', 0, '2026-06-01', 1, 'L')]);
});

test('the primary (lowest) EMPL_RCD wins when a person holds several jobs', () => {
  const { current } = selectCurrentEmployeeRows(
    [row('E2', 1, '2026-10-01', 0), row('E2', 0, '2020-01-01', 0)],
    '2026-11-28',
  );
  assert.equal(current.length, 1);
  assert.equal(current[0]?.EMPL_RCD, 0);
});

test('a future-dated termination is deferred to its effective date, not applied early', () => {
  const { current, deferred } = selectCurrentEmployeeRows(
    [row('E3', 0, '2026-12-05', 0, 'T'), row('E4', 0, '2026-11-28', 0, 'T')],
    '2026-11-28',
  );
  assert.deepEqual(
    current.map((r) => r.EMPLID),
    ['E4'],
  );
  assert.deepEqual(
    deferred.map((d) => [d.sourceId, d.effectiveDate]),
    [['E3', '2026-12-05']],
  );
});

test('rows without a key are kept so mapping can fail them with a reason', () => {
  const { current } = selectCurrentEmployeeRows(
    [
      { EMPLID: null, EFFDT: '2026-01-01' },
      { EMPLID: '  ', EFFDT: null },
    ],
    '2026-11-28',
  );
  assert.equal(current.length, 2);
});

test('a future-dated row with a malformed key is not deferred: mapping rejects it today', () => {
  const { current, deferred } = selectCurrentEmployeeRows(
    [
      { EMPLID: 'E'.repeat(10_000), EFFDT: '2027-01-01' },
      { EMPLID: 'K1', EFFDT: '2027-1-1' },
      { EMPLID: 'K2', EFFDT: '2027-01-01', LAST_NAME: 'Lopez\ud83d' },
    ],
    '2026-11-28',
  );
  assert.deepEqual(deferred, []);
  assert.equal(current.length, 3);
});

test('the currency key sorts rows in the order selectCurrentEmployeeRows prefers them', () => {
  const rows = [
    row('E1', 1, '2026-01-01', 0),
    row('E1', 0, '2019-05-01', 0),
    row('E1', 0, '2024-03-01', 0),
    row('E1', 0, '2024-03-01', 2),
    row('E1', 0, '2024-03-01', 10),
  ];
  const byKey = [...rows].sort((a, b) => currencyKeyOf(a).localeCompare(currencyKeyOf(b)));
  assert.deepEqual(
    byKey.map((r) => `${r.EMPL_RCD}/${r.EFFDT}/${r.EFFSEQ}`),
    ['1/2026-01-01/0', '0/2019-05-01/0', '0/2024-03-01/0', '0/2024-03-01/2', '0/2024-03-01/10'],
  );
  const { current } = selectCurrentEmployeeRows(rows, '2026-11-28');
  assert.equal(currencyKeyOf(current[0] ?? {}), currencyKeyOf(byKey[byKey.length - 1] ?? {}));
});

test('the default key keeps the format already stored for every connection', () => {
  assert.equal(currencyKeyOf(row('E1', 0, '2024-03-01', 2)), '9999|2024-03-01|000002');
  assert.equal(currencyKeyOf(row('E1', 3, '2024-03-01', 0), 'lowest'), '9996|2024-03-01|000000');
});

// A rehire into a new record: record 0 ended in 2021, record 1 started in 2023.
const rehired = [
  row('R1', 0, '2015-04-01', 0),
  row('R1', 0, '2021-06-30', 0, 'T'),
  row('R1', 1, '2023-02-01', 0),
  row('R1', 1, '2024-08-01', 0),
];

test('highest: a person terminated in record 0 and rehired in record 1 is active', () => {
  const { current } = selectCurrentEmployeeRows(rehired, '2026-11-28', 'highest');
  assert.deepEqual(current, [row('R1', 1, '2024-08-01', 0)]);
  const lowest = selectCurrentEmployeeRows(rehired, '2026-11-28', 'lowest');
  assert.deepEqual(lowest.current, [row('R1', 0, '2021-06-30', 0, 'T')]);
});

test('a fixed EMPL_RCD is taken when the person has it, else the lowest record', () => {
  const pick = (rows: SourceRow[], primary: PrimaryEmplRcd) =>
    selectCurrentEmployeeRows(rows, '2026-11-28', primary).current.map(
      (r) => `${r.EMPLID}/${r.EMPL_RCD}/${r.EFFDT}`,
    );
  const people = [
    ...rehired,
    row('F1', 0, '2020-01-01', 0),
    row('F1', 2, '2022-01-01', 0),
    row('F1', 3, '2025-01-01', 0),
  ];
  assert.deepEqual(pick(people, 1), ['R1/1/2024-08-01', 'F1/0/2020-01-01']);
  assert.deepEqual(pick(people, 2), ['R1/0/2021-06-30', 'F1/2/2022-01-01']);
  assert.deepEqual(pick(people, 0), ['R1/0/2021-06-30', 'F1/0/2020-01-01']);
});

test('every rule reaches the same row whatever windows the rows arrive in', () => {
  // The poller sees one window at a time and keeps a row only when mayReplace lets it replace
  // the one emitted before: the outcome must not depend on how rows fall into windows.
  const history = [
    ...rehired,
    row('R1', 1, '2027-01-01', 0, 'T'),
    row('R1', 2, '2019-01-01', 0),
    row('R1', 2, '2019-01-01', 1, 'L'),
    row('R1', 0, '2015-04-01', 1),
  ];
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (const primary of ['lowest', 'highest', 0, 1, 2, 5] as const) {
    const truth = selectCurrentEmployeeRows(history, '2026-11-28', primary).current[0];
    for (let trial = 0; trial < 200; trial++) {
      const shuffled = [...history].sort(() => random() - 0.5);
      let held: { key: string; row: SourceRow } | undefined;
      for (let at = 0; at < shuffled.length;) {
        const size = 1 + Math.floor(random() * 3);
        const window = shuffled.slice(at, at + size);
        at += size;
        for (const candidate of selectCurrentEmployeeRows(window, '2026-11-28', primary).current) {
          const key = currencyKeyOf(candidate, primary);
          if (!held || mayReplace(key, held.key)) held = { key, row: candidate };
        }
      }
      assert.deepEqual(held?.row, truth, `rule ${primary}, trial ${trial}`);
    }
  }
});

test('a key stored under another rule never blocks the new rule', () => {
  const old = currencyKeyOf(row('E1', 0, '2026-01-01', 0), 'lowest');
  const newer = currencyKeyOf(row('E1', 1, '2020-01-01', 0), 'highest');
  assert.ok(currencyKeyOf(row('E1', 1, '2020-01-01', 0), 'lowest') < old, 'blocked by lowest');
  assert.equal(mayReplace(newer, old), true);
  assert.equal(mayReplace(old, newer), true);
  assert.equal(mayReplace(currencyKeyOf(row('E1', 0, '2019-01-01', 0), 'highest'), newer), false);
  assert.equal(mayReplace(newer, newer), true, 'the same row may be re-sent (a correction)');
  assert.equal(mayReplace('', ''), true, 'vendors and customers carry no key');
  assert.equal(mayReplace(newer, ''), true, 'nothing emitted before');
});

test('primaryEmplRcd accepts lowest, highest or a 0-999 record number', () => {
  for (const ok of ['lowest', 'highest', 0, 1, 999]) assert.equal(primaryEmplRcdProblem(ok), null);
  for (const bad of ['Lowest', 'lowestActive', -1, 1000, 1.5, '0', null, true]) {
    assert.match(String(primaryEmplRcdProblem(bad)), /'lowest', 'highest' or an EMPL_RCD number/);
  }
});

test("today is read in the connection's time zone", () => {
  const now = new Date('2026-11-28T23:30:00Z');
  assert.equal(todayIn('UTC', now), '2026-11-28');
  assert.equal(todayIn('Europe/Berlin', now), '2026-11-29');
  assert.equal(todayIn('Asia/Tokyo', now), '2026-11-29');
});

test('a row ranks only with a well-formed EMPLID and EFFDT: a bad date would outrank every real one', () => {
  const ku = { EMPLID: 'KU0007', EMPL_RCD: '0', EFFDT: '2024-03-01', EFFSEQ: '1' };
  assert.equal(rankedCurrencyKeyOf(ku), currencyKeyOf(ku));
  assert.equal(rankedCurrencyKeyOf(ku, 'highest'), currencyKeyOf(ku, 'highest'));
  assert.equal(rankedCurrencyKeyOf({ ...ku, EFFDT: 'soon' }), null);
  assert.equal(rankedCurrencyKeyOf({ ...ku, EFFDT: '' }), null);
  assert.equal(rankedCurrencyKeyOf({ ...ku, EMPLID: 'far too long an id' }), null);
  assert.equal(rankedCurrencyKeyOf({ ...ku, EMPLID: '' }), null);
});
