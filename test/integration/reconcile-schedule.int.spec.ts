import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule, AuditRepository } from '@ml/audit';
import { loadConfig } from '@ml/config';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotClient } from '@ml/hubspot';
import { HubSpotSimulator, type SimCounters } from '@ml/hubspot-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  waitFor,
  type TestEnvironment,
} from '@ml/testing';
import { DriftService } from '../../apps/api/src/drift/drift.service';
import { ReadbackSettingsRepository } from '../../apps/api/src/reconcile/readback-settings.repository';
import { ReconcileService } from '../../apps/api/src/reconcile/reconcile.service';
import { ReconcileModule } from '../../apps/poller/src/reconcile/reconcile.module';
import { ID_PROPERTY as ID, seedSyncedContacts } from './synced-contacts';

const TOKEN = 'pat-na1-88888888-2222-4333-8444-555555555555';
const RECORDS = 250;
const TIME_ZONE = 'Europe/Berlin';
const WEEKLY = '0 3 * * 0';
/** Every two seconds (cron-parser reads a sixth, leading field as seconds). */
const EVERY_TWO_SECONDS = '*/2 * * * * *';

interface ReconciliationRow {
  id: string;
  trigger: string;
  status: string;
  estimated_reads: number;
  reads: number;
  repairs_queued: number;
  counts: Record<string, number>;
  error: string | null;
  requested_at: Date;
}

/** Weekday and wall-clock time of an instant in a time zone, e.g. "Sun 03:00:00". */
function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('weekday')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/**
 * The reconcile schedule on the poller's own module (ReconcileModule: the scheduler ticking on
 * its timer, the reader on the shared budget) against the real Postgres and the HubSpot
 * simulator. The schedule is set the way `PUT /connections/:id/readback-settings` sets it;
 * nothing asks for a reconciliation: the scheduler queues it when its slot comes, runs it, and
 * books the next slot.
 */
describe('reconcile schedule: the poller reconciles on its own', () => {
  let env: TestEnvironment;
  let moduleRef: TestingModule;
  let db: DataSource;
  let hubspot: HubSpotSimulator;
  let client: HubSpotClient;
  let connectionId: string;
  const emplid = (i: number) => `S${String(i).padStart(5, '0')}`;

  before(async () => {
    env = await createTestEnvironment('reconcile_schedule');
    hubspot = new HubSpotSimulator({ tokens: [TOKEN], requestsPer10s: 190 });
    const url = await hubspot.start();
    // A short tick, as in the e2e tests: the slots themselves come from the cron.
    const config = loadConfig({ ...env.env, POLLER_TICK_MS: '200' });
    moduleRef = await compileOnDatabase(config, {
      imports: [AuditModule, ConnectionsModule, ReconcileModule],
      providers: [ReconcileService, ReadbackSettingsRepository, DriftService],
    });
    db = moduleRef.get(DataSource);
    const fixture = connectionFixture('reconcile-schedule', {
      peoplesoftUrl: 'http://127.0.0.1:9',
      hubspotUrl: url,
      hubspotToken: TOKEN,
    });
    const connection = await moduleRef.get(ConnectionsService).create({
      ...fixture,
      // Polling PeopleSoft is not under test: its cron never comes during the test.
      schedule: { cron: '0 0 1 1 *', timezone: TIME_ZONE },
    });
    connectionId = connection.id;

    // The sync state as the writer leaves it, for records that are in HubSpot.
    client = new HubSpotClient({ accessToken: TOKEN, baseUrl: url });
    await seedSyncedContacts(
      client,
      moduleRef.get(AuditRepository),
      connectionId,
      Array.from({ length: RECORDS }, (_, i) => emplid(i)),
      'Scheduled',
    );
    const edited = hubspot.findObject('contacts', ID, emplid(7));
    assert.ok(edited);
    hubspot.userEdit('contacts', edited.id, { lastname: 'Edited by a rep' });
  });

  after(async () => {
    await client?.close();
    await moduleRef?.close();
    await hubspot?.stop();
    await env?.destroy();
  });

  const bookedSlot = async (): Promise<Date | null> => {
    const rows = (await db.query(
      `SELECT next_reconcile_at FROM readback_settings WHERE connection_id = $1`,
      [connectionId],
    )) as Array<{ next_reconcile_at: Date | null }>;
    return rows[0]?.next_reconcile_at ?? null;
  };

  const reconciliations = async (): Promise<ReconciliationRow[]> =>
    (await db.query(
      `SELECT id, trigger, status, estimated_reads, reads, repairs_queued, counts, error,
              requested_at
         FROM reconciliations WHERE connection_id = $1 ORDER BY requested_at`,
      [connectionId],
    )) as ReconciliationRow[];

  const finished = (rows: ReconciliationRow[]) =>
    rows.filter((r) => r.status === 'succeeded' || r.status === 'failed');

  const spentSince = (before: SimCounters) => {
    const now = hubspot.counterSnapshot();
    const op = (c: SimCounters, kind: string) => c.requestsByOperation[kind] ?? 0;
    return {
      total: now.totalRequests - before.totalRequests,
      lists: op(now, 'list-objects') - op(before, 'list-objects'),
      written:
        now.objectsCreated + now.objectsUpdated - before.objectsCreated - before.objectsUpdated,
    };
  };

  it('a weekly schedule waits for its slot, then is reconciled without a request and booked for the next Sunday 03:00 in the connection’s time zone', async () => {
    const settings = await moduleRef
      .get(ReconcileService)
      .updateSettings(connectionId, { reconcileCron: WEEKLY });
    assert.equal(settings.reconcileCron, WEEKLY);
    assert.equal(settings.nextReconcileAt, null, 'the API stores no slot: the poller books it');

    // A schedule just set only gets its first slot: no reconcile of the portal on a Tuesday.
    const first = await waitFor(
      'the first slot to be booked',
      async () => (await bookedSlot()) ?? undefined,
    );
    assert.equal(localTime(first, TIME_ZONE), 'Sun 03:00:00');
    assert.ok(first.getTime() > Date.now() && first.getTime() <= Date.now() + 7 * 86_400_000);
    assert.deepEqual(await reconciliations(), [], 'nothing reconciled before the slot comes');

    // The slot comes: due-ness is the stored slot against the clock, so move the slot back.
    const before = hubspot.counterSnapshot();
    await db.query(
      `UPDATE readback_settings SET next_reconcile_at = now() - interval '1 second'
        WHERE connection_id = $1`,
      [connectionId],
    );
    const [done] = await waitFor(
      'the scheduled reconciliation to finish',
      async () => {
        const rows = finished(await reconciliations());
        return rows.length > 0 ? rows : undefined;
      },
      20_000,
    );
    assert.ok(done);
    assert.equal(done.status, 'succeeded', done.error ?? '');
    assert.equal(done.trigger, 'schedule');
    const pages = Math.ceil(RECORDS / 100);
    assert.equal(done.estimated_reads, pages, 'the estimate a manual request would show');
    assert.equal(done.reads, pages);
    assert.deepEqual(done.counts, {
      'in-sync': RECORDS - 1,
      edited: 1,
      'archived-deleted': 0,
      merged: 0,
      orphaned: 0,
      missing: 0,
    });
    assert.equal(done.repairs_queued, 1);
    assert.deepEqual(spentSince(before), { total: pages, lists: pages, written: 0 });

    // GET /connections/:id/drift shows it.
    const drift = await moduleRef.get(DriftService).drift(connectionId, 5);
    assert.equal(drift.last?.reconciliationId, done.id);
    assert.equal(drift.last?.trigger, 'schedule');
    assert.equal(drift.last?.counts.edited, 1);
    const example = drift.last?.examples.edited?.[0] as { sourceId: string; action: string };
    assert.equal(example.sourceId, emplid(7));
    assert.match(example.action, /^PeopleSoft values re-sent/);
    assert.equal(drift.current, null, 'no second one queued for the same slot');

    // The repair is on its way through the writer path, as for a manual reconciliation.
    const runs = (await db.query(
      `SELECT trigger, request FROM sync_runs WHERE connection_id = $1 AND status = 'queued'`,
      [connectionId],
    )) as Array<{ trigger: string; request: { sourceIds: Record<string, string[]> } }>;
    assert.deepEqual(
      runs.map((r) => [r.trigger, r.request.sourceIds]),
      [['replay', { employee: [emplid(7)] }]],
    );

    // The next slot is the following Sunday 03:00 Berlin, counted from now, not the old slot.
    const next = await bookedSlot();
    assert.ok(next);
    assert.equal(localTime(next, TIME_ZONE), 'Sun 03:00:00');
    assert.ok(next.getTime() > Date.now() && next.getTime() <= Date.now() + 7 * 86_400_000);
    assert.equal((await reconciliations()).length, 1);
  });

  it('a seconds-field cron reconciles at every slot by itself, and stops when the schedule is removed', async () => {
    const earlier = (await reconciliations()).length;
    await moduleRef
      .get(ReconcileService)
      .updateSettings(connectionId, { reconcileCron: EVERY_TWO_SECONDS });
    const scheduled = await waitFor(
      'two more scheduled reconciliations',
      async () => {
        const rows = finished(await reconciliations()).slice(earlier);
        return rows.length >= 2 ? rows : undefined;
      },
      20_000,
    );
    for (const row of scheduled) {
      assert.equal(row.status, 'succeeded', row.error ?? '');
      assert.equal(row.trigger, 'schedule');
      assert.equal(row.counts['in-sync'], RECORDS - 1);
    }
    const slots = scheduled.map((r) => Math.floor(r.requested_at.getTime() / 2000));
    assert.equal(new Set(slots).size, slots.length, 'one reconciliation per two-second slot');
    const next = await bookedSlot();
    assert.ok(next);
    assert.equal(
      next.getTime() % 2000,
      0,
      `booked on a two-second boundary: ${next.toISOString()}`,
    );

    await moduleRef.get(ReconcileService).updateSettings(connectionId, { reconcileCron: null });
    await waitFor('the last one queued to finish', async () => {
      const rows = await reconciliations();
      return rows.every((r) => r.status === 'succeeded' || r.status === 'failed');
    });
    const settled = (await reconciliations()).length;
    // Several two-second slots pass: none is queued any more.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    assert.equal((await reconciliations()).length, settled);
    assert.equal(await bookedSlot(), null);
  });
});
