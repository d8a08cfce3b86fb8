import { queueDepths } from '../../../../test/support/test-vhost';
import { waitFor } from '../../../../test/support/wait-for';
import type { AmqpConnection } from '../amqp-connection';

/**
 * Waits until the broker itself (rabbitmqctl, not the code under test) reports the queue empty:
 * nothing ready, nothing unacked. rabbitmqctl's quorum-queue figures are refreshed every few
 * seconds, so a bare "0 / 0" could be a snapshot from before the test published. A marker
 * message makes the snapshot provably fresh: once the broker reports exactly one ready and none
 * unacked, every earlier message is gone. The marker is then purged.
 */
export async function waitUntilDrained(
  connection: AmqpConnection,
  vhost: string,
  queue: string,
  timeoutMs = 20_000,
): Promise<void> {
  const channel = await connection.createChannel();
  try {
    channel.sendToQueue(queue, Buffer.from('{"marker":true}'), { messageId: 'drain-marker' });
    await waitFor(
      `${queue} to hold only the marker (ready 1, unacked 0) according to rabbitmqctl`,
      async () => {
        const depth = (await queueDepths(vhost)).get(queue);
        return depth?.ready === 1 && depth.unacked === 0;
      },
      timeoutMs,
      250,
    );
    await channel.purgeQueue(queue);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
