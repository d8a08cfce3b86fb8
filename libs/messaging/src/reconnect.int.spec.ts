import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  closeVhostConnections,
  vhostConnectionNames,
} from '../../../test/support/broker-connections';
import { createTestVhost, setVhostAccess, type TestVhost } from '../../../test/support/test-vhost';
import { waitFor, within } from '../../../test/support/wait-for';
import { AmqpConnection } from './amqp-connection';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import type { Delivery } from './delivery';
import { ChannelClosedError, NotConnectedError } from './messaging-errors';
import { silentMessagingLogger } from './messaging-logger';
import { MessagingTopology } from './messaging-topology';
import { waitUntilDrained } from './testing/broker-drained';
import { connectForTest } from './testing/connect-for-test';
import { DeliveryInbox } from './testing/delivery-inbox';
import { LogCapture } from './testing/log-capture';

const RECONNECT_MAX_DELAY_MS = 500;

describe('reconnect after the broker closes the connection', () => {
  let vhost: TestVhost;
  let connection: AmqpConnection;
  let topology: MessagingTopology;
  let logs: LogCapture;
  let publisher: ConfirmPublisher;
  const disconnects: Error[] = [];

  before(async () => {
    vhost = await createTestVhost('msgreconnect');
    ({ connection, topology, logs } = await connectForTest(vhost.url, {}, 'ml-reconnect-test'));
    connection.onDisconnected((error) => disconnects.push(error));
    publisher = new ConfirmPublisher(connection);
  });

  after(async () => {
    if (vhost) await setVhostAccess(vhost.name, true).catch(() => undefined);
    await connection?.close();
    await vhost?.drop();
  });

  const newConsumer = (): AmqpConsumer =>
    new AmqpConsumer(connection, { logger: silentMessagingLogger });

  const publishIds = (ids: readonly string[]): Promise<void> =>
    publisher.publishAll(
      ids.map((messageId) => ({ messageId, routingKey: 'employee.contacts', body: { messageId } })),
    );

  /** Has the broker close the vhost's connections and waits for the connection and consumer to be back. */
  async function bounceConnections(consumer: AmqpConsumer): Promise<void> {
    const generation = connection.generation;
    const consumerGeneration = consumer.generation;
    await closeVhostConnections(vhost.name);
    await waitFor(
      'the connection to come back',
      () => connection.isHealthy() && connection.generation > generation,
    );
    await waitFor(
      'the consumer to resume',
      () => consumer.isConsuming() && consumer.generation > consumerGeneration,
    );
  }

  it('names its connection so operators can tell the apps apart', async () => {
    assert.deepEqual(await vhostConnectionNames(vhost.name), ['ml-reconnect-test']);
  });

  it('resumes consuming on a new channel after the broker closes the connection, losing nothing', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `resume-${i}`);
    await publishIds(ids);

    // Deliveries of the first channel are held unacked (the prefetch window fills up); those of
    // any later channel are acked at once.
    let firstGeneration: number | undefined;
    const held: Delivery[] = [];
    const acked = new Set<string>();
    const redeliveredIds = new Set<string>();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 50, (delivery) => {
      firstGeneration ??= delivery.generation;
      if (delivery.generation === firstGeneration) {
        held.push(delivery);
        return;
      }
      if (delivery.redelivered && delivery.messageId) redeliveredIds.add(delivery.messageId);
      if (delivery.ack() && delivery.messageId) acked.add(delivery.messageId);
    });
    await waitFor(
      'the prefetch window (50) to fill with held deliveries',
      () => held.length === 50,
    );
    assert.equal(consumer.inFlight, 50);
    const disconnectsBefore = disconnects.length;

    await bounceConnections(consumer);
    assert.equal(disconnects.length, disconnectsBefore + 1);
    assert.ok(logs.lines.some((line) => line.startsWith('WARN') && line.includes('lost')));

    await waitFor(
      'every message to be acked on the new channel',
      () => acked.size === ids.length,
      30_000,
    );
    assert.deepEqual([...acked].sort(), [...ids].sort());
    for (const delivery of held) {
      assert.equal(
        delivery.ack(),
        false,
        'a delivery from the closed channel is never acked on the new one',
      );
      assert.ok(
        redeliveredIds.has(delivery.messageId ?? ''),
        `${delivery.messageId} came back redelivered`,
      );
    }
    assert.ok(consumer.isConsuming(), 'the stale acks did not close the new channel');
    assert.equal(consumer.inFlight, 0);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('makes the ack of a delivery from before the reconnect a no-op, and the broker redelivers it', async () => {
    await publishIds(['stale-1']);
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, inbox.handler);
    const stale = await inbox.next('the delivery that will go stale');
    assert.equal(stale.messageId, 'stale-1');

    await bounceConnections(consumer);
    const fresh = await inbox.next('the redelivery on the new channel');
    assert.equal(fresh.messageId, 'stale-1');
    assert.equal(fresh.redelivered, true);
    assert.ok(fresh.generation > stale.generation);
    assert.equal(fresh.generation, consumer.generation);

    assert.equal(stale.ack(), false, 'the old delivery tag is never sent on the new channel');
    assert.equal(stale.settled, true);
    assert.ok(consumer.isConsuming(), 'the new channel was not closed by a 406');
    assert.equal(fresh.ack(), true);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('rejects publishes at once during an outage, reconnects with jittered backoff, then publishes and consumes again', async () => {
    const inbox = new DeliveryInbox();
    const consumer = newConsumer();
    await consumer.start(topology.workQueue, 5, inbox.handler);
    const generation = connection.generation;
    const consumerGeneration = consumer.generation;
    const firstLogLine = logs.lines.length;

    // Revoked access turns every reconnect attempt into a refusal: an outage until it is granted.
    await setVhostAccess(vhost.name, false);
    try {
      await closeVhostConnections(vhost.name);
      await waitFor('the connection to notice the loss', () => !connection.isHealthy());
      await waitFor('a refused reconnect attempt', () =>
        logs.lines.slice(firstLogLine).some((line) => /connect to .* failed/.test(line)),
      );
      assert.equal(connection.isHealthy(), false);
      assert.equal(consumer.isConsuming(), false);
      await assert.rejects(
        within('a publish during the outage to reject', publishIds(['outage-1']), 5_000),
        NotConnectedError,
      );
      await assert.rejects(connection.queueDepth(), NotConnectedError);
    } finally {
      await setVhostAccess(vhost.name, true);
    }

    await waitFor(
      'the connection to come back',
      () => connection.isHealthy() && connection.generation > generation,
      20_000,
    );
    await waitFor(
      'the consumer to resume',
      () => consumer.isConsuming() && consumer.generation > consumerGeneration,
    );
    const delays = logs.lines
      .slice(firstLogLine)
      .map((line) => /reconnect attempt \d+ in (\d+) ms/.exec(line)?.[1])
      .filter((delay): delay is string => delay !== undefined)
      .map(Number);
    assert.ok(
      delays.length >= 2,
      `several reconnect attempts were scheduled: ${delays.join(', ')}`,
    );
    assert.ok(
      delays.every((delay) => delay >= 0 && delay <= RECONNECT_MAX_DELAY_MS),
      `every backoff delay lies within [0, cap]: ${delays.join(', ')}`,
    );

    // The caller's retry after the outage.
    await publishIds(['outage-1']);
    const delivery = await inbox.next('the message published after the outage');
    assert.equal(delivery.messageId, 'outage-1');
    assert.equal(delivery.ack(), true);
    await consumer.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('close() stops consuming, waits for the in-flight delivery, then closes; its publishers refuse afterwards', async () => {
    const { connection: closing } = await connectForTest(vhost.url, {}, 'ml-closing-test');
    const closingPublisher = new ConfirmPublisher(closing);
    const inbox = new DeliveryInbox();
    const consumer = new AmqpConsumer(closing, {
      logger: silentMessagingLogger,
      stopTimeoutMs: 20_000,
    });
    await consumer.start(topology.workQueue, 5, inbox.handler);
    await closingPublisher.publishAll([
      { messageId: 'graceful-1', routingKey: 'employee.contacts', body: {} },
    ]);
    const delivery = await inbox.next('the delivery in flight when close() is called');

    let closed = false;
    const closingDone = closing.close().then(() => {
      closed = true;
    });
    await waitFor('the consumer to be cancelled', () => !consumer.isConsuming());
    await publishIds(['graceful-2']);
    assert.equal(closed, false, 'close() waits while a delivery is unsettled');
    assert.equal(delivery.ack(), true, 'the channel stays open until in-flight work is settled');
    await within('close() to finish once the delivery is acked', closingDone);
    assert.equal(closing.isHealthy(), false);
    assert.equal(inbox.received, 1, 'nothing was delivered after close() began');
    await assert.rejects(
      closingPublisher.publishAll([
        { messageId: 'graceful-3', routingKey: 'employee.contacts', body: {} },
      ]),
      ChannelClosedError,
    );
    await assert.rejects(closing.start(), /after close/);
    await waitFor(
      'the closed connection to leave the broker',
      async () => !(await vhostConnectionNames(vhost.name)).includes('ml-closing-test'),
    );

    const rest = new DeliveryInbox();
    const drain = newConsumer();
    await drain.start(topology.workQueue, 5, rest.handler);
    const left = await rest.next('the message published while close() waited');
    assert.equal(left.messageId, 'graceful-2');
    assert.equal(left.ack(), true);
    await drain.stop();
    await waitUntilDrained(connection, vhost.name, topology.workQueue);
  });

  it('fails start() with a wrong password without the password in the error or the logs', async () => {
    const secret = 'Wr0ng-S3cret-Pa55';
    const url = new URL(vhost.url);
    url.password = secret;
    const failedLogs = new LogCapture();
    const refused = new AmqpConnection({
      url: url.toString(),
      topology: new MessagingTopology(),
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      startTimeoutMs: 1_500,
      logger: failedLogs,
    });
    assert.ok(!refused.safeUrl.includes(secret), refused.safeUrl);
    const error = await refused.start().then(
      () => assert.fail('start() connected with a wrong password'),
      (reason: unknown) => reason,
    );
    assert.ok(error instanceof NotConnectedError, String(error));
    assert.match(error.message, /\*\*\*/);
    assert.match(error.message, /last error/);
    assert.ok(!error.message.includes(secret), error.message);
    assert.ok(failedLogs.lines.length > 0);
    assert.ok(
      failedLogs.lines.every((line) => !line.includes(secret)),
      failedLogs.lines.join('\n'),
    );
    assert.equal(refused.isHealthy(), false);
  });
});
