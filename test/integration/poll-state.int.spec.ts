import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  type TestEnvironment,
} from '@ml/testing';
import {
  LeaseLostError,
  PollStateRepository,
  type Lease,
  type UnversionedEvent,
  type WindowCommit,
} from '../../apps/poller/src/poll-connection/poll-state.repository';
import { unversionedEvent, windowCommit } from './window-commit-fixtures';

let env: TestEnvironment;
let moduleRef: TestingModule;
let state: PollStateRepository;
let ds: DataSource;
let connectionId: string;

before(async () => {
  env = await createTestEnvironment('pollstate');
  moduleRef = await compileOnDatabase(env.config, {
    imports: [AuditModule, ConnectionsModule],
    providers: [PollStateRepository],
  });
  state = moduleRef.get(PollStateRepository);
  ds = moduleRef.get(DataSource);
  connectionId = (
    await moduleRef.get(ConnectionsService).create(
      connectionFixture('poll-state', {
        peoplesoftUrl: 'http://127.0.0.1:1',
        hubspotUrl: 'http://127.0.0.1:2',
        hubspotToken: 'pat-na1-y',
      }),
    )
  ).id;
});
after(async () => {
  await moduleRef?.close();
  await env?.destroy();
});

const event = (
  sourceId: string,
  hash: string,
  at = '2026-11-27-10.00.00.000000',
): UnversionedEvent =>
  unversionedEvent(connectionId, sourceId, {
    eventId: `${sourceId}-${hash}`,
    runId: '00000000-0000-0000-0000-000000000001',
    correlationId: 'corr',
    sourceUpdatedAt: at,
    contentHash: hash,
  });

function commit(
  lease: WindowCommit['lease'],
  events: UnversionedEvent[],
  watermark: string | null,
  extra: Partial<WindowCommit> = {},
): WindowCommit {
  return windowCommit(connectionId, lease, events, { watermark, ...extra });
}

/** An empty outbox and the connection's lease, for a test of what its commits emit. */
async function freshLease(holder: string): Promise<Lease> {
  await ds.query(`DELETE FROM outbox`);
  const lease = await state.acquireLease(connectionId, holder, 60);
  assert.ok(lease);
  return lease;
}

/** The commit fields that say which effective-dated row `sourceId`'s content came from. */
const keyedFor =
  (sourceId: string) =>
  (key: string): Partial<WindowCommit> => ({ currencyKeys: new Map([[sourceId, key]]) });

const outboxIds = async () =>
  (await ds.query(`SELECT message_id FROM outbox ORDER BY id`)).map(
    (r: { message_id: string }) => r.message_id,
  );

test('one poller at a time holds a connection; an expired lease is taken over with a new fence', async () => {
  const a = await state.acquireLease(connectionId, 'poller-a', 60);
  assert.ok(a);
  assert.equal(await state.acquireLease(connectionId, 'poller-b', 60), null);
  await ds.query(`UPDATE poll_leases SET expires_at = now() - interval '1 second'`);
  const b = await state.acquireLease(connectionId, 'poller-b', 60);
  assert.ok(b && b.fence > a.fence);
  // The old holder wakes up and tries to commit: fenced off, nothing written.
  await assert.rejects(
    state.commitWindow(commit(a, [event('E1', 'h1')], '2026-11-27-10.00.00.000000')),
    LeaseLostError,
  );
  assert.deepEqual(await outboxIds(), []);
  assert.equal(await state.watermark(connectionId, 'employee'), null);
  await state.releaseLease(connectionId, b);
});

test('a window commits events and watermark together; overlap repeats are dropped by hash', async () => {
  const lease = await freshLease('poller-c');
  assert.deepEqual(
    await state.commitWindow(
      commit(lease, [event('E1', 'h1'), event('E2', 'h2')], '2026-11-27-10.00.00.000000'),
    ),
    { emitted: 2, invalid: 0 },
  );
  // The next poll re-reads E1 unchanged through the overlap, and E2 changed.
  assert.deepEqual(
    await state.commitWindow(
      commit(
        lease,
        [event('E1', 'h1'), event('E2', 'h2b', '2026-11-27-11.00.00.000000')],
        '2026-11-27-11.00.00.000000',
      ),
    ),
    { emitted: 1, invalid: 0 },
  );
  assert.deepEqual(await outboxIds(), ['E1-h1', 'E2-h2', 'E2-h2b']);
  assert.equal(await state.watermark(connectionId, 'employee'), '2026-11-27-11.00.00.000000');
  // A window holding only older rows never moves the watermark back.
  await state.commitWindow(commit(lease, [], '2026-11-26-00.00.00.000000'));
  assert.equal(await state.watermark(connectionId, 'employee'), '2026-11-27-11.00.00.000000');
  await state.releaseLease(connectionId, lease);
});

test('deferred rows are kept until due and removed when released', async () => {
  const lease = await state.acquireLease(connectionId, 'poller-d', 60);
  assert.ok(lease);
  const row = { EMPLID: 'E9', EFFDT: '2026-12-05', EMPL_STATUS: 'T' };
  await state.commitWindow({
    ...commit(lease, [], null),
    deferred: [{ sourceId: 'E9', effectiveDate: '2026-12-05', row }],
  });
  assert.deepEqual(await state.dueDeferred(connectionId, 'employee', '2026-12-04'), []);
  const due = await state.dueDeferred(connectionId, 'employee', '2026-12-05');
  assert.deepEqual(due, [{ sourceId: 'E9', effectiveDate: '2026-12-05', row }]);
  await state.commitWindow({ ...commit(lease, [], null), releasedDeferred: due });
  assert.deepEqual(await state.dueDeferred(connectionId, 'employee', '2026-12-31'), []);
  await state.releaseLease(connectionId, lease);
});

const outboxEvents = async (): Promise<ChangeEvent[]> =>
  (await ds.query(`SELECT payload FROM outbox ORDER BY id`)).map(
    (r: { payload: string }) => JSON.parse(r.payload) as ChangeEvent,
  );

/** What the outbox holds, as content@version in the order it was emitted. */
const emittedVersions = async (): Promise<string[]> =>
  (await outboxEvents()).map((e) => `${e.contentHash}@${e.sourceVersion}`);

test('each emission of a record gets the next version, in commit order', async () => {
  const lease = await freshLease('poller-v');
  await state.commitWindow(commit(lease, [event('V1', 'a'), event('V2', 'a')], null));
  await state.commitWindow(commit(lease, [event('V1', 'b')], null));
  // A replay re-sends unchanged content on purpose, and still moves the version on.
  await state.commitWindow(commit(lease, [event('V1', 'b')], null, { force: true }));
  const versions = (await outboxEvents()).map((e) => `${e.sourceId}@${e.sourceVersion}`);
  assert.deepEqual(versions, ['V1@1', 'V2@1', 'V1@2', 'V1@3']);
  await state.releaseLease(connectionId, lease);
});

test('a row that is no longer the one in force is never emitted, not even by a full run', async () => {
  const lease = await freshLease('poller-k');
  const keyed = keyedFor('K1');
  await state.commitWindow(
    commit(lease, [event('K1', 'current')], null, keyed('9999|2024-03-01|000000')),
  );
  // Someone corrects the 2019 row today: newer LASTUPDDTTM, older effective date.
  const correction = event('K1', 'history', '2026-11-28-09.00.00.000000');
  await state.commitWindow(commit(lease, [correction], null, keyed('9999|2019-05-01|000000')));
  await state.commitWindow(
    commit(lease, [correction], null, { ...keyed('9999|2019-05-01|000000'), force: true }),
  );
  // A new row in force (a promotion effective today) goes through.
  await state.commitWindow(
    commit(lease, [event('K1', 'promoted')], null, keyed('9999|2026-11-28|000000')),
  );
  assert.deepEqual(await emittedVersions(), ['current@1', 'promoted@2']);
  await state.releaseLease(connectionId, lease);
});

test('a repeat from a row that outranks the one sent keeps its key: older history stays out', async () => {
  const lease = await freshLease('poller-o');
  const keyed = keyedFor('O1');
  // A first load, newest LASTUPDDTTM first (KU0023472 in the pipeline benchmark): EMPL_RCD 1's
  // row keyed in 2023, then record 0's row in force (keyed 2021) mapping to the same
  // properties, then record 0's 2020 history row.
  const rcd1 = event('O1', 'current', '2023-09-07-12.30.46.000000');
  const history = event('O1', 'history', '2020-03-02-12.21.45.000000');
  await state.commitWindow(commit(lease, [rcd1], null, keyed('9998|2023-09-12|000000')));
  const inForce = event('O1', 'current', '2021-07-03-17.46.47.000000');
  await state.commitWindow(commit(lease, [inForce], null, keyed('9999|2021-07-02|000001')));
  await state.commitWindow(commit(lease, [history], null, keyed('9999|2020-02-20|000000')));
  // The full re-send of the same data sends record 0's row in force once more, and only it.
  const resend = (key: string, e: UnversionedEvent) =>
    state.commitWindow(commit(lease, [e], null, { ...keyed(key), force: true }));
  await resend('9998|2023-09-12|000000', rcd1);
  await resend('9999|2021-07-02|000001', inForce);
  await resend('9999|2020-02-20|000000', history);
  assert.deepEqual(await emittedVersions(), ['current@1', 'current@2']);
  await state.releaseLease(connectionId, lease);
});

test('a refused row in force keeps its rank: older history stays out until the row is fixed', async () => {
  const lease = await freshLease('poller-r');
  const keyed = keyedFor('R1');
  const refused = (key: string, hash: string): Partial<WindowCommit> => ({
    ...keyed(key),
    invalidHashes: new Map([['R1', hash]]),
    invalid: [
      {
        connectionId,
        entity: 'employee',
        sourceId: 'R1',
        objectType: 'contacts',
        runId: null,
        eventId: null,
        outcome: 'invalid',
        errorCategory: 'INVALID_SOURCE_ROW',
        errorMessage: `email: not an email address (${hash})`,
      },
    ],
  });
  const invalidAttempts = async () =>
    Number(
      (
        await ds.query(
          `SELECT count(*) AS n FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
            WHERE r.connection_id = $1 AND r.source_id = 'R1' AND a.outcome = 'invalid'`,
          [connectionId],
        )
      )[0].n,
    );
  // A first load, newest LASTUPDDTTM first: the row in force (2024) has a bad email, then an
  // older history row (2020) of the same person is valid.
  assert.deepEqual(
    await state.commitWindow(commit(lease, [], null, refused('9999|2024-03-01|000000', 'bad'))),
    { emitted: 0, invalid: 1 },
  );
  await state.commitWindow(
    commit(lease, [event('R1', 'history')], null, keyed('9999|2020-02-20|000000')),
  );
  // An older row refused too is not the person's state: no second refusal in the audit.
  assert.deepEqual(
    await state.commitWindow(commit(lease, [], null, refused('9999|2019-01-01|000000', 'worse'))),
    { emitted: 0, invalid: 0 },
    'the run does not count a refusal it did not audit',
  );
  assert.deepEqual(await outboxEvents(), [], 'the history row was not sent as the current state');
  assert.equal(await invalidAttempts(), 1);
  // The row in force is fixed in PeopleSoft: it goes through.
  await state.commitWindow(
    commit(lease, [event('R1', 'fixed')], null, keyed('9999|2024-03-01|000000')),
  );
  assert.deepEqual(await emittedVersions(), ['fixed@1']);
  await state.releaseLease(connectionId, lease);
});
