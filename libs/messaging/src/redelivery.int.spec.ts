import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestVhost, type TestVhost } from '../../../test/support/test-vhost';
import { waitFor, within } from '../../../test/support/wait-for';
import type { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import type { Delivery } from './delivery';
import { silentMessagingLogger } from './messaging-logger';
import type { MessagingTopology } from './messaging-topology';
import { waitUntilDrained } from './testing/broker-drained';
import { connectForTest } from './testing/connect-for-test';
import { DeliveryInbox } from './testing/delivery-inbox';
import { LogCapture } from './testing/log-capture';

describe('redelivery of unsettled messages', () => {
  let vhost: TestVhost;
  let connection: AmqpConnection;
  let topology: MessagingTopology;
  let publisher: ConfirmPublisher;

  before(async () => {
    vhost = await createTestVhost('msgredeliver');
    ({ connection, topology } = await connectForTest(vhost.url));
    publisher = new ConfirmPublisher(connection);
  });

  after(async () => {
    await publisher?.close();
    await connection?.close();
    await vhost?.drop();
  });

  const publishOne = (messageId: string): Promise<void> =>
    publisher.publishAll([{ messageId, routingKey: 'employee.contacts', body: { messageId } }]);

  const newConsumer = (stopTimeoutMs = 5_000): AmqpConsumer =>
    new AmqpConsumer(connection, { logger: silentMessagingLogger, stopTimeoutMs });

  it('redelivers a nacked message with the redelivered flag and a delivery count', async () => {
    await publishOne('nack-1');
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, inbox.handler);

    const first = await inbox.next('the first delivery');
    assert.equal(first.redelivered, false);
    assert.equal(first.deliveryCount, 0);
    assert.equal(first.nack({ requeue: true }), true);

    const second = await inbox.next('the redelivery after nack');
    assert.equal(second.messageId, 'nack-1');
    assert.equal(second.redelivered, true);
    assert.equal(second.deliveryCount, 1);
    assert.equal(second.ack(), true);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('redelivers unacked messages to another consumer once the first one closes its channel', async () => {
    await publisher.publishAll(
      ['held-1', 'held-2'].map((messageId) => ({
        messageId,
        routingKey: 'vendor.companies',
        body: {},
      })),
    );
    const firstInbox = new DeliveryInbox();
    const first = newConsumer(300);
    await first.start(topology.workQueue, 5, firstInbox.handler);
    const held = await firstInbox.take(2, 'deliveries the first consumer never acks');
    assert.equal(first.inFlight, 2);
    // stop() gives up waiting after its timeout and closes the channel with both unacked.
    await within('stop() to give up on unsettled deliveries', first.stop());
    assert.equal(first.inFlight, 0);
    assert.equal(held[0]?.ack(), false, 'an ack after the channel closed is a no-op');

    const secondInbox = new DeliveryInbox();
    const second = newConsumer();
    await second.start(topology.workQueue, 5, secondInbox.handler);
    const again = await secondInbox.take(2, 'the redeliveries to the second consumer');
    assert.deepEqual(again.map((d) => d.messageId).sort(), ['held-1', 'held-2']);
    assert.ok(again.every((d) => d.redelivered));
    for (const delivery of again) assert.equal(delivery.ack(), true);
    await second.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('stop() cancels first, then waits for in-flight deliveries to be settled', async () => {
    await publishOne('inflight-1');
    const inbox = new DeliveryInbox();
    const consumer = newConsumer(10_000);
    await consumer.start(topology.workQueue, 5, inbox.handler);
    const delivery = await inbox.next('the in-flight delivery');

    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    await waitFor('the consumer to be cancelled', () => !consumer.isConsuming());
    await publishOne('after-cancel-1');
    assert.equal(stopped, false, 'stop() waits while a delivery is unsettled');
    assert.equal(delivery.ack(), true, 'the channel stays open until in-flight work is settled');
    await within('stop() to finish once the delivery is acked', stopping);
    assert.equal(inbox.received, 1, 'no delivery arrived after stop() began');
    assert.equal(
      (await connection.queueDepth()).work.ready,
      1,
      'the message published after stop() waits',
    );
    const drain = await connection.createChannel();
    await drain.purgeQueue(topology.workQueue);
    await drain.close();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('requeues the delivery when the handler throws, without crashing the consumer', async () => {
    await publishOne('throws-1');
    const seen: Delivery[] = [];
    const consumerLogs = new LogCapture();
    const consumer = new AmqpConsumer(connection, { logger: consumerLogs });
    await consumer.start(topology.workQueue, 5, (delivery) => {
      seen.push(delivery);
      if (seen.length === 1) throw new Error('handler bug');
      delivery.ack();
    });
    await waitFor('the redelivery after the handler threw', () => seen.length >= 2);
    assert.equal(seen[1]?.messageId, 'throws-1');
    assert.equal(seen[1]?.deliveryCount, 1);
    assert.ok(
      consumerLogs.lines.some((line) => line.startsWith('ERROR') && line.includes('handler bug')),
      consumerLogs.lines.join('\n'),
    );
    assert.ok(consumer.isConsuming());
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });
});
