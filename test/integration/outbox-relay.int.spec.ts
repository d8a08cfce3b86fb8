import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { DataSource } from 'typeorm';
import { AuditModule } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { OutboxPayloadText1764740000000 } from '../../libs/database/src/migrations/1764740000000-OutboxPayloadText';
import { ConfirmPublisher, MessagingModule, type ChangeEvent } from '@ml/messaging';
import { Metrics, OpsModule } from '@ml/runtime';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  type TestEnvironment,
} from '@ml/testing';
import { OutboxRelay } from '../../apps/poller/src/outbox-relay/outbox-relay';
import {
  OutboxRepository,
  type OutboxMessage,
} from '../../apps/poller/src/outbox-relay/outbox.repository';
import {
  PollStateRepository,
  type Lease,
  type UnversionedEvent,
  type WindowCommit,
} from '../../apps/poller/src/poll-connection/poll-state.repository';
import { unversionedEvent, windowCommit } from './window-commit-fixtures';

/**
 * The outbox from both ends: what a window commit stores, and what the relay publishes of it.
 * The relay is built by hand and never bootstrapped, so no loop of its own races the tests.
 */
let env: TestEnvironment;
let moduleRef: TestingModule;
let state: PollStateRepository;
let outbox: OutboxRepository;
let relay: OutboxRelay;
let ds: DataSource;
let broker: ChannelModel;
let channel: Channel;
let connectionId: string;
let lease: Lease;

before(async () => {
  env = await createTestEnvironment('outbox');
  moduleRef = await compileOnDatabase(env.config, {
    imports: [AuditModule, ConnectionsModule, MessagingModule.forApp('outbox-test'), OpsModule],
    providers: [PollStateRepository, OutboxRepository],
  });
  state = moduleRef.get(PollStateRepository);
  outbox = moduleRef.get(OutboxRepository);
  relay = new OutboxRelay(
    outbox,
    moduleRef.get(ConfirmPublisher),
    moduleRef.get(Metrics),
    env.config,
  );
  ds = moduleRef.get(DataSource);
  broker = await connect(env.vhost.url);
  channel = await broker.createChannel();
  connectionId = (
    await moduleRef.get(ConnectionsService).create(
      connectionFixture('outbox', {
        peoplesoftUrl: 'http://127.0.0.1:1',
        hubspotUrl: 'http://127.0.0.1:2',
        hubspotToken: 'pat-na1-o',
      }),
    )
  ).id;
  const held = await state.acquireLease(connectionId, 'outbox-test', 600);
  assert.ok(held);
  lease = held;
});
after(async () => {
  await broker?.close();
  await moduleRef?.close();
  await env?.destroy();
});
beforeEach(async () => {
  await ds.query(`DELETE FROM outbox`);
});

const event = (
  sourceId: string,
  properties: Record<string, string> = { firstname: sourceId },
  correlationId = 'run-1',
): UnversionedEvent =>
  unversionedEvent(connectionId, sourceId, { properties, runId: correlationId, correlationId });

const commit = (events: UnversionedEvent[]): WindowCommit =>
  windowCommit(connectionId, lease, events, { force: true });

interface OutboxRow {
  message_id: string;
  routing_key: string;
  payload: string;
  headers: Record<string, string>;
}

const rows = (): Promise<OutboxRow[]> =>
  ds.query(`SELECT message_id, routing_key, payload, headers FROM outbox ORDER BY id`);

/** What the writer would receive, read straight off the work queue. */
async function queued(): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(`${env.config.queuePrefix}.changes.hubspot`, {
      noAck: true,
    });
    if (!message) return messages;
    messages.push(message);
  }
}

/** Values JSON has to escape, a raw newline (the payloads travel a line each) first. */
const awkward = {
  firstname: 'line\nbreak\r\ttab',
  lastname: 'quote " backslash \\ slash /',
  jobtitle: 'nul \u0000 bell \u0007 separators \u2028\u2029',
  ml_department: 'Øyvind 😀 lone \ud800 surrogate',
};

test('a commit stores each event as its JSON text, with its run in the headers', async () => {
  await state.commitWindow(
    commit([event('A1', awkward), event('A2'), event('B1', undefined, 'run-2')]),
  );
  const stored = await rows();
  assert.deepEqual(
    stored.map((r) => r.message_id),
    ['event-A1', 'event-A2', 'event-B1'],
  );
  for (const row of stored) {
    const parsed = JSON.parse(row.payload) as ChangeEvent;
    assert.equal(parsed.eventId, row.message_id, 'each payload sits on its own message id');
    assert.equal(row.payload, JSON.stringify(parsed), 'stored as JSON.stringify wrote it');
    assert.equal(row.routing_key, 'change.employee');
    assert.deepEqual(Object.keys(row.headers).sort(), ['correlation-id', 'emitted-at']);
    assert.equal(row.headers['correlation-id'], parsed.correlationId);
    assert.match(row.headers['emitted-at'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  assert.deepEqual(
    stored.map((r) => r.headers['correlation-id']),
    ['run-1', 'run-1', 'run-2'],
  );
  assert.equal(
    new Set(stored.map((r) => r.headers['emitted-at'])).size,
    1,
    'one commit, one emission time',
  );
  assert.deepEqual((JSON.parse(stored[0]?.payload ?? '') as ChangeEvent).properties, awkward);
  assert.equal((JSON.parse(stored[0]?.payload ?? '') as ChangeEvent).sourceVersion, 1);
});

test('the relay publishes the stored bytes, headers, id and routing key as they are', async () => {
  await state.commitWindow(commit([event('P1', awkward), event('P2'), event('P3')]));
  const stored = await rows();
  assert.equal(await relay.drainOnce(), 3);
  assert.equal(await outbox.pendingCount(), 0);
  const messages = await queued();
  assert.equal(messages.length, 3);
  messages.forEach((message, i) => {
    const row = stored[i];
    assert.ok(row);
    assert.ok(message.content.equals(Buffer.from(row.payload, 'utf8')), 'body byte for byte');
    assert.equal(message.properties.messageId, row.message_id);
    assert.equal(message.fields.routingKey, row.routing_key);
    // The quorum queue adds x-delivery-count; the rest is what the poller stored.
    const { 'x-delivery-count': _count, ...headers } = message.properties.headers ?? {};
    assert.deepEqual(headers, row.headers);
    assert.equal(message.properties.contentType, 'application/json');
    assert.equal(message.properties.deliveryMode, 2);
  });
  const received = JSON.parse(messages[0]?.content.toString('utf8') ?? '') as ChangeEvent;
  assert.deepEqual(received.properties, awkward);
});

test('rows whose delivery failed stay queued, and go out with the next drain', async () => {
  await state.commitWindow(commit([event('F1'), event('F2'), event('F3')]));
  const failing = outbox.drain(10, () => Promise.reject(new Error('broker nacked')));
  await assert.rejects(failing, /broker nacked/);
  assert.deepEqual(
    (await rows()).map((r) => r.message_id),
    ['event-F1', 'event-F2', 'event-F3'],
  );
  const delivered: string[] = [];
  assert.equal(
    await outbox.drain(10, async (messages) => {
      delivered.push(...messages.map((m) => m.messageId));
    }),
    3,
  );
  assert.deepEqual(delivered, ['event-F1', 'event-F2', 'event-F3'], 'in outbox order');
  assert.equal(await outbox.pendingCount(), 0);
});

test('two relays drain at once without sharing a row', async () => {
  await state.commitWindow(commit(['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => event(id))));
  let firstClaimed: (messages: OutboxMessage[]) => void = () => undefined;
  const claimedByFirst = new Promise<OutboxMessage[]>((resolve) => (firstClaimed = resolve));
  let secondDone: () => void = () => undefined;
  const secondFinished = new Promise<void>((resolve) => (secondDone = resolve));
  // The first holds its rows (uncommitted) until the second has claimed and published its own.
  const first = outbox.drain(2, async (messages) => {
    firstClaimed(messages);
    await secondFinished;
  });
  const mine = await claimedByFirst;
  const theirs: OutboxMessage[] = [];
  await outbox.drain(10, async (messages) => {
    theirs.push(...messages);
  });
  secondDone();
  assert.equal(await first, 2);
  assert.deepEqual(
    mine.map((m) => m.messageId),
    ['event-C1', 'event-C2'],
  );
  assert.deepEqual(
    theirs.map((m) => m.messageId),
    ['event-C3', 'event-C4', 'event-C5'],
  );
  assert.equal(await outbox.pendingCount(), 0);
});

test('rows queued as jsonb before the upgrade are published after it as the same JSON', async () => {
  const migration = new OutboxPayloadText1764740000000();
  const runner = ds.createQueryRunner();
  // jsonb refused a NUL and a lone surrogate, so no row held them.
  const properties = {
    ...awkward,
    jobtitle: 'separators \u2028\u2029',
    ml_department: 'Øyvind 😀',
  };
  const before: ChangeEvent = { ...event('J1', properties), sourceVersion: 4 };
  try {
    await migration.down(runner);
    await ds.query(
      `INSERT INTO outbox (message_id, routing_key, payload, headers)
       VALUES ($1, 'change.employee', $2::jsonb, '{"correlation-id": "run-1"}')`,
      [before.eventId, JSON.stringify(before)],
    );
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  assert.equal(await relay.drainOnce(), 1);
  const [message] = await queued();
  assert.ok(message);
  assert.deepEqual(JSON.parse(message.content.toString('utf8')), before);
  assert.equal(message.properties.messageId, before.eventId);
});
