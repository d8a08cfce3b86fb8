import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestVhost, queueDepths, type TestVhost } from '../../../test/support/test-vhost';
import { waitFor, within } from '../../../test/support/wait-for';
import type { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import { UnroutableMessageError } from './messaging-errors';
import { silentMessagingLogger } from './messaging-logger';
import type { MessagingTopology } from './messaging-topology';
import { connectForTest } from './testing/connect-for-test';
import { waitUntilDrained } from './testing/broker-drained';
import { DeliveryInbox } from './testing/delivery-inbox';

describe('publish with confirms and consume with manual acks', () => {
  let vhost: TestVhost;
  let connection: AmqpConnection;
  let topology: MessagingTopology;
  let publisher: ConfirmPublisher;

  before(async () => {
    vhost = await createTestVhost('msgpub');
    ({ connection, topology } = await connectForTest(vhost.url));
    publisher = new ConfirmPublisher(connection);
  });

  after(async () => {
    await publisher?.close();
    await connection?.close();
    await vhost?.drop();
  });

  const assertQueuesEmpty = (): Promise<void> =>
    waitUntilDrained(connection, vhost.name, topology.workQueue);

  it('delivers confirmed messages with their properties, and acked ones leave the queue', async () => {
    await publisher.publishAll([
      {
        messageId: 'evt-1',
        routingKey: 'employee.contacts',
        body: { n: 1 },
        headers: { 'x-run': 'r1' },
      },
      { messageId: 'evt-2', routingKey: 'vendor.companies', body: { n: 2 } },
      { messageId: 'evt-3', routingKey: 'customer.companies', body: { n: 3 } },
    ]);
    const depth = await connection.queueDepth();
    assert.deepEqual(
      [depth.work.ready, depth.dead.ready, depth.work.queue, depth.dead.queue],
      [3, 0, 'ml.changes.hubspot', 'ml.changes.dead'],
    );

    const inbox = new DeliveryInbox();
    const consumer = new AmqpConsumer(connection, { logger: silentMessagingLogger });
    await consumer.start(topology.workQueue, 10, inbox.handler);
    const deliveries = await inbox.take(3, 'the three published events');

    assert.deepEqual(
      deliveries.map((d) => [d.messageId, d.routingKey, d.body]),
      [
        ['evt-1', 'employee.contacts', { n: 1 }],
        ['evt-2', 'vendor.companies', { n: 2 }],
        ['evt-3', 'customer.companies', { n: 3 }],
      ],
    );
    const [first] = deliveries;
    assert.ok(first);
    assert.equal(first.malformed, false);
    assert.equal(first.contentType, 'application/json');
    assert.equal(first.headers['x-run'], 'r1');
    assert.equal(first.redelivered, false);
    assert.equal(first.deliveryCount, 0);
    assert.equal(consumer.inFlight, 3);

    for (const delivery of deliveries) assert.equal(delivery.ack(), true);
    assert.equal(first.ack(), false, 'a second ack is a no-op, not a 406 on the channel');
    assert.equal(consumer.inFlight, 0);
    assert.ok(consumer.isConsuming(), 'the double ack did not close the channel');
    await consumer.stop();
    await assertQueuesEmpty();
  });

  it('publishes persistent messages (delivery mode 2)', async () => {
    const probe = await connection.createChannel();
    try {
      await publisher.publishAll([
        { messageId: 'persist-1', routingKey: 'employee.contacts', body: {} },
      ]);
      const message = await waitFor('the message to be fetchable', () =>
        probe.get(topology.workQueue),
      );
      assert.equal(message.properties.deliveryMode, 2);
      assert.equal(message.properties.messageId, 'persist-1');
      probe.ack(message);
    } finally {
      await probe.close();
    }
    await assertQueuesEmpty();
  });

  it('publishes 20,000 messages with pipelined confirms through back-pressure', async (t) => {
    // A tiny channel buffer makes publish() report back-pressure constantly, exercising 'drain'.
    const throttled = new ConfirmPublisher(connection, { highWaterMark: 64 });
    const count = 20_000;
    const messages = Array.from({ length: count }, (_, i) => ({
      messageId: `bulk-${i}`,
      routingKey: 'employee.contacts',
      body: { i, emplid: `E${i}` },
    }));
    const started = process.hrtime.bigint();
    await within('20,000 publishes to be confirmed', throttled.publishAll(messages), 60_000);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    t.diagnostic(
      `${count} messages confirmed in ${seconds.toFixed(2)} s (${Math.round(count / seconds)}/s)`,
    );
    assert.ok(throttled.drainWaits > 0, 'publish() reported back-pressure at least once');
    await waitFor(
      'rabbitmqctl to report all 20,000 ready',
      async () => {
        const depth = (await queueDepths(vhost.name)).get(topology.workQueue);
        return depth?.ready === count && depth.unacked === 0;
      },
      20_000,
    );
    await throttled.close();

    const inbox = new DeliveryInbox();
    const seen = new Set<string>();
    const consumer = new AmqpConsumer(connection, { logger: silentMessagingLogger });
    await consumer.start(topology.workQueue, 200, (delivery) => {
      if (delivery.messageId) seen.add(delivery.messageId);
      delivery.ack();
      inbox.handler(delivery);
    });
    await waitFor('all 20,000 messages to be consumed', () => seen.size === count, 60_000);
    await consumer.stop();
    await assertQueuesEmpty();
  });

  it('rejects a message no queue is bound for instead of dropping it silently', async () => {
    const admin = await connection.createChannel();
    await admin.unbindQueue(topology.workQueue, topology.exchange, topology.workQueueBinding);
    try {
      await assert.rejects(
        publisher.publishAll([{ messageId: 'lost-1', routingKey: 'employee.contacts', body: {} }]),
        UnroutableMessageError,
      );
    } finally {
      await admin.bindQueue(topology.workQueue, topology.exchange, topology.workQueueBinding);
      await admin.close();
    }
    await publisher.publishAll([
      { messageId: 'found-1', routingKey: 'employee.contacts', body: {} },
    ]);
    assert.equal((await connection.queueDepth()).work.ready, 1);
    const drain = await connection.createChannel();
    await drain.purgeQueue(topology.workQueue);
    await drain.close();
  });

  it('rejects a batch with an unusable messageId before sending anything', async () => {
    await assert.rejects(
      publisher.publishAll([
        { messageId: 'ok-1', routingKey: 'employee.contacts', body: {} },
        { messageId: '', routingKey: 'employee.contacts', body: {} },
      ]),
      TypeError,
    );
    assert.equal((await connection.queueDepth()).work.ready, 0);
  });
});
