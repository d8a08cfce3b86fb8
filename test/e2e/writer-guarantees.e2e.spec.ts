import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotClient } from '@ml/hubspot';
import { HubSpotSimulator, type FaultSettings } from '@ml/hubspot-simulator';
import { ConfirmPublisher } from '@ml/messaging';
import { connectForTest } from '../../libs/messaging/src/testing/connect-for-test';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  employeeEvent,
  publishEvents,
  queueDepths,
  startApp,
  waitFor,
  type AppProcess,
  type TestEnvironment,
} from '@ml/testing';

interface Scenario {
  readonly connectionId: string;
  readonly hubspot: HubSpotSimulator;
  readonly token: string;
}

interface RecordRow {
  source_id: string;
  status: string;
  hubspot_id: string | null;
  last_error: string | null;
}

/**
 * The writer's promises, proven on the real processes: events are published straight to the
 * queue (no poller), one or two writer processes consume them, and HubSpot is the simulator.
 */
describe('writer: exactly-once effects within HubSpot limits', () => {
  let env: TestEnvironment;
  let moduleRef: TestingModule;
  let db: DataSource;
  let publisher: ConfirmPublisher;
  let closeBroker: () => Promise<void>;
  const simulators: HubSpotSimulator[] = [];

  before(async () => {
    env = await createTestEnvironment('writer');
    moduleRef = await compileOnDatabase(env.config, { imports: [ConnectionsModule] });
    db = moduleRef.get(DataSource);
    const { connection } = await connectForTest(env.vhost.url, { prefix: env.config.queuePrefix });
    publisher = new ConfirmPublisher(connection);
    closeBroker = () => connection.close();
  });

  after(async () => {
    await closeBroker?.();
    await moduleRef?.close();
    await Promise.all(simulators.map((s) => s.stop()));
    await env?.destroy();
  });

  async function scenario(
    name: string,
    options: { limit?: number; dailyLimit?: number; faults?: Partial<FaultSettings> } = {},
  ): Promise<Scenario> {
    const token = `pat-na1-${randomUUID()}`;
    const hubspot = new HubSpotSimulator({
      tokens: [token],
      requestsPer10s: options.limit ?? 190,
      dailyLimit: options.dailyLimit,
      faults: options.faults,
    });
    simulators.push(hubspot);
    const url = await hubspot.start();
    const connection = await moduleRef.get(ConnectionsService).create(
      connectionFixture(name, {
        peoplesoftUrl: 'http://127.0.0.1:9',
        hubspotUrl: url,
        hubspotToken: token,
        requestsPer10Seconds: options.limit ?? 190,
        // The poller is not running here; the schedule never matters.
        cron: '0 0 1 1 *',
      }),
    );
    return { connectionId: connection.id, hubspot, token };
  }

  function writers(count: number, extra: NodeJS.ProcessEnv = {}): AppProcess[] {
    return Array.from({ length: count }, (_, i) =>
      startApp(
        'writer',
        { ...env.env, LOG_LEVEL: 'info', HEALTH_PORT: '0', WRITER_LINGER_MS: '50', ...extra },
        `writer-${i + 1}`,
      ),
    );
  }

  async function started(apps: AppProcess[]): Promise<AppProcess[]> {
    await Promise.all(apps.map((app) => app.waitForOutput(/writer consuming/)));
    return apps;
  }

  async function publish(
    s: Scenario,
    count: number,
    email = (i: number) => `person${i}@example.com`,
    version = 1,
  ) {
    const runId = randomUUID();
    const events = Array.from({ length: count }, (_, i) =>
      employeeEvent({
        connectionId: s.connectionId,
        emplid: `E${i}`,
        properties: { firstname: `First${i}`, lastname: `Last${i}`, email: email(i) },
        version,
        runId,
      }),
    );
    await publishEvents(publisher, events);
  }

  /** Messages ready in a queue, as the broker counts them now. */
  async function messagesReady(queue: string): Promise<number> {
    const broker = await connect(env.vhost.url);
    try {
      const channel = await broker.createChannel();
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await broker.close();
    }
  }

  async function records(s: Scenario): Promise<Map<string, RecordRow>> {
    const rows: RecordRow[] = await db.query(
      `SELECT source_id, status, hubspot_id, last_error FROM sync_records WHERE connection_id = $1`,
      [s.connectionId],
    );
    return new Map(rows.map((r) => [r.source_id, r]));
  }

  async function settled(
    s: Scenario,
    count: number,
    timeoutMs = 90_000,
  ): Promise<Map<string, RecordRow>> {
    return waitFor(
      `${count} records settled with an empty queue`,
      async () => {
        const found = await records(s);
        if (found.size < count || [...found.values()].some((r) => r.status === 'pending'))
          return undefined;
        const depth = (await queueDepths(env.vhost.name)).get(
          `${env.config.queuePrefix}.changes.hubspot`,
        );
        return depth && depth.ready === 0 && depth.unacked === 0 ? found : undefined;
      },
      timeoutMs,
      250,
    );
  }

  /** The contacts ml-connector wrote (a rep's hand-made contact has no PeopleSoft id). */
  const contactsById = (s: Scenario) =>
    new Map(
      s.hubspot
        .objects('contacts')
        .filter((c) => c.properties.ml_peoplesoft_id)
        .map((c) => [c.properties.ml_peoplesoft_id, c]),
    );

  it("writes the 97 valid records of a batch with 3 invalid ones, and fails each invalid one with HubSpot's reason", async () => {
    const s = await scenario('three-invalid');
    const bad = new Set([7, 42, 93]);
    const apps = await started(writers(1, { WRITER_LINGER_MS: '2000' }));
    try {
      await publish(s, 100, (i) => (bad.has(i) ? `person${i}@` : `person${i}@example.com`));
      const found = await settled(s, 100);
      const contacts = contactsById(s);
      assert.equal(contacts.size, 97);
      for (const i of bad) {
        const r = found.get(`E${i}`);
        assert.equal(r?.status, 'failed');
        assert.match(r?.last_error ?? '', /Email address person\d+@ is invalid/);
      }
      const upserts = s.hubspot.counterSnapshot().requestsByStatus;
      const calls = Object.values(upserts).reduce((a, b) => a + b, 0);
      // Bisection: k invalid among n cost O(k log n) calls, far below one call per record.
      assert.ok(calls <= 3 * 2 * Math.ceil(Math.log2(100)) + 10, `${calls} HubSpot calls`);
      const attempts: Array<{ correlation_id: string | null }> = await db.query(
        `SELECT a.correlation_id FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
          WHERE r.connection_id = $1 AND a.outcome = 'failed'`,
        [s.connectionId],
      );
      assert.equal(attempts.length, 3);
      assert.ok(
        attempts.every((a) => a.correlation_id),
        "each failure keeps HubSpot's correlation id",
      );
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('a shared email fails only the record that repeats it, and says who holds the address', async () => {
    const s = await scenario('shared-email');
    // A rep created a contact by hand with an address PeopleSoft also has (E5's).
    const rep = new HubSpotClient({ accessToken: s.token, baseUrl: s.hubspot.url });
    await rep.batchUpsert('contacts', [
      {
        id: 'person5@example.com',
        idProperty: 'email',
        properties: { email: 'person5@example.com', firstname: 'Rep' },
      },
    ]);
    await rep.close();
    const apps = await started(writers(1, { WRITER_LINGER_MS: '2000' }));
    try {
      // E3 and E8 share an address in PeopleSoft, as two employees sometimes do.
      await publish(s, 20, (i) => (i === 8 ? 'person3@example.com' : `person${i}@example.com`));
      const found = await settled(s, 20);
      const failed = [...found.values()]
        .filter((r) => r.status === 'failed')
        .sort((a, b) => a.source_id.localeCompare(b.source_id));
      assert.deepEqual(
        failed.map((r) => r.source_id),
        ['E5', 'E8'],
      );
      assert.match(
        failed[0]?.last_error ?? '',
        /already exists/i,
        "HubSpot's own answer for the hand-made contact",
      );
      assert.match(
        failed[1]?.last_error ?? '',
        /person3@example\.com is also used by PeopleSoft record E3/,
      );
      assert.equal(contactsById(s).size, 18);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('two writer processes share one rate limit: never more than the limit in any 10 s, no 429', async () => {
    const s = await scenario('shared-limit', { limit: 20 });
    const apps = await started(writers(2));
    try {
      await publish(s, 2_500);
      await settled(s, 2_500, 120_000);
      const counters = s.hubspot.counterSnapshot();
      assert.equal(counters.rateLimited, 0);
      assert.ok(
        counters.maxRequestsInAnyRolling10s <= 20,
        `${counters.maxRequestsInAnyRolling10s} requests in 10 s`,
      );
      assert.equal(contactsById(s).size, 2_500);
      assert.deepEqual(s.hubspot.duplicates(), []);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('keeps writing with more batches in flight than ten Postgres connections', async () => {
    // Each batch holds a connection for its transaction and needs another for the rate limit:
    // with a fixed pool of 10, sixteen batches in flight held all ten and waited forever.
    const s = await scenario('many-in-flight', { limit: 100_000 });
    const apps = await started(
      writers(1, { WRITER_CONCURRENCY: '16', WRITER_BATCH_SIZE: '10', WRITER_LINGER_MS: '20' }),
    );
    try {
      await publish(s, 2_000);
      const found = await settled(s, 2_000, 60_000);
      assert.ok([...found.values()].every((r) => r.status === 'synced'));
      assert.equal(contactsById(s).size, 2_000);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('rides out a 429 storm and 5xx answers without losing or duplicating a record', async () => {
    const s = await scenario('storm', {
      faults: {
        rateLimitFraction: 0.3,
        rateLimitRetryAfterSeconds: null,
        serverErrorFraction: 0.1,
      },
    });
    const apps = await started(writers(1));
    try {
      await publish(s, 600);
      const found = await settled(s, 600, 120_000);
      assert.ok(
        [...found.values()].every((r) => r.status === 'synced'),
        'every record synced',
      );
      assert.equal(contactsById(s).size, 600);
      assert.deepEqual(s.hubspot.duplicates(), []);
      assert.ok(s.hubspot.counterSnapshot().rateLimited > 0, 'the storm happened');
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('a writer SIGKILLed mid-batch loses nothing and duplicates nothing once another takes over', async () => {
    const s = await scenario('killed', { faults: { latencyMs: 300 } });
    const [victim] = await started(writers(1, { WRITER_CONCURRENCY: '2' }));
    assert.ok(victim);
    await publish(s, 800);
    await waitFor(
      'the first contacts to arrive',
      () => s.hubspot.objects('contacts').length > 0,
      30_000,
    );
    await victim.kill();
    const [survivor] = await started(writers(1));
    try {
      const found = await settled(s, 800, 120_000);
      assert.ok([...found.values()].every((r) => r.status === 'synced'));
      assert.equal(contactsById(s).size, 800);
      assert.deepEqual(s.hubspot.duplicates(), []);
    } finally {
      await survivor?.stop();
    }
  });

  it('a revoked token stops the connection with a clear reason; the records wait in the audit trail', async () => {
    const s = await scenario('revoked');
    s.hubspot.revokeToken(s.token);
    const apps = await started(writers(1));
    try {
      await publish(s, 50);
      const found = await settled(s, 50);
      assert.ok([...found.values()].every((r) => r.status === 'failed'));
      const [connection]: Array<{ attention: string | null }> = await db.query(
        `SELECT attention FROM connections WHERE id = $1`,
        [s.connectionId],
      );
      assert.match(connection?.attention ?? '', /HubSpot refused the connection's token/);
      assert.equal(contactsById(s).size, 0);
      for (const app of apps)
        assert.equal(app.output().includes(s.token), false, 'the token is never logged');
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });

  it('near the daily limit every writer pauses until midnight in the portal time zone, failing nothing', async () => {
    // 5,000 records need about 63 calls (bootstrap and 50 batches); the day allows 40.
    const s = await scenario('daily-limit', { dailyLimit: 40 });
    const prefetch = 1_000;
    const apps = await started(writers(1, { WRITER_PREFETCH: String(prefetch) }));
    try {
      await publish(s, 5_000);
      const pause = await waitFor(
        'the writers to pause for the day',
        async () => {
          const [row]: Array<{ paused_until: Date; pause_reason: string }> = await db.query(
            `SELECT paused_until, pause_reason FROM hubspot_rate_buckets WHERE paused_until > now()`,
          );
          return row;
        },
        60_000,
        250,
      );
      assert.match(
        pause.pause_reason,
        /HubSpot daily limit reached .*: paused until \d{4}-\d{2}-\d{2} 00:00 US\/Eastern/,
      );
      assert.ok(pause.paused_until.getTime() > Date.now());
      // Nothing is failed for a limit that resets, and nothing more reaches HubSpot.
      const sentBefore = s.hubspot.counterSnapshot().totalRequests;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(s.hubspot.counterSnapshot().totalRequests, sentBefore);
      assert.ok(s.hubspot.counterSnapshot().totalRequests <= 40);
      const failed = [...(await records(s)).values()].filter((r) => r.status === 'failed');
      assert.deepEqual(failed, []);
      // Counted by the broker itself (a passive declare): list_queues' quorum-queue figures lag
      // by seconds, and the writer reaches the daily reserve within one.
      const waiting = await messagesReady(`${env.config.queuePrefix}.changes.hubspot`);
      const written = contactsById(s).size;
      assert.ok(written < 5_000);
      // The writer holds at most its prefetch unacked; everything else waits, and none of it
      // was dead-lettered by requeues while the portal was paused.
      assert.ok(waiting >= 5_000 - written - prefetch, `only ${waiting} wait, ${written} written`);
      assert.equal(await messagesReady(`${env.config.queuePrefix}.changes.dead`), 0);
    } finally {
      // A writer waiting for midnight still stops at once, returning its messages to the queue.
      const codes = await Promise.all(apps.map((a) => a.stop(20_000)));
      // Its messages would wait for midnight: the connection goes, and with it their reason to.
      await db.query(`DELETE FROM connections WHERE id = $1`, [s.connectionId]);
      assert.deepEqual(codes, [0]);
    }
  });
});
