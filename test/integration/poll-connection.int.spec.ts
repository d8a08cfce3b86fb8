import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { createTestEnvironment, type TestEnvironment } from '@ml/testing';
import type { PollConnectionUseCase } from '../../apps/poller/src/poll-connection/poll-connection.usecase';
import type { PollOutcome } from '../../apps/poller/src/poll-connection/poll-connection.command';
import { newestByKey, PollerHarness } from './poller-harness';

const USER = 'ML_SYNC';
const PASSWORD = 'poll-test-password';
const DAY_MS = 86_400_000;

/**
 * The poller's rules on the real Postgres and RabbitMQ against the PeopleSoft simulator, with
 * the clock under the test's control: one poll is one call, and what it emitted is read back
 * from the queue.
 */
describe('polling PeopleSoft: changes, not snapshots', () => {
  let env: TestEnvironment;
  let harness: PollerHarness;
  let peoplesoft: PeopleSoftSimulator;
  let connection: ConnectionWithSecrets;
  let poller: PollConnectionUseCase;
  let db: DataSource;

  before(async () => {
    env = await createTestEnvironment('poll');
    peoplesoft = new PeopleSoftSimulator({
      employees: 40,
      vendors: 8,
      customers: 6,
      user: USER,
      password: PASSWORD,
    });
    const url = await peoplesoft.start();
    harness = await PollerHarness.start(env, 'poll-test');
    connection = await harness.connectTo('poll', {
      peoplesoftUrl: url,
      oprid: USER,
      password: PASSWORD,
      entities: ['employee', 'vendor', 'customer'],
      // Small windows: every full read goes through truncation and splitting.
      maxRows: 10,
    });
    ({ poller, db } = harness);
  });

  after(async () => {
    await harness?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  /** One poll, then everything it emitted, as the writer would receive it. */
  async function poll(
    now = new Date(),
    holder = 'test-poller',
  ): Promise<{ outcome: PollOutcome; events: ChangeEvent[] }> {
    const outcome = await poller.execute({ connection, holder, now }, 30);
    const events = await harness.drainQueue();
    return { outcome, events };
  }

  const primaryJobs = () => {
    const primary = new Map<string, ReturnType<PeopleSoftSimulator['employees']>[number]>();
    for (const s of peoplesoft.employees()) if (!primary.has(s.emplid)) primary.set(s.emplid, s);
    return primary;
  };

  it('an initial load emits every record, ending on the row in force for each employee', async () => {
    const { outcome, events } = await poll();
    assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
    const byId = newestByKey(events);
    const rejected: Array<{ source_id: string }> = await db.query(
      `SELECT source_id FROM sync_records WHERE connection_id = $1 AND status = 'invalid'`,
      [connection.id],
    );
    const invalid = new Set(rejected.map((r) => r.source_id));
    for (const [emplid, truth] of primaryJobs()) {
      if (invalid.has(emplid)) continue;
      const event = byId.get(emplid);
      assert.ok(event, `${emplid} was never emitted`);
      assert.equal(event.properties.ml_employment_status, truth.emplStatus, emplid);
      assert.equal(event.properties.jobtitle ?? '', truth.jobTitle.trim(), emplid);
      assert.equal(
        event.lifecycle,
        ['A', 'L', 'P', 'S', 'W'].includes(truth.emplStatus) ? 'active' : 'terminated',
      );
    }
    const companies = [...byId.values()].filter((e) => e.objectType === 'companies');
    assert.ok(companies.some((e) => e.sourceId.startsWith('vendor:')));
    assert.ok(companies.some((e) => e.sourceId.startsWith('customer:')));
    const [run]: Array<{ windows: unknown[] }> = await db.query(
      `SELECT windows FROM sync_runs WHERE id = $1`,
      [outcome.status === 'succeeded' ? outcome.runId : null],
    );
    assert.ok((run?.windows.length ?? 0) > 3, 'full windows were split and read again');
  });

  it('polling again with nothing changed emits nothing: overlap repeats are dropped by hash', async () => {
    const { outcome, events } = await poll();
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(events, []);
  });

  it('a change made in PeopleSoft is emitted once, with the next version of that record', async () => {
    const emplid = [...primaryJobs().keys()][3] as string;
    const [before]: Array<{ version: string }> = await db.query(
      `SELECT version FROM source_records WHERE connection_id = $1 AND entity = 'employee' AND source_id = $2`,
      [connection.id, emplid],
    );
    peoplesoft.changeEmployee(emplid, { firstName: 'Renamed' });
    const { events } = await poll();
    assert.deepEqual(
      events.map((e) => [e.sourceId, e.properties.firstname, e.sourceVersion]),
      [[emplid, 'Renamed', Number(before?.version) + 1]],
    );
  });

  it('a termination keyed today but effective tomorrow waits for tomorrow, then is emitted', async () => {
    const emplid = [...primaryJobs().entries()].find(([, s]) => s.emplStatus === 'A')?.[0];
    assert.ok(emplid);
    const today = peoplesoft.now().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    peoplesoft.terminate(emplid, { effdt: tomorrow });

    const sameDay = await poll();
    assert.equal(
      sameDay.events.find((e) => e.sourceId === emplid),
      undefined,
      'not applied early',
    );
    const [deferred]: Array<{ n: number }> = await db.query(
      `SELECT count(*)::int AS n FROM deferred_rows WHERE connection_id = $1 AND source_id = $2`,
      [connection.id, emplid],
    );
    assert.equal(deferred?.n, 1);

    const nextDay = await poll(new Date(Date.now() + DAY_MS));
    const termination = nextDay.events.find((e) => e.sourceId === emplid);
    assert.ok(termination, 'emitted on the day it takes effect');
    assert.equal(termination.lifecycle, 'terminated');
    assert.equal(termination.properties.ml_employment_status, 'T');
  });

  it('a PeopleSoft error ends the run with the cause and the fix; the watermark stays for the retry', async () => {
    const watermarks = async () =>
      (await db.query(
        `SELECT entity, last_updated FROM source_watermarks WHERE connection_id = $1 ORDER BY entity`,
        [connection.id],
      )) as unknown[];
    const held = await watermarks();
    peoplesoft.setFaults({ routingErrors: { count: 3 } });
    const failed = await poll();
    assert.equal(failed.outcome.status, 'failed');
    assert.ok(failed.outcome.status === 'failed' && failed.outcome.errors.length > 0);
    const message = failed.outcome.status === 'failed' ? failed.outcome.errors.join(' ') : '';
    assert.match(message, /routing|service operation|node/i);
    assert.equal(message.includes(PASSWORD), false, 'never the password');
    assert.deepEqual(await watermarks(), held);

    peoplesoft.setFaults({ reset: true });
    const changed = [...primaryJobs().keys()][3] as string; // known to map cleanly (see above)
    peoplesoft.changeEmployee(changed, { lastName: 'Retried' });
    const retried = await poll();
    assert.equal(retried.outcome.status, 'succeeded');
    assert.ok(
      retried.events.some((e) => e.sourceId === changed && e.properties.lastname === 'Retried'),
      JSON.stringify({ changed, retried }),
    );
  });

  it('a row committed after later rows were already read is caught by the overlap', async () => {
    peoplesoft.setFaults({ lateCommitSeconds: 2 });
    const late = peoplesoft.hire({
      firstName: 'Late',
      lastName: 'Commit',
      email: 'late.commit@example.com',
    });
    peoplesoft.setFaults({ lateCommitSeconds: 0 });
    // A row stamped after the late one, visible at once: the watermark moves past the late row.
    const early = [...primaryJobs().keys()][6] as string;
    peoplesoft.changeEmployee(early, { lastName: 'Visible' });
    const first = await poll();
    assert.ok(first.events.some((e) => e.sourceId === early));
    assert.equal(
      first.events.find((e) => e.sourceId === late.emplid),
      undefined,
      'not visible yet',
    );

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const second = await poll();
    assert.ok(
      second.events.some((e) => e.sourceId === late.emplid),
      'the overlap re-read found it',
    );
  });

  it('two pollers racing on one connection: one polls, the other is told it is busy', async () => {
    // A slow PeopleSoft keeps the first poll holding its lease while the second one asks.
    peoplesoft.setFaults({ latencyMs: 300 });
    const [a, b] = await Promise.all([
      poller.execute({ connection, holder: 'poller-a', now: new Date() }, 30),
      poller.execute({ connection, holder: 'poller-b', now: new Date() }, 30),
    ]);
    peoplesoft.setFaults({ reset: true });
    assert.deepEqual([a.status, b.status].sort(), ['busy', 'succeeded']);
    await harness.drainQueue();
  });
});
