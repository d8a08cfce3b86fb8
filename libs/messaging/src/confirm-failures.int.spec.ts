import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestVhost, type TestVhost } from '../../../test/support/test-vhost';
import { waitFor, within } from '../../../test/support/wait-for';
import type { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher, type PublishMessage } from './confirm-publisher';
import { ChannelClosedError, PublishTimeoutError } from './messaging-errors';
import { silentMessagingLogger } from './messaging-logger';
import type { MessagingTopology } from './messaging-topology';
import { waitUntilDrained } from './testing/broker-drained';
import { BrokerProxy } from './testing/broker-proxy';
import { connectForTest } from './testing/connect-for-test';
import { DeliveryInbox } from './testing/delivery-inbox';

/**
 * Publishes whose confirms never come back. A proxy withholds what the broker sends, so the
 * messages are stored but the client provably has no confirm: no race with the broker's speed.
 */
describe('publisher confirms under failure', () => {
  let vhost: TestVhost;
  let proxy: BrokerProxy;
  /** Through the proxy: the connection whose confirms get withheld. */
  let proxied: AmqpConnection;
  /** Straight to the broker: inspects and drains the queue. */
  let direct: AmqpConnection;
  let topology: MessagingTopology;

  before(async () => {
    vhost = await createTestVhost('msgconfirm');
    proxy = await BrokerProxy.start(vhost.url);
    ({ connection: proxied, topology } = await connectForTest(
      proxy.urlFor(vhost.url),
      {},
      'ml-proxied-test',
    ));
    ({ connection: direct } = await connectForTest(vhost.url, {}, 'ml-direct-test'));
  });

  after(async () => {
    await proxied?.close();
    await direct?.close();
    await proxy?.close();
    await vhost?.drop();
  });

  const messages = (...ids: string[]): PublishMessage[] =>
    ids.map((messageId) => ({ messageId, routingKey: 'employee.contacts', body: { messageId } }));

  /** Consumes `count` deliveries on the direct connection, acks them and returns their ids. */
  async function consumeIds(count: number): Promise<string[]> {
    const inbox = new DeliveryInbox();
    const consumer = new AmqpConsumer(direct, { logger: silentMessagingLogger });
    await consumer.start(topology.workQueue, 20, inbox.handler);
    const deliveries = await inbox.take(count, 'the stored messages');
    for (const delivery of deliveries) assert.equal(delivery.ack(), true);
    await consumer.stop();
    await waitUntilDrained(direct, vhost.name, topology.workQueue);
    return deliveries.map((d) => d.messageId ?? '').sort();
  }

  it('rejects a publish left unconfirmed by a network loss; the retry succeeds after reconnect', async () => {
    const publisher = new ConfirmPublisher(proxied);
    await publisher.publishAll(messages('warm-1')); // opens the confirm channel while nothing is withheld
    proxy.hold();

    let settled = false;
    const inFlight = publisher.publishAll(messages('lost-1', 'lost-2', 'lost-3')).then(
      () => 'confirmed' as const,
      (error: unknown) => error,
    );
    void inFlight.finally(() => {
      settled = true;
    });
    await waitFor(
      'the broker to store the three messages',
      async () => (await direct.queueDepth()).work.ready === 4,
    );
    assert.equal(
      settled,
      false,
      'stored, but with the confirms withheld the publish is still pending',
    );

    const generation = proxied.generation;
    proxy.sever();
    const outcome = await within('the unconfirmed publish to settle', inFlight, 20_000);
    assert.ok(
      outcome instanceof ChannelClosedError,
      `rejected as a closed channel, got ${String(outcome)}`,
    );

    await waitFor(
      'the proxied connection to come back',
      () => proxied.isHealthy() && proxied.generation > generation,
    );
    // The caller's retry: the same ids again. Consumers deduplicate on the message id.
    await publisher.publishAll(messages('lost-1', 'lost-2', 'lost-3'));
    await publisher.close();

    assert.deepEqual(await consumeIds(7), [
      'lost-1',
      'lost-1',
      'lost-2',
      'lost-2',
      'lost-3',
      'lost-3',
      'warm-1',
    ]);
  });

  it('rejects a publish whose confirm does not arrive in time, and the next one uses a fresh channel', async () => {
    const publisher = new ConfirmPublisher(proxied, { confirmTimeoutMs: 300 });
    await publisher.publishAll(messages('warm-2'));
    proxy.hold();
    try {
      await assert.rejects(
        within('the confirm timeout to fire', publisher.publishAll(messages('late-1')), 10_000),
        PublishTimeoutError,
      );
    } finally {
      proxy.release();
    }
    await publisher.publishAll(messages('late-1'));
    await publisher.close();
    await assert.rejects(publisher.publishAll(messages('late-2')), ChannelClosedError);

    assert.deepEqual(await consumeIds(3), ['late-1', 'late-1', 'warm-2']);
  });

  it('lets publishes in flight finish before close() closes the channel', async () => {
    const publisher = new ConfirmPublisher(proxied);
    await publisher.publishAll(messages('warm-3'));
    proxy.hold();
    let closed = false;
    let published: unknown;
    const publishing = publisher.publishAll(messages('closing-1')).then(
      () => (published = 'confirmed'),
      (error: unknown) => (published = error),
    );
    await waitFor(
      'the broker to store the message',
      async () => (await direct.queueDepth()).work.ready === 2,
    );
    const closing = publisher.close().then(() => {
      closed = true;
    });
    await assert.rejects(publisher.publishAll(messages('refused-1')), ChannelClosedError);
    assert.equal(closed, false, 'close() waits for the unconfirmed publish');
    assert.equal(published, undefined);
    proxy.release();
    await within('the in-flight publish to be confirmed', publishing);
    assert.equal(published, 'confirmed');
    await within('close() to finish', closing);

    assert.deepEqual(await consumeIds(2), ['closing-1', 'warm-3']);
  });
});
