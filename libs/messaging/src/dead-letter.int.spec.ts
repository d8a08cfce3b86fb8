import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestVhost, type TestVhost } from '../../../test/support/test-vhost';
import { waitFor } from '../../../test/support/wait-for';
import type { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import {
  DEAD_LETTER_QUEUE_HEADER,
  DEAD_LETTER_REASON_HEADER,
  DeadLetterPublisher,
} from './dead-letter-publisher';
import { silentMessagingLogger } from './messaging-logger';
import type { MessagingTopology } from './messaging-topology';
import { waitUntilDrained } from './testing/broker-drained';
import { connectForTest } from './testing/connect-for-test';
import { DeliveryInbox } from './testing/delivery-inbox';

const DELIVERY_LIMIT = 2;

describe('dead-lettering', () => {
  let vhost: TestVhost;
  let connection: AmqpConnection;
  let topology: MessagingTopology;
  let publisher: ConfirmPublisher;
  let deadLetters: DeadLetterPublisher;

  before(async () => {
    vhost = await createTestVhost('msgdead');
    ({ connection, topology } = await connectForTest(vhost.url, { deliveryLimit: DELIVERY_LIMIT }));
    publisher = new ConfirmPublisher(connection);
    deadLetters = new DeadLetterPublisher(connection);
  });

  after(async () => {
    await deadLetters?.close();
    await publisher?.close();
    await connection?.close();
    await vhost?.drop();
  });

  const newConsumer = (): AmqpConsumer =>
    new AmqpConsumer(connection, { logger: silentMessagingLogger });

  /** Consumes the dead-letter queue until it yields one message, acks it and returns it. */
  async function takeDeadLetter(description: string) {
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.deadLetterQueue, 1, inbox.handler);
    const delivery = await inbox.next(description);
    delivery.ack();
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.deadLetterQueue);
    return delivery;
  }

  it('moves a message that keeps failing to the dead-letter queue after the delivery limit', async () => {
    await publisher.publishAll([
      { messageId: 'poison-1', routingKey: 'employee.contacts', body: { bad: true } },
    ]);
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, (delivery) => {
      delivery.nack({ requeue: true });
      inbox.handler(delivery);
    });
    const attempts = await inbox.take(DELIVERY_LIMIT + 1, 'every delivery the limit allows');
    assert.deepEqual(
      attempts.map((d) => d.deliveryCount),
      [0, 1, 2],
    );
    await waitFor('the poison message to reach the dead-letter queue', async () => {
      const depth = await connection.queueDepth();
      return depth.dead.ready === 1 && depth.work.ready === 0;
    });
    assert.equal(inbox.received, DELIVERY_LIMIT + 1, 'it was not delivered again after the limit');
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);

    const dead = await takeDeadLetter('the poison message in the dead-letter queue');
    assert.equal(dead.messageId, 'poison-1');
    assert.deepEqual(dead.body, { bad: true });
    assert.equal(dead.headers['x-first-death-reason'], 'delivery_limit');
    assert.equal(dead.headers['x-first-death-queue'], topology.workQueue);
  });

  it('dead-letters explicitly with the reason in a header, then acks the original', async () => {
    await publisher.publishAll([
      {
        messageId: 'budget-1',
        routingKey: 'vendor.companies',
        body: { v: 1 },
        headers: { 'x-run': 'r9' },
      },
    ]);
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, inbox.handler);
    const delivery = await inbox.next('the message whose retry budget is spent');
    assert.equal(await deadLetters.deadLetter(delivery, 'HubSpot 400: invalid email'), true);
    assert.equal(delivery.settled, true);
    assert.equal(
      await deadLetters.deadLetter(delivery, 'again'),
      false,
      'a settled delivery is not dead-lettered a second time (the drain below proves no second copy)',
    );
    assert.equal(consumer.inFlight, 0);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);

    const dead = await takeDeadLetter('the explicitly dead-lettered message');
    assert.equal(dead.messageId, 'budget-1');
    assert.equal(dead.routingKey, 'vendor.companies');
    assert.deepEqual(dead.body, { v: 1 });
    assert.equal(dead.headers[DEAD_LETTER_REASON_HEADER], 'HubSpot 400: invalid email');
    assert.equal(dead.headers[DEAD_LETTER_QUEUE_HEADER], topology.workQueue);
    assert.equal(dead.headers['x-run'], 'r9');
  });

  it('surfaces a body that is not JSON as a malformed delivery the writer can dead-letter', async () => {
    const raw = await connection.createChannel();
    const garbage = Buffer.from('{"emplid": "E1", oops');
    raw.publish(topology.exchange, 'employee.contacts', garbage, {
      messageId: 'garbled-1',
      persistent: true,
    });
    await raw.close();

    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, inbox.handler);
    const delivery = await inbox.next('the malformed delivery');
    assert.ok(delivery.malformed, 'the delivery is flagged malformed');
    assert.equal(delivery.body, undefined);
    assert.match(delivery.parseError, /not valid JSON/);
    assert.ok(delivery.content.equals(garbage));
    assert.ok(consumer.isConsuming(), 'the consumer keeps running');

    assert.equal(await deadLetters.deadLetter(delivery, delivery.parseError), true);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);

    const dead = await takeDeadLetter('the malformed message in the dead-letter queue');
    assert.ok(dead.content.equals(garbage), 'the original bytes are kept');
    assert.match(String(dead.headers[DEAD_LETTER_REASON_HEADER]), /not valid JSON/);
  });
});
