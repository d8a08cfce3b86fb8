import type { Channel } from 'amqplib';

export interface MessagingTopologyOptions {
  /** Prefix of every exchange and queue name (default `ml`). */
  readonly prefix?: string;
  /**
   * Deliveries after which the work queue dead-letters a message instead of requeueing it
   * (default 20). It is a queue argument: changing it for an existing queue makes every declare
   * fail with 406 PRECONDITION_FAILED until the queue is migrated.
   */
  readonly deliveryLimit?: number;
}

const DEFAULT_PREFIX = 'ml';
const DEFAULT_DELIVERY_LIMIT = 20;

/**
 * The one place the exchanges and queues are declared. A queue declared again with other
 * arguments closes the channel with 406, so every app declares through this class and nothing
 * else passes queue arguments.
 */
export class MessagingTopology {
  /** Durable topic exchange the relay publishes change events to. */
  readonly exchange: string;
  /** Quorum work queue the HubSpot writers consume. */
  readonly workQueue: string;
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
  readonly deliveryLimit: number;
  /** Routing pattern binding the work queue: every change event goes to HubSpot. */
  readonly workQueueBinding = '#';

  constructor(options: MessagingTopologyOptions = {}) {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
      throw new Error(`MessagingTopology: invalid prefix ${JSON.stringify(prefix)}`);
    }
    const deliveryLimit = options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT;
    if (!Number.isInteger(deliveryLimit) || deliveryLimit < 1) {
      throw new Error(
        `MessagingTopology: deliveryLimit must be a positive integer, got ${deliveryLimit}`,
      );
    }
    this.exchange = `${prefix}.changes`;
    this.workQueue = `${prefix}.changes.hubspot`;
    this.deadLetterExchange = `${prefix}.changes.dlx`;
    this.deadLetterQueue = `${prefix}.changes.dead`;
    this.deliveryLimit = deliveryLimit;
  }

  /** Idempotent: declaring the same topology again (every replica, every reconnect) is a no-op. */
  async declare(channel: Channel): Promise<void> {
    // Dead-letter side first, so the work queue never dead-letters into a missing exchange.
    await channel.assertExchange(this.deadLetterExchange, 'fanout', { durable: true });
    // Quorum too: a classic queue lives on one node, and losing it loses the failed messages.
    await channel.assertQueue(this.deadLetterQueue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await channel.bindQueue(this.deadLetterQueue, this.deadLetterExchange, '');

    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    await channel.assertQueue(this.workQueue, {
      durable: true,
      arguments: this.workQueueArguments(),
    });
    await channel.bindQueue(this.workQueue, this.exchange, this.workQueueBinding);
  }

  private workQueueArguments(): Record<string, string | number> {
    return {
      'x-queue-type': 'quorum',
      'x-delivery-limit': this.deliveryLimit,
      'x-dead-letter-exchange': this.deadLetterExchange,
      // At-least-once dead-lettering keeps a message in the work queue until the dead-letter
      // queue has confirmed it; the default (at-most-once) can drop it. It requires reject-publish.
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    };
  }
}
