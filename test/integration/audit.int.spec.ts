import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule, AuditRepository, type RecordOutcome } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  type TestEnvironment,
} from '@ml/testing';

let env: TestEnvironment;
let moduleRef: TestingModule;
let audit: AuditRepository;
let connectionId: string;

before(async () => {
  env = await createTestEnvironment('audit');
  moduleRef = await compileOnDatabase(env.config, { imports: [AuditModule, ConnectionsModule] });
  audit = moduleRef.get(AuditRepository);
  const created = await moduleRef.get(ConnectionsService).create(
    connectionFixture('audit', {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-x',
    }),
  );
  connectionId = created.id;
});
after(async () => {
  await moduleRef?.close();
  await env?.destroy();
});

const outcome = (
  sourceId: string,
  o: RecordOutcome['outcome'],
  extra: Partial<RecordOutcome> = {},
): RecordOutcome => ({
  connectionId,
  entity: 'employee',
  sourceId,
  objectType: 'contacts',
  runId: null,
  eventId: `ev-${sourceId}-${o}`,
  outcome: o,
  payloadHash: 'h1',
  sourceUpdatedAt: '2026-11-27-10.00.00.000000',
  sourceVersion: 1,
  ...extra,
});

test('each attempt is one row; the record keeps its current state and attempt count', async () => {
  await audit.recordOutcomes([
    outcome('E1', 'failed', { errorMessage: 'HubSpot answered 503', errorCategory: 'RETRYABLE' }),
  ]);
  await audit.recordOutcomes([outcome('E1', 'created', { hubspotId: '901', sourceVersion: 2 })]);
  const state = (await audit.findStates(connectionId, 'employee', ['E1'])).get('E1');
  assert.deepEqual(state, {
    sourceId: 'E1',
    hubspotId: '901',
    syncedHash: 'h1',
    sourceUpdatedAt: '2026-11-27-10.00.00.000000',
    sourceVersion: 2,
    emittedVersion: null,
    status: 'synced',
  });
  const ds = moduleRef.get(DataSource);
  const [record] = await ds.query(
    `SELECT id, attempts, last_error FROM sync_records WHERE source_id = 'E1'`,
  );
  assert.equal(record.attempts, 2);
  assert.equal(record.last_error, null, 'a success clears the last error');
  const attempts = await ds.query(
    `SELECT outcome, error_message FROM sync_attempts WHERE record_id = $1 ORDER BY id`,
    [record.id],
  );
  assert.deepEqual(attempts, [
    { outcome: 'failed', error_message: 'HubSpot answered 503' },
    { outcome: 'created', error_message: null },
  ]);
});

test('a failure after a sync keeps what HubSpot last received, and stale events change nothing', async () => {
  await audit.recordOutcomes([outcome('E2', 'created', { hubspotId: '902', payloadHash: 'v1' })]);
  await audit.recordOutcomes([
    outcome('E2', 'failed', { payloadHash: 'v2', errorMessage: 'bad email' }),
  ]);
  await audit.recordOutcomes([outcome('E2', 'stale', { payloadHash: 'v0', sourceVersion: 0 })]);
  const state = (await audit.findStates(connectionId, 'employee', ['E2'])).get('E2');
  assert.equal(state?.status, 'failed');
  assert.equal(state?.syncedHash, 'v1');
  assert.equal(state?.sourceVersion, 1, 'only a successful write moves the synced version');
  assert.equal(state?.hubspotId, '902');
});

test('one batch may hold a superseded event and the write that replaced it', async () => {
  await audit.recordOutcomes([
    outcome('E3', 'superseded', { eventId: 'old' }),
    outcome('E3', 'created', { eventId: 'new', hubspotId: '903' }),
    outcome('E4', 'unchanged', { hubspotId: '904' }),
  ]);
  const states = await audit.findStates(connectionId, 'employee', ['E3', 'E4']);
  assert.equal(states.get('E3')?.status, 'synced');
  assert.equal(states.get('E4')?.status, 'synced');
  const ds = moduleRef.get(DataSource);
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id WHERE r.source_id = 'E3'`,
  );
  assert.equal(n, 2);
});

test("a deleted record or connection takes its attempts with it, and no one else's", async () => {
  const connections = moduleRef.get(ConnectionsService);
  const other = await connections.create(
    connectionFixture('audit-doomed', {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-y',
    }),
  );
  const ofOther = (sourceId: string, o: RecordOutcome['outcome']): RecordOutcome => ({
    ...outcome(sourceId, o),
    connectionId: other.id,
    eventId: `ev-other-${sourceId}-${o}`,
  });
  await audit.recordOutcomes([outcome('K1', 'created', { hubspotId: '911' })]);
  await audit.recordOutcomes([outcome('K1', 'unchanged', { hubspotId: '911' })]);
  await audit.recordOutcomes([ofOther('D1', 'failed'), ofOther('D2', 'created')]);
  await audit.recordOutcomes([ofOther('D1', 'created')]);
  const ds = moduleRef.get(DataSource);
  const attempts = async (): Promise<Record<string, number>> => {
    const rows: Array<{ key: string; n: number }> = await ds.query(
      `SELECT r.source_id AS key, count(*)::int AS n
         FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
        WHERE r.source_id IN ('K1', 'D1', 'D2') GROUP BY 1 ORDER BY 1`,
    );
    const orphans: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM sync_attempts a
        WHERE NOT EXISTS (SELECT 1 FROM sync_records r WHERE r.id = a.record_id)`,
    );
    return { ...Object.fromEntries(rows.map((r) => [r.key, r.n])), orphans: orphans[0]?.n ?? -1 };
  };
  assert.deepEqual(await attempts(), { D1: 2, D2: 1, K1: 2, orphans: 0 });

  await ds.query(`DELETE FROM sync_records WHERE connection_id = $1 AND source_id = 'D2'`, [
    other.id,
  ]);
  assert.deepEqual(await attempts(), { D1: 2, K1: 2, orphans: 0 }, 'a record deleted alone');

  await connections.remove(other.id);
  assert.deepEqual(await attempts(), { K1: 2, orphans: 0 }, 'a deleted connection');
});
