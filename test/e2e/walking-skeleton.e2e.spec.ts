import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { EmployeeSnapshot, PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { isSettled as settled, primaryJobs, queueDepths, SyncWorld, waitFor } from '@ml/testing';

const EMPLOYEES = 250;
const TOKEN = 'pat-na1-11111111-2222-4333-8444-555555555555';
const OPRID = 'ML_SYNC';
const PASSWORD = 'e2e-secret-password';

/**
 * The whole path as production runs it: PeopleSoft (simulated) → poller process → RabbitMQ →
 * writer process → HubSpot (simulated), with the audit trail in Postgres and the API up.
 * Expected values come from the simulators' own truth, never from ml-connector's audit.
 */
describe('walking skeleton: employees flow from PeopleSoft to HubSpot', () => {
  let world: SyncWorld;
  let peoplesoft: PeopleSoftSimulator;
  let hubspot: HubSpotSimulator;

  before(async () => {
    world = await SyncWorld.start({
      label: 'e2e',
      employees: EMPLOYEES,
      hubspotToken: TOKEN,
      oprid: OPRID,
      password: PASSWORD,
      cron: '*/2 * * * * *',
      // Small windows force the truncate-and-split path on every full read.
      maxRows: 100,
      apps: ['api', 'poller', 'writer'],
    });
    ({ peoplesoft, hubspot } = world);
  });

  after(async () => {
    await world?.stop();
  });

  it('syncs every employee exactly once, with the mapped properties and an audit row each', async () => {
    const truth = primaryJobs(peoplesoft.employees());
    assert.equal(truth.length, EMPLOYEES);

    const audit = await waitFor(
      'every employee to be synced or rejected, with nothing left in flight',
      async () => {
        // A record can be synced at one version while a later one (a row keyed earlier but in
        // force later, read from an older window) is still on its way: wait for quiescence.
        const [{ runs, outbox }]: Array<{ runs: number; outbox: number }> = await world.db.query(
          `SELECT (SELECT count(*)::int FROM sync_runs WHERE connection_id = $1 AND status = 'succeeded') AS runs,
                  (SELECT count(*)::int FROM outbox) AS outbox`,
          [world.connectionId],
        );
        const depth = (await queueDepths(world.env.vhost.name)).get(
          `${world.env.config.queuePrefix}.changes.hubspot`,
        );
        if (runs === 0 || outbox > 0 || !depth || depth.ready + depth.unacked > 0) return undefined;
        const found = await world.records();
        return truth.every((e) => settled(found.get(e.emplid))) ? found : undefined;
      },
      120_000,
      500,
    );

    const contacts = new Map(
      hubspot.objects('contacts').map((c) => [c.properties.ml_peoplesoft_id, c]),
    );
    assert.deepEqual(hubspot.duplicates(), []);
    let synced = 0;
    for (const employee of truth) {
      const record = audit.get(employee.emplid);
      const contact = contacts.get(employee.emplid);
      if (record?.status === 'invalid') {
        // The generator writes some broken emails on purpose (REFERENCE.md: messy data).
        assert.ok(
          record.last_error?.includes(`EMAIL_ADDR '${employee.email.trim()}'`),
          `${employee.emplid} was rejected for something else: ${record.last_error}`,
        );
        assert.equal(contact, undefined, `${employee.emplid} was rejected yet reached HubSpot`);
        continue;
      }
      synced += 1;
      assert.ok(contact, `${employee.emplid} is synced in the audit but missing in HubSpot`);
      assert.equal(record?.hubspot_id, contact.id);
      assertMapped(employee, contact.properties);
    }
    // A guard against rejecting wholesale: the clean majority must get through.
    assert.ok(synced >= EMPLOYEES * 0.8, `only ${synced} of ${EMPLOYEES} employees synced`);
    assert.equal(contacts.size, synced);

    const attempts: Array<{ n: number }> = await world.db.query(
      `SELECT count(*)::int AS n FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
        WHERE r.connection_id = $1`,
      [world.connectionId],
    );
    assert.ok((attempts[0]?.n ?? 0) >= EMPLOYEES, 'every record has at least one attempt row');
    assert.ok(hubspot.counterSnapshot().maxRequestsInAnyRolling10s <= 190);

    // Every batch upsert the writer made is in the request log, durable with its outcomes.
    const logged: Array<{ status: number; n: number; records: number }> = await world.db.query(
      `SELECT status, count(*)::int AS n, sum(batch_size)::int AS records FROM hubspot_requests
        WHERE connection_id = $1 AND path LIKE '%/batch/upsert' GROUP BY status`,
      [world.connectionId],
    );
    assert.deepEqual(
      logged.map((r) => r.status),
      [200],
    );
    assert.ok((logged[0]?.n ?? 0) >= 3, 'at least three batches');
    assert.ok((logged[0]?.records ?? 0) >= synced);
  });

  it('carries a change made in PeopleSoft to the same HubSpot contact on the next poll', async () => {
    const before = await world.records();
    const target = primaryJobs(peoplesoft.employees()).find(
      (e) => before.get(e.emplid)?.status === 'synced',
    );
    assert.ok(target, 'no synced employee to change');
    const contactId = before.get(target.emplid)?.hubspot_id;
    peoplesoft.changeEmployee(target.emplid, {
      email: 'Changed.Address@Example.COM ',
      firstName: 'Renamed',
    });

    const contact = await waitFor(
      'the changed email to reach HubSpot',
      () => {
        const found = hubspot.findObject('contacts', 'ml_peoplesoft_id', target.emplid);
        return found?.properties.email === 'changed.address@example.com' ? found : undefined;
      },
      60_000,
      250,
    );
    assert.equal(
      contact.id,
      contactId,
      'a changed email must update the contact, never create another',
    );
    assert.equal(contact.properties.firstname, 'Renamed');
    assert.deepEqual(hubspot.duplicates(), []);
  });

  it('serves health and the OpenAPI document', async () => {
    const url = world.apiUrl;
    const health = await fetch(new URL('/health', url));
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string };
    assert.equal(body.status, 'ok');
    const spec = (await (await fetch(new URL('/docs-json', url))).json()) as {
      paths: Record<string, unknown>;
    };
    assert.ok('/health' in spec.paths);
  });

  it('poller and writer answer their health probes and export metrics', async () => {
    for (const base of [world.opsUrl('poller'), world.opsUrl('writer')]) {
      assert.equal((await fetch(`${base}/health/live`)).status, 200);
      const ready = await fetch(`${base}/health/ready`);
      assert.equal(ready.status, 200, await ready.text());
      const metrics = await (await fetch(`${base}/metrics`)).text();
      assert.match(metrics, /^# TYPE ml_records_total counter$/m);
      assert.match(metrics, /^ml_queue_messages\{queue="ml\.changes\.hubspot"\} \d+$/m);
    }
    const poller = await (await fetch(`${world.opsUrl('poller')}/metrics`)).text();
    assert.match(poller, /^ml_poll_duration_seconds_count\{status="succeeded"\} [1-9]\d*$/m);
    assert.match(poller, /^ml_outbox_rows \d+$/m);
    const writer = await (await fetch(`${world.opsUrl('writer')}/metrics`)).text();
    assert.match(writer, /^ml_records_total\{entity="employee",outcome="created"\} [1-9]\d*$/m);
    assert.match(writer, /^ml_end_to_end_lag_seconds_count\{entity="employee"\} [1-9]\d*$/m);
    assert.match(
      writer,
      /^ml_hubspot_requests_total\{operation="batch_upsert",status="2xx"\} [1-9]\d*$/m,
    );
  });

  it('never prints a secret', () => {
    for (const app of world.apps) {
      for (const secret of [TOKEN, PASSWORD]) {
        assert.equal(app.output().includes(secret), false, `${app.name} printed a secret`);
      }
    }
  });
});

function assertMapped(employee: EmployeeSnapshot, properties: Record<string, string>): void {
  const who = `employee ${employee.emplid}`;
  assert.equal(properties.firstname, employee.firstName.trim(), who);
  assert.equal(properties.lastname, employee.lastName.trim(), who);
  if (employee.email.trim())
    assert.equal(properties.email, employee.email.trim().toLowerCase(), who);
  if (employee.jobTitle.trim()) assert.equal(properties.jobtitle, employee.jobTitle.trim(), who);
}
