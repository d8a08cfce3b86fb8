import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMapping, type SourceRow } from '@ml/mapping';
import { SCHEDULED, type EntityScope } from './entity-scope';
import { changesOf, screenWindow, type EntityRead } from './window-changes';

const read = (scope: EntityScope = SCHEDULED): EntityRead => ({
  connectionId: 'c1',
  entity: 'employee',
  runId: 'r1',
  scope,
  mapper: compileMapping('employee', undefined, { defaultRegion: 'US' }),
  today: '2026-11-28',
  primaryEmplRcd: 'lowest',
});

function row(emplid: string, overrides: Record<string, string> = {}): SourceRow {
  return {
    EMPLID: emplid,
    EMPL_RCD: '0',
    EFFDT: '2026-11-01',
    EFFSEQ: '0',
    ACTION: 'HIR',
    EMPL_STATUS: 'A',
    HR_STATUS: 'A',
    DEPTID: '10200',
    JOBCODE: '1234',
    FIRST_NAME: 'Ana',
    LAST_NAME: emplid,
    EMAIL_ADDR: `${emplid.toLowerCase()}@example.com`,
    PHONE: '(617) 555-0101',
    DEPT_DESCR: 'Finance',
    JOBTITLE: 'Analyst',
    LASTUPDDTTM: '2026-11-27-14.03.11.000000',
    ...overrides,
  };
}

const WINDOW = { from: '2026-11-27-00.00.00.000000', to: '2026-11-27-23.59.59.999999' };

test('a row stamped after the window and an unreadable row are refused; the rest are kept', () => {
  const future = row('KU0002', { LASTUPDDTTM: '2026-11-30-08.00.00.000000' });
  const { rows, refused } = screenWindow(read(), WINDOW, {
    rows: [row('KU0001'), future],
    truncated: false,
    rowErrors: [{ rowNumber: 7, reason: 'FIRST_NAME contains a NUL character' }],
  });
  assert.deepEqual(
    rows.map((r) => r.EMPLID),
    ['KU0001'],
  );
  assert.deepEqual(
    refused.map((o) => [o.sourceId, o.errorCategory]),
    [
      [`unreadable-row:${WINDOW.from}:7:0`, 'UNREADABLE_ROW'],
      ['KU0002', 'STAMPED_IN_THE_FUTURE'],
    ],
  );
  assert.match(refused[1]?.errorMessage ?? '', /after the window read .*check PeopleSoft's clock/);
});

test('each record in force becomes one event with its currency key; a bad row is refused alone', () => {
  const changes = changesOf(
    read(),
    [row('KU0001'), row('KU0003', { EMAIL_ADDR: 'ku0003@' }), row('KU0004')],
    [],
    WINDOW.from,
  );
  assert.deepEqual(
    changes.events.map((e) => e.sourceId),
    ['KU0001', 'KU0004'],
  );
  // A refused row in force ranks too, so an older row of the person is not sent after it.
  assert.deepEqual([...changes.currencyKeys.keys()].sort(), ['KU0001', 'KU0003', 'KU0004']);
  assert.equal(changes.currencyKeys.get('KU0003'), '9999|2026-11-01|000000');
  assert.deepEqual(
    changes.invalid.map((o) => [o.sourceId, o.errorCategory]),
    [['KU0003', 'INVALID_SOURCE_ROW']],
  );
  assert.match(changes.invalid[0]?.errorMessage ?? '', /EMAIL_ADDR 'ku0003@'/);
  assert.ok(changes.invalidHashes.has('KU0003'));
  // The same content gives the same event id: a re-poll or redelivery is recognised.
  const again = changesOf(read(), [row('KU0001')], [], WINDOW.from);
  assert.equal(again.events[0]?.eventId, changes.events[0]?.eventId);
});

test('a replay keeps only the ids it names and defers nothing', () => {
  const replay = read({ ...SCHEDULED, fromStart: true, force: true, onlyIds: new Set(['KU0004']) });
  const changes = changesOf(
    replay,
    [row('KU0001'), row('KU0004'), row('KU0005', { EFFDT: '2026-12-15' })],
    [],
    WINDOW.from,
  );
  assert.deepEqual(
    changes.events.map((e) => e.sourceId),
    ['KU0004'],
  );
  assert.deepEqual(changes.deferred, []);
  const scheduled = changesOf(read(), [row('KU0005', { EFFDT: '2026-12-15' })], [], WINDOW.from);
  assert.deepEqual(
    scheduled.deferred.map((d) => [d.sourceId, d.effectiveDate]),
    [['KU0005', '2026-12-15']],
  );
});
