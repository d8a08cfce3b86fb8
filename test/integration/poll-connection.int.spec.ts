import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import { AuditModule } from '@ml/audit';
import { ConnectionsModule, ConnectionsService, type ConnectionWithSecrets } from '@ml/connections';
import { MessagingModule, type ChangeEvent } from '@ml/messaging';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { OpsModule } from '@ml/runtime';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  waitFor,
  type TestEnvironment,
} from '@ml/testing';
import { OutboxRelay } from '../../apps/poller/src/outbox-relay/outbox-relay';
import { OutboxRepository } from '../../apps/poller/src/outbox-relay/outbox.repository';
import { ChangeSourceFactory } from '../../apps/poller/src/poll-connection/change-source.factory';
import { PollConnectionUseCase } from '../../apps/poller/src/poll-connection/poll-connection.usecase';
import type { PollOutcome } from '../../apps/poller/src/poll-connection/poll-connection.command';
import { PollStateRepository } from '../../apps/poller/src/poll-connection/poll-state.repository';
import { RecordMapperFactory } from '../../apps/poller/src/poll-connection/record-mapper.factory';

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
  let moduleRef: TestingModule;
  let peoplesoft: PeopleSoftSimulator;
  let connection: ConnectionWithSecrets;
  let poller: PollConnectionUseCase;
  let relay: OutboxRelay;
  let db: DataSource;
  let broker: ChannelModel;
  let channel: Channel;

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
    moduleRef = await compileOnDatabase(env.config, {
      imports: [AuditModule, ConnectionsModule, MessagingModule.forApp('poll-test'), OpsModule],
      providers: [
        PollConnectionUseCase,
        PollStateRepository,
        ChangeSourceFactory,
        RecordMapperFactory,
        OutboxRelay,
        OutboxRepository,
      ],
    });
    const connections = moduleRef.get(ConnectionsService);
    const created = await connections.create(
      connectionFixture('poll', {
        peoplesoftUrl: url,
        hubspotUrl: 'http://127.0.0.1:9',
        hubspotToken: 'pat-na1-not-used-here',
        oprid: USER,
        password: PASSWORD,
        entities: ['employee', 'vendor', 'customer'],
        // Small windows: every full read goes through truncation and splitting.
        maxRows: 10,
      }),
    );
    connection = (await connections.withSecrets(created.id)) as ConnectionWithSecrets;
    poller = moduleRef.get(PollConnectionUseCase);
    relay = moduleRef.get(OutboxRelay);
    db = moduleRef.get(DataSource);
    broker = await connect(env.vhost.url);
    channel = await broker.createChannel();
  });

  after(async () => {
    await broker?.close();
    await moduleRef?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  /** One poll, then everything it emitted, as the writer would receive it. */
  async function poll(
    now = new Date(),
    holder = 'test-poller',
  ): Promise<{ outcome: PollOutcome; events: ChangeEvent[] }> {
    const outcome = await poller.execute({ connection, holder, now }, 30);
    await relay.drainOnce();
    // The relay's own loop may be publishing a share of the rows: a row leaves the outbox only
    // once the broker confirmed it, so an empty outbox means everything is in the queue.
    await waitFor('the outbox to empty', async () => {
      const [row]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM outbox`);
      return row?.n === 0;
    });
    const events: ChangeEvent[] = [];
    for (;;) {
      const message = await channel.get(`${env.config.queuePrefix}.changes.hubspot`, {
        noAck: true,
      });
      if (!message) break;
      events.push(JSON.parse(message.content.toString('utf8')) as ChangeEvent);
    }
    return { outcome, events };
  }

  /** The last event per record: what HubSpot ends up with once the writer is done. */
  const latest = (events: readonly ChangeEvent[]) => {
    const byId = new Map<string, ChangeEvent>();
    for (const e of events) {
      const held = byId.get(e.sourceId);
      if (!held || e.sourceVersion > held.sourceVersion) byId.set(e.sourceId, e);
    }
    return byId;
  };

  const primaryJobs = () => {
    const primary = new Map<string, ReturnType<PeopleSoftSimulator['employees']>[number]>();
    for (const s of peoplesoft.employees()) if (!primary.has(s.emplid)) primary.set(s.emplid, s);
    return primary;
  };

  it('an initial load emits every record, ending on the row in force for each employee', async () => {
    const { outcome, events } = await poll();
    assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
    const byId = latest(events);
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
    await relay.drainOnce();
  });
});
