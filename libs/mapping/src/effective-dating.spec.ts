import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currencyKeyOf, selectCurrentEmployeeRows, todayIn } from './effective-dating';

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

test("today is read in the connection's time zone", () => {
  const now = new Date('2026-11-28T23:30:00Z');
  assert.equal(todayIn('UTC', now), '2026-11-28');
  assert.equal(todayIn('Europe/Berlin', now), '2026-11-29');
  assert.equal(todayIn('Asia/Tokyo', now), '2026-11-29');
});
