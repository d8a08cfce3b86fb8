import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule, AuditRepository } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotClient } from '@ml/hubspot';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  type TestEnvironment,
} from '@ml/testing';
import { HubSpotReader } from '../../apps/poller/src/reconcile/hubspot-reader';
import { ReconcileStateRepository } from '../../apps/poller/src/reconcile/reconcile-state.repository';
import { ReconcileUseCase } from '../../apps/poller/src/reconcile/reconcile.usecase';
import { ID_PROPERTY as ID, seedSyncedContacts } from './synced-contacts';

const TOKEN = 'pat-na1-77777777-2222-4333-8444-555555555555';
const COUNT = 10_000;

interface Reconciliation {
  status: string;
  reads: number;
  writes: number;
  repairs_queued: number;
  counts: Record<string, number>;
  examples: Record<string, Array<Record<string, unknown>>>;
}

/**
 * The reconciler on the real Postgres against the HubSpot simulator: the sync state is seeded
 * as the writer leaves it, HubSpot is changed as reps do, and the reconciliation is run
 * in-process. The repairs end as a queued replay run (the poller → writer path is covered by
 * test/e2e/readback.e2e.spec.ts).
 */
describe('reconcile: reading HubSpot back', () => {
  let env: TestEnvironment;
  let moduleRef: TestingModule;
  let db: DataSource;
  let hubspot: HubSpotSimulator;
  let client: HubSpotClient;
  let connectionId: string;
  const ids = new Map<string, string>();

  const emplid = (i: number) => `E${String(i).padStart(5, '0')}`;

  before(async () => {
    env = await createTestEnvironment('reconcile');
    hubspot = new HubSpotSimulator({ tokens: [TOKEN], requestsPer10s: 100_000 });
    const url = await hubspot.start();
    moduleRef = await compileOnDatabase(env.config, {
      imports: [AuditModule, ConnectionsModule, HubSpotBudgetModule],
      providers: [ReconcileStateRepository, ReconcileUseCase, HubSpotReader],
    });
    db = moduleRef.get(DataSource);
    const connection = await moduleRef.get(ConnectionsService).create(
      connectionFixture('reconcile', {
        peoplesoftUrl: 'http://127.0.0.1:9',
        hubspotUrl: url,
        hubspotToken: TOKEN,
        requestsPer10Seconds: 100_000,
        cron: '0 0 1 1 *',
      }),
    );
    connectionId = connection.id;

    client = new HubSpotClient({ accessToken: TOKEN, baseUrl: url });
    for (const [k, v] of await seedSyncedContacts(
      client,
      moduleRef.get(AuditRepository),
      connectionId,
      Array.from({ length: COUNT }, (_, i) => emplid(i)),
      'Reconciled',
    ))
      ids.set(k, v);
  });

  after(async () => {
    await client?.close();
    await moduleRef?.close();
    await hubspot?.stop();
    await env?.destroy();
  });

  async function reconcile(
    options: { dryRun?: boolean; policy?: string } = {},
  ): Promise<Reconciliation> {
    await db.query(
      `INSERT INTO reconciliations (connection_id, trigger, dry_run, policy, status)
       VALUES ($1, 'manual', $2, $3, 'queued')`,
      [connectionId, options.dryRun === true, options.policy ?? 'peoplesoft-wins'],
    );
    const job = await moduleRef.get(ReconcileStateRepository).claim();
    assert.ok(job);
    await moduleRef.get(ReconcileUseCase).execute(job);
    const [row] = (await db.query(`SELECT * FROM reconciliations WHERE id = $1`, [
      job.id,
    ])) as Reconciliation[];
    assert.ok(row);
    return row;
  }

  const record = async (sourceId: string) =>
    (
      (await db.query(
        `SELECT hubspot_id, synced_hash, status FROM sync_records
        WHERE connection_id = $1 AND source_id = $2`,
        [connectionId, sourceId],
      )) as Array<{ hubspot_id: string; synced_hash: string | null }>
    )[0];

  it(`reconciles ${COUNT} in-sync records with ceil(${COUNT}/100) reads and no write`, async () => {
    const before = hubspot.counterSnapshot();
    const result = await reconcile();
    const spent = hubspot.counterSnapshot();
    assert.equal(result.status, 'succeeded');
    assert.equal(spent.totalRequests - before.totalRequests, Math.ceil(COUNT / 100));
    assert.equal(result.reads, Math.ceil(COUNT / 100));
    assert.equal(
      spent.objectsCreated + spent.objectsUpdated,
      before.objectsCreated + before.objectsUpdated,
    );
    assert.equal(result.counts['in-sync'], COUNT);
    assert.equal(result.repairs_queued, 0);
    const runs = (await db.query(`SELECT 1 FROM sync_runs WHERE connection_id = $1`, [
      connectionId,
    ])) as unknown[];
    assert.equal(runs.length, 0, 'nothing to repair, nothing queued');
  });

  it('classifies edits, deletes, merges and orphans; a dry run and report-only change nothing', async () => {
    hubspot.userEdit('contacts', ids.get(emplid(1)) as string, { firstname: 'Edited by a rep' });
    hubspot.userArchive('contacts', ids.get(emplid(2)) as string);
    hubspot.userMerge('contacts', ids.get(emplid(3)) as string, ids.get(emplid(4)) as string);
    await client.batchUpsert('contacts', [
      { id: 'ZZ0001', idProperty: ID, properties: { firstname: 'Orphan' } },
    ]);
    // The merge's primary keeps its values and id: it stays in sync.
    const expected = {
      'in-sync': COUNT - 3,
      edited: 1,
      'archived-deleted': 1,
      merged: 1,
      orphaned: 1,
      missing: 0,
    };

    const before = hubspot.counterSnapshot();
    const dry = await reconcile({ dryRun: true });
    assert.deepEqual(dry.counts, expected);
    assert.deepEqual(dry.examples.edited?.[0]?.changed, [
      { name: 'firstname', hubspot: 'Edited by a rep', sent: `First ${emplid(1)}` },
    ]);
    assert.match(
      String(dry.examples.edited?.[0]?.action),
      /^dry run \(would be: PeopleSoft values re-sent/,
    );
    assert.equal(dry.examples.orphaned?.[0]?.sourceId, 'ZZ0001');

    const reportOnly = await reconcile({ policy: 'report-only' });
    assert.deepEqual(reportOnly.counts, expected);
    assert.match(String(reportOnly.examples.edited?.[0]?.action), /^reported \(would be/);
    assert.equal(hubspot.counterSnapshot().objectsUpdated, before.objectsUpdated);
    assert.notEqual(
      (await record(emplid(1)))?.synced_hash,
      null,
      'report-only leaves the state alone',
    );
    const queued = (await db.query(`SELECT 1 FROM drift_repairs`)) as unknown[];
    assert.equal(
      queued.length + ((await db.query(`SELECT 1 FROM sync_runs`)) as unknown[]).length,
      0,
    );
  });

  it('PeopleSoft wins: re-sends edited and deleted records as one replay run and follows the merge', async () => {
    const before = hubspot.counterSnapshot();
    const result = await reconcile();
    assert.equal(result.repairs_queued, 2);
    assert.equal(
      hubspot.counterSnapshot().objectsCreated,
      before.objectsCreated,
      'the reconciler writes nothing itself',
    );
    assert.equal(
      (await record(emplid(1)))?.synced_hash,
      null,
      'the writer will not skip it as unchanged',
    );
    assert.equal((await record(emplid(2)))?.synced_hash, null);
    assert.equal(
      (await record(emplid(4)))?.hubspot_id,
      ids.get(emplid(3)),
      'the stored id follows the merge',
    );
    const runs = (await db.query(
      `SELECT trigger, status, request FROM sync_runs WHERE connection_id = $1`,
      [connectionId],
    )) as Array<{
      trigger: string;
      status: string;
      request: { sourceIds: Record<string, string[]> };
    }>;
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.trigger, 'replay');
    assert.deepEqual(runs[0]?.request.sourceIds.employee?.sort(), [emplid(1), emplid(2)]);
    assert.equal(((await db.query(`SELECT 1 FROM drift_repairs`)) as unknown[]).length, 0);

    // The followed merge is not drift any more: reconciling again never recreates the duplicate.
    await db.query(`UPDATE sync_runs SET status = 'succeeded' WHERE connection_id = $1`, [
      connectionId,
    ]);
    const again = await reconcile({ dryRun: true });
    assert.equal(again.counts.merged, 1);
    assert.match(String(again.examples.merged?.[0]?.action), /^none$/);
  });
});
