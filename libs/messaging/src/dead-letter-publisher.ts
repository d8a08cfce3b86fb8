import { randomUUID } from 'node:crypto';
import type { AmqpConnection } from './amqp-connection';
import { ConfirmSession, type ConfirmSessionOptions } from './confirm-session';
import type { Delivery } from './delivery';

/** Header carrying why the writer dead-lettered a message itself. */
export const DEAD_LETTER_REASON_HEADER = 'x-ml-dead-letter-reason';
/** Header naming the queue the message was consumed from. */
export const DEAD_LETTER_QUEUE_HEADER = 'x-ml-dead-letter-queue';

// Headers travel in one 64 KiB table; a huge error text must not make the dead-letter fail.
const MAX_REASON_LENGTH = 2_000;

export type DeadLetterPublisherOptions = ConfirmSessionOptions;

/**
 * The writer's own dead-letter path, for a message whose retry budget is spent or whose body is
 * malformed: publish a copy to the DLX with the reason, wait for the broker's confirm, and only
 * then ack the original. A crash in between leaves a duplicate in the dead-letter queue, never a
 * lost message.
 */
export class DeadLetterPublisher {
  private readonly session: ConfirmSession;

  constructor(
    private readonly connection: AmqpConnection,
    options: DeadLetterPublisherOptions = {},
  ) {
    this.session = new ConfirmSession(connection, options);
  }

  /**
   * Resolves true once the copy is confirmed and the original acked; false, publishing nothing,
   * if the original was settled already, or false after publishing if the original's channel
   * had closed meanwhile (the broker redelivers it, so it may be dead-lettered twice).
   * Rejects, leaving the original unsettled, if the copy was not confirmed.
   */
  async deadLetter(delivery: Delivery, reason: string): Promise<boolean> {
    // Acked or nacked already: a copy now would be a second, spurious dead letter.
    if (delivery.settled) return false;
    const topology = this.connection.topology;
    // Unique per copy: the session matches the broker's basic.return to the publish by id.
    const messageId = delivery.messageId ?? `dead-letter-${randomUUID()}`;
    await this.session.publish([
      {
        exchange: topology.deadLetterExchange,
        routingKey: delivery.routingKey,
        // The original bytes, not a re-encoding: a malformed body is kept exactly as received.
        content: delivery.content,
        messageId,
        properties: {
          messageId,
          deliveryMode: 2,
          contentType: delivery.contentType,
          mandatory: true,
          headers: {
            ...delivery.headers,
            [DEAD_LETTER_REASON_HEADER]: reason.slice(0, MAX_REASON_LENGTH),
            [DEAD_LETTER_QUEUE_HEADER]: delivery.queue,
          },
        },
      },
    ]);
    return delivery.ack();
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
