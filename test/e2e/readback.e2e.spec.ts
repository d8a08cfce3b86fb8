import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { HubSpotClient } from '@ml/hubspot';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { SyncWorld, waitFor } from '@ml/testing';

const EMPLOYEES = 30;
const TOKEN = 'pat-na1-99999999-2222-4333-8444-555555555555';
const OPRID = 'ML_SYNC';
const PASSWORD = 'readback-e2e-password';
const ADMIN_KEY = 'readback-e2e-admin-key-0123456789';
const CLIENT_SECRET = 'hubspot-app-client-secret-e2e';
const ID = 'ml_peoplesoft_id';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies read field by field
type Json = any;

interface Drift {
  last: {
    reconciliationId: string;
    status: string;
    reads: number;
    repairsQueued: number;
    counts: Record<string, number>;
    examples: Record<string, Array<{ sourceId: string; action: string }>>;
  } | null;
}

/**
 * HubSpot read-back on the real processes: PeopleSoft (simulated) → poller → RabbitMQ → writer
 * → HubSpot (simulated), with reps deleting, editing and merging in HubSpot, reconciliations
 * requested through the API and webhooks delivered by the simulator to the API.
 */
describe('read-back: drift in HubSpot is found and repaired', () => {
  let world: SyncWorld;
  let peoplesoft: PeopleSoftSimulator;
  let hubspot: HubSpotSimulator;
  let db: DataSource;
  let connectionId: string;
  let api = '';
  const hubspotIds = new Map<string, string>();
  let emplids: string[] = [];
  let synced = 0;

  before(async () => {
    world = await SyncWorld.start({
      label: 'readback',
      employees: EMPLOYEES,
      hubspotToken: TOKEN,
      oprid: OPRID,
      password: PASSWORD,
      // Only the first poll, then runs on request: a scheduled poll would not repair drift.
      cron: '0 0 1 1 *',
      apps: ['api', 'poller', 'writer'],
      env: { ADMIN_API_KEYS: ADMIN_KEY },
    });
    ({ peoplesoft, hubspot, db, connectionId, apiUrl: api } = world);
  });

  after(async () => {
    await world?.stop();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  type Report = NonNullable<Drift['last']>;
  async function reconcile(dryRun: boolean): Promise<Report> {
    const accepted = await call('POST', `/connections/${connectionId}/reconcile`, { dryRun });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(accepted.body.estimatedCalls.reads, 1, 'one list call covers 30 contacts');
    assert.equal(accepted.body.estimatedCalls.writes, 0);
    return waitFor<Report>(
      'the reconciliation to finish',
      async () => {
        const drift = (await call('GET', `/connections/${connectionId}/drift`)).body as Drift;
        const last = drift.last ?? undefined;
        return last?.reconciliationId === accepted.body.reconciliationId ? last : undefined;
      },
      30_000,
      200,
    );
  }

  const live = (emplid: string) => hubspot.findObject('contacts', ID, emplid);
  const stored = async (emplid: string) =>
    (
      (await db.query(
        `SELECT hubspot_id, synced_hash FROM sync_records WHERE connection_id = $1 AND source_id = $2`,
        [connectionId, emplid],
      )) as Array<{ hubspot_id: string; synced_hash: string | null }>
    )[0];

  it('syncs the employees first', async () => {
    await waitFor(
      'every employee in HubSpot',
      async () => {
        const rows = (await db.query(
          `SELECT source_id, hubspot_id, status FROM sync_records WHERE connection_id = $1`,
          [connectionId],
        )) as Array<{ source_id: string; hubspot_id: string; status: string }>;
        // The generated data has a few invalid rows (bad emails...): rejected, never sent.
        if (
          rows.length < EMPLOYEES ||
          rows.some((r) => r.status !== 'synced' && r.status !== 'invalid')
        ) {
          return undefined;
        }
        for (const r of rows) if (r.status === 'synced') hubspotIds.set(r.source_id, r.hubspot_id);
        return rows;
      },
      90_000,
      250,
    );
    emplids = [...hubspotIds.keys()].sort();
    synced = emplids.length;
    assert.ok(synced >= EMPLOYEES - 10, `${synced} synced`);
    assert.equal(hubspot.objects('contacts').length, synced);
  });

  it('reports a delete, an edit, a merge and an orphan; dry run and report-only repair nothing', async () => {
    const [deleted, edited, primary, merged] = emplids;
    hubspot.userArchive('contacts', hubspotIds.get(deleted as string) as string);
    hubspot.userEdit('contacts', hubspotIds.get(edited as string) as string, {
      firstname: 'Rep Edit',
    });
    hubspot.userMerge(
      'contacts',
      hubspotIds.get(primary as string) as string,
      hubspotIds.get(merged as string) as string,
    );
    const client = new HubSpotClient({ accessToken: TOKEN, baseUrl: hubspot.url });
    await client.batchUpsert('contacts', [
      { id: 'ORPHAN1', idProperty: ID, properties: { firstname: 'Orphan' } },
    ]);
    await client.close();
    const expected = {
      'in-sync': synced - 3,
      edited: 1,
      'archived-deleted': 1,
      merged: 1,
      orphaned: 1,
      missing: 0,
    };

    const dry = await reconcile(true);
    assert.deepEqual(dry.counts, expected);
    assert.equal(dry.reads, 1);
    assert.equal(dry.examples.orphaned?.[0]?.sourceId, 'ORPHAN1');

    const settings = await call('PUT', `/connections/${connectionId}/readback-settings`, {
      policy: 'report-only',
    });
    assert.equal(settings.body.policy, 'report-only');
    const reported = await reconcile(false);
    assert.deepEqual(reported.counts, expected);
    assert.match(reported.examples.edited?.[0]?.action ?? '', /^reported/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      live(edited as string)?.properties.firstname,
      'Rep Edit',
      "the rep's edit stays (report only)",
    );
    assert.equal(live(deleted as string), undefined);
  });

  it('PeopleSoft wins: the deleted contact comes back, the edit is overwritten, the merge is followed', async () => {
    const [deleted, edited, primary, merged] = emplids as [string, string, string, string];
    await call('PUT', `/connections/${connectionId}/readback-settings`, {
      policy: 'peoplesoft-wins',
    });
    const before = hubspot.objects('contacts').find((o) => o.properties[ID] === edited);
    const result = await reconcile(false);
    assert.equal(result.repairsQueued, 2);
    await waitFor(
      'the deleted contact back and the edit overwritten',
      async () =>
        live(deleted) && live(edited)?.properties.firstname !== 'Rep Edit' ? true : undefined,
      60_000,
      250,
    );
    assert.equal(
      live(deleted)?.id,
      hubspotIds.get(deleted),
      'restored with its id (simulator restore mode)',
    );
    assert.notEqual(live(edited)?.properties.firstname, before?.properties.firstname);
    assert.equal(
      (await stored(merged))?.hubspot_id,
      hubspotIds.get(primary),
      'stored id follows the merge',
    );
    assert.equal(live(merged), undefined, 'the merged-away record is not recreated');
    assert.deepEqual(hubspot.duplicates(), []);
    assert.equal(hubspot.objects('contacts').length, synced - 1 + 1, 'one merged away, one orphan');

    const clean = await reconcile(true);
    assert.deepEqual(clean.counts, {
      'in-sync': synced - 1,
      edited: 0,
      'archived-deleted': 0,
      merged: 1,
      orphaned: 1,
      missing: 0,
    });

    // A later PeopleSoft change of the merged-away record must not recreate the duplicate.
    peoplesoft.changeEmployee(merged, { firstName: 'Changed After Merge' });
    const sync = await call('POST', `/connections/${connectionId}/sync`, {});
    assert.equal(sync.status, 202, JSON.stringify(sync.body));
    await waitFor(
      'the change of the merged-away record to be parked',
      async () => {
        const rows = (await db.query(
          `SELECT a.error_category FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
            WHERE r.connection_id = $1 AND r.source_id = $2 ORDER BY a.id DESC LIMIT 1`,
          [connectionId, merged],
        )) as Array<{ error_category: string | null }>;
        return rows[0]?.error_category === 'MERGED_IN_HUBSPOT' ? true : undefined;
      },
      30_000,
      250,
    );
    assert.equal(live(merged), undefined);
    assert.deepEqual(hubspot.duplicates(), []);
  });

  it('webhooks: forged, stale and replayed deliveries change nothing; a valid one repairs within seconds', async () => {
    const target = emplids[5] as string;
    const settings = await call('PUT', `/connections/${connectionId}/readback-settings`, {
      webhookClientSecret: CLIENT_SECRET,
    });
    assert.deepEqual(settings.body.webhook, { set: true, last4: CLIENT_SECRET.slice(-4) });
    assert.ok(!JSON.stringify(settings.body).includes(CLIENT_SECRET), 'the secret is never shown');
    hubspot.registerWebhook({
      url: `${api}/webhooks/hubspot`,
      clientSecret: CLIENT_SECRET,
      appId: 1,
    });
    hubspot.userArchive('contacts', hubspotIds.get(target) as string);
    const runsBefore = await runCount();

    const forged = await hubspot.flushWebhooks({ wrongSecret: 'not-the-client-secret' });
    assert.equal(forged.status, 401);
    const stale = await hubspot.flushWebhooks({
      replayEventIds: forged.eventIds,
      timestampSkewMs: -6 * 60 * 1000,
    });
    assert.equal(stale.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(live(target), undefined, 'nothing repaired');
    assert.equal(await runCount(), runsBefore, 'nothing queued');
    assert.equal(await webhookRows(), 0, 'refused events are not recorded as handled');

    const valid = await hubspot.flushWebhooks({ replayEventIds: forged.eventIds });
    assert.equal(valid.status, 200);
    await waitFor(
      'the contact back after the webhook',
      async () => (live(target) ? true : undefined),
      30_000,
      250,
    );
    const runsAfter = await runCount();

    const replayed = await hubspot.flushWebhooks({ replayEventIds: forged.eventIds });
    assert.equal(replayed.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await runCount(), runsAfter, 'a replayed event id is handled once');
    assert.equal(await webhookRows(), 1);
    const pending = (await db.query(`SELECT 1 FROM drift_repairs`)) as unknown[];
    assert.equal(pending.length, 0);
  });

  const runCount = async () =>
    Number(
      (
        (await db.query(`SELECT count(*) AS n FROM sync_runs WHERE connection_id = $1`, [
          connectionId,
        ])) as Array<{
          n: string;
        }>
      )[0]?.n,
    );
  const webhookRows = async () =>
    (
      (await db.query(`SELECT 1 FROM webhook_events WHERE connection_id = $1`, [
        connectionId,
      ])) as unknown[]
    ).length;
});
