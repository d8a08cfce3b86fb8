import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ScheduleModule } from '@nestjs/schedule';
import type { DataSource } from 'typeorm';
import { AuditRepository, RunsRepository, type RecordOutcome } from '@ml/audit';
import { ConnectionsService, nextRunAfter, type ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@ml/testing';
import { PollScheduler } from '../../apps/poller/src/poll-scheduler';
import { outcomeOf } from '../../apps/writer/src/write-batch/batch-decisions';
import { newestByKey, PollerHarness } from './poller-harness';

const USER = 'ML_SYNC';
const PASSWORD = 'full-sync-password';
const WEEKLY = { cron: '0 3 * * 0', timezone: 'Europe/Berlin' };

interface RunRow {
  id: string;
  trigger: string;
  status: string;
  full: boolean;
  emitted: number;
}

/**
 * The scheduled full sync through the poller's own scheduler: its slot comes, the poller queues
 * and runs a full run, and that run sends only what HubSpot (as the writer recorded it) does not
 * hold as it is. The writer is played by the test, which records what it "wrote".
 */
describe('scheduled full sync: re-read everything, send only what differs', () => {
  let env: TestEnvironment;
  let harness: PollerHarness;
  let peoplesoft: PeopleSoftSimulator;
  let connection: ConnectionWithSecrets;
  let db: DataSource;
  const key = (e: { entity: string; sourceId: string }) => `${e.entity}/${e.sourceId}`;

  before(async () => {
    env = await createTestEnvironment('fullsync');
    peoplesoft = new PeopleSoftSimulator({
      employees: 30,
      vendors: 6,
      customers: 5,
      user: USER,
      password: PASSWORD,
    });
    const url = await peoplesoft.start();
    const config = { ...env.config, poller: { ...env.config.poller, tickMs: 200 } };
    harness = await PollerHarness.start(
      env,
      'full-sync-test',
      { imports: [ScheduleModule.forRoot()], providers: [PollScheduler] },
      config,
    );
    db = harness.db;
    connection = await harness.connectTo(
      'full-sync',
      {
        peoplesoftUrl: url,
        oprid: USER,
        password: PASSWORD,
        entities: ['employee', 'vendor', 'customer'],
        maxRows: 10,
        // Yearly: after the first load, only the runs this test asks for happen.
        cron: '0 0 1 1 *',
      },
      (fixture) => ({ ...fixture, fullSyncSchedule: WEEKLY }),
    );
  });

  after(async () => {
    await harness?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  const runs = (): Promise<RunRow[]> =>
    db.query(
      `SELECT id, trigger, status, full_reconciliation AS full, emitted FROM sync_runs
        WHERE connection_id = $1 ORDER BY requested_at`,
      [connection.id],
    );

  /** Waits for the run matching `pick` to end, then for the outbox to empty; answers its events. */
  async function eventsOf(pick: (runs: RunRow[]) => RunRow | undefined): Promise<{
    run: RunRow;
    events: ChangeEvent[];
  }> {
    const run = await waitFor(
      'the run to end',
      async () => {
        const found = pick(await runs());
        return found && found.status !== 'queued' && found.status !== 'running' && found;
      },
      60_000,
    );
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    const events = await harness.drainQueue();
    return { run, events };
  }

  const newest = (events: readonly ChangeEvent[]) => newestByKey(events, key);

  const outcome = (e: ChangeEvent, o: RecordOutcome['outcome']): RecordOutcome =>
    outcomeOf(e, o, {
      hubspotId: o === 'failed' ? null : `hs-${e.sourceId}`,
      errorMessage: o === 'failed' ? 'HubSpot answered 500' : null,
    });

  /** What the test's writer holds: the events it recorded as written, by record. */
  let written = new Map<string, ChangeEvent>();

  it('queues a full run when its slot comes, and sends only the changed, failed and lost records', async () => {
    // The first load, as any new connection gets it at once.
    const first = await eventsOf((all) => all[0]);
    const loaded = newest(first.events);
    assert.ok(loaded.size > 30, `the first load emitted ${loaded.size} records`);

    // The writer wrote everything, except one employee whose write then failed and one customer
    // whose message was lost (no attempt recorded at all).
    const employees = [...loaded.values()].filter((e) => e.entity === 'employee');
    const failed = employees[0] as ChangeEvent;
    const lost = [...loaded.values()].find((e) => e.entity === 'customer') as ChangeEvent;
    const audit = harness.moduleRef.get(AuditRepository);
    written = new Map([...loaded].filter(([k]) => k !== key(lost)));
    await audit.recordOutcomes([...written.values()].map((e) => outcome(e, 'created')));
    await audit.recordOutcomes([outcome(failed, 'failed')]);

    // Three records change in PeopleSoft: two employees and one vendor.
    const changedEmployees = employees.slice(1, 3).map((e) => e.sourceId);
    for (const emplid of changedEmployees) {
      peoplesoft.changeEmployee(emplid, { lastName: `Changed${emplid}` });
    }
    const vendor = peoplesoft.vendors()[0];
    assert.ok(vendor);
    peoplesoft.changeVendor(vendor.setid, vendor.vendorId, { name1: 'Changed Vendor Inc' });

    // The full-sync slot comes; the poller's scheduler does the rest.
    const before = new Date();
    await db.query(
      `UPDATE connections SET next_full_sync_at = now() - interval '1 second' WHERE id = $1`,
      [connection.id],
    );
    const full = await eventsOf((all) => all.find((r) => r.full));
    assert.equal(full.run.trigger, 'schedule');
    const sent = newest(full.events);
    const changedVendor = [...sent.values()].find(
      (e) => e.entity === 'vendor' && String(e.properties.name).startsWith('Changed Vendor Inc'),
    );
    assert.ok(changedVendor, 'the changed vendor was sent');
    const expected = [
      ...changedEmployees.map((id) => `employee/${id}`),
      key(changedVendor),
      key(failed),
      key(lost),
    ].sort();
    assert.deepEqual([...sent.keys()].sort(), expected);
    assert.equal(full.events.length, expected.length, 'each of them once');
    assert.equal(full.run.emitted, expected.length);
    for (const id of changedEmployees) {
      assert.equal(sent.get(`employee/${id}`)?.properties.lastname, `Changed${id}`);
    }
    assert.equal(sent.get(key(failed))?.contentHash, failed.contentHash, 'sent again as it was');
    assert.equal(sent.get(key(lost))?.contentHash, lost.contentHash, 'sent again as it was');

    const [slot]: Array<{ next: Date }> = await db.query(
      `SELECT next_full_sync_at AS next FROM connections WHERE id = $1`,
      [connection.id],
    );
    assert.equal(
      slot?.next.toISOString(),
      nextRunAfter(WEEKLY, before).toISOString(),
      'the next full sync is booked on the schedule',
    );

    // The writer writes what the full sync sent.
    await audit.recordOutcomes([...sent.values()].map((e) => outcome(e, 'updated')));
    for (const [k, e] of sent) written.set(k, e);
  });

  it('on demand: {"full": true} sends nothing once HubSpot holds everything; resend sends all', async () => {
    const requested = harness.moduleRef.get(RunsRepository);
    const connections = harness.moduleRef.get(ConnectionsService);
    const quiet = await requested.enqueue(connection.id, 'manual', { full: true });
    assert.ok(quiet.created);
    await connections.requestRunNow(connection.id);
    const none = await eventsOf((all) => all.find((r) => r.id === quiet.runId));
    assert.deepEqual(none.events, [], 'HubSpot holds every record as PeopleSoft has it');

    const resend = await requested.enqueue(connection.id, 'manual', { full: true, resend: true });
    assert.ok(resend.created);
    await connections.requestRunNow(connection.id);
    const all = await eventsOf((runs) => runs.find((r) => r.id === resend.runId));
    assert.deepEqual([...newest(all.events).keys()].sort(), [...written.keys()].sort());
  });

  it('a full-sync slot that comes while another run is queued waits for it, then runs', async () => {
    const requested = harness.moduleRef.get(RunsRepository);
    const blocking = await requested.enqueue(connection.id, 'manual', {});
    assert.ok(blocking.created);
    await db.query(
      `UPDATE connections SET next_full_sync_at = now() - interval '1 second' WHERE id = $1`,
      [connection.id],
    );
    const fullRunsBefore = (await runs()).filter((r) => r.full).length;
    await harness.moduleRef.get(ConnectionsService).requestRunNow(connection.id);
    await eventsOf((all) => all.find((r) => r.id === blocking.runId));
    const full = await eventsOf((all) => all.filter((r) => r.full)[fullRunsBefore]);
    // Queued only once the other run had ended: one run per connection at a time.
    const [order]: Array<{ after: boolean }> = await db.query(
      `SELECT f.requested_at >= b.finished_at AS after
         FROM sync_runs f, sync_runs b WHERE f.id = $1 AND b.id = $2`,
      [full.run.id, blocking.runId],
    );
    assert.equal(order?.after, true, 'the full sync waited for the run in its way');
    assert.equal(full.run.trigger, 'schedule');
    assert.deepEqual(full.events, [], 'nothing changed since');
  });
});
