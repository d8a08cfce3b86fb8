import type { ChannelModel } from 'amqplib';
import type { MessagingTopology } from './messaging-topology';

export interface QueueDepthEntry {
  readonly queue: string;
  /** Messages waiting to be delivered. */
  readonly ready: number;
  readonly consumers: number;
}

/**
 * Ready counts of the work and dead-letter queues. AMQP 0-9-1 (passive declare) reports only
 * ready messages, not unacknowledged ones: for those, each consumer exposes its own `inFlight`.
 */
export interface QueueDepth {
  readonly work: QueueDepthEntry;
  readonly dead: QueueDepthEntry;
}

export async function readQueueDepth(
  model: ChannelModel,
  topology: MessagingTopology,
): Promise<QueueDepth> {
  // A short-lived channel: a passive declare of a missing queue closes the channel with 404.
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    const work = await channel.checkQueue(topology.workQueue);
    const dead = await channel.checkQueue(topology.deadLetterQueue);
    return {
      work: { queue: work.queue, ready: work.messageCount, consumers: work.consumerCount },
      dead: { queue: dead.queue, ready: dead.messageCount, consumers: dead.consumerCount },
    };
  } finally {
    await channel.close().catch(() => undefined);
  }
}
