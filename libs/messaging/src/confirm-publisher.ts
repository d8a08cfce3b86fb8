import type { AmqpConnection } from './amqp-connection';
import {
  ConfirmSession,
  type ConfirmSessionOptions,
  type OutgoingMessage,
} from './confirm-session';

export interface PublishMessage {
  /** Stable id (the outbox row's event id): consumers deduplicate redeliveries on it. */
  readonly messageId: string;
  readonly routingKey: string;
  /** Serialised with JSON.stringify; a Buffer is taken as JSON already serialised and sent as is. */
  readonly body: object | Buffer;
  readonly headers?: Record<string, string>;
}

export type ConfirmPublisherOptions = ConfirmSessionOptions;

/** Publishes JSON messages to the topology's exchange and resolves only once all are confirmed. */
export class ConfirmPublisher {
  private readonly session: ConfirmSession;

  constructor(
    private readonly connection: AmqpConnection,
    options: ConfirmPublisherOptions = {},
  ) {
    this.session = new ConfirmSession(connection, options);
  }

  /** How often a publish paused for the channel's buffer to drain (back-pressure). */
  get drainWaits(): number {
    return this.session.drainWaits;
  }

  /**
   * Resolves when the broker confirmed every message. Rejects (never hangs) on a nack, an
   * unroutable message, a closed channel or connection, or the confirm timeout; some messages may
   * then be stored already, so the caller republishes the whole batch (consumers dedupe on id).
   */
  async publishAll(messages: readonly PublishMessage[]): Promise<void> {
    // Serialise everything first: a body that cannot be encoded rejects before anything is sent.
    const exchange = this.connection.topology.exchange;
    const timestamp = Math.floor(Date.now() / 1000);
    const outgoing = messages.map((message): OutgoingMessage => {
      if (typeof message.messageId !== 'string' || message.messageId.length === 0) {
        throw new TypeError(
          `publishAll: messageId must be a non-empty string (routing key ${message.routingKey})`,
        );
      }
      return {
        exchange,
        routingKey: message.routingKey,
        content: Buffer.isBuffer(message.body)
          ? message.body
          : Buffer.from(JSON.stringify(message.body)),
        messageId: message.messageId,
        properties: {
          messageId: message.messageId,
          deliveryMode: 2,
          contentType: 'application/json',
          timestamp,
          mandatory: true,
          headers: message.headers,
        },
      };
    });
    await this.session.publish(outgoing);
  }

  /**
   * Refuses new publishes, lets those in flight settle (up to `closeTimeoutMs`), then closes the
   * channel; publishes still unconfirmed then reject with ChannelClosedError. Idempotent.
   */
  async close(): Promise<void> {
    await this.session.close();
  }
}
