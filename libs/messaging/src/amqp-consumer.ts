import type { ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from './amqp-connection';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from './backoff';
import { ConsumerChannel } from './consumer-channel';
import { withDeadline } from './deadline';
import { toDelivery, type Delivery, type Settle } from './delivery';
import { stderrMessagingLogger, type MessagingLogger } from './messaging-logger';

export type DeliveryHandler = (delivery: Delivery) => void | Promise<void>;

export interface AmqpConsumerOptions {
  /** How long `stop()` waits for in-flight deliveries to be settled and handlers to return (default 30 s). */
  readonly stopTimeoutMs?: number;
  /** Backoff for reopening the channel after it closed while the connection stayed up. */
  readonly reopen?: Partial<BackoffOptions>;
  readonly logger?: MessagingLogger;
}

interface Subscription {
  readonly queue: string;
  readonly prefetch: number;
  readonly handler: DeliveryHandler;
}

/**
 * Consumes one queue with manual acks, on a channel it reopens after every reconnect. Each
 * channel has a generation; a delivery can only be settled on the channel it came from, so an
 * ack after a reconnect is a no-op (an old tag on the new channel would close it with 406).
 */
export class AmqpConsumer {
  private readonly logger: MessagingLogger;
  private readonly backoff: BackoffOptions;
  private subscription: Subscription | undefined;
  private current: ConsumerChannel | undefined;
  private channelGeneration = 0;
  private opening: Promise<void> | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenAttempt = 0;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Handler calls that have not returned (or whose promise has not settled) yet, on any channel. */
  private runningHandlers = 0;
  private readonly handlersIdleWaiters = new Set<() => void>();
  private readonly unregister: () => void;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: AmqpConsumerOptions = {},
  ) {
    this.logger = options.logger ?? stderrMessagingLogger;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reopen };
    // The connection's close() stops this consumer first, whatever order the caller closes in.
    this.unregister = connection.registerClient({ kind: 'consumer', close: () => this.stop() });
  }

  /** Generation of the current consumer channel (increments each time one is opened). */
  get generation(): number {
    return this.channelGeneration;
  }

  /** Deliveries handed to the handler on the current channel and not settled yet. */
  get inFlight(): number {
    return this.current?.unsettled ?? 0;
  }

  isConsuming(): boolean {
    return this.current?.open === true && this.current.consumerTag !== undefined;
  }

  /**
   * Starts consuming, and again after every reconnect. If connected, resolves once the consumer
   * is registered (and rejects if, for example, the queue does not exist); otherwise it starts
   * when the connection comes up. A handler that throws has its delivery requeued.
   */
  async start(queue: string, prefetch: number, onDelivery: DeliveryHandler): Promise<void> {
    if (this.subscription || this.stopping)
      throw new Error('AmqpConsumer: start() may be called once');
    if (!Number.isInteger(prefetch) || prefetch < 1) {
      throw new Error(`AmqpConsumer: prefetch must be a positive integer, got ${prefetch}`);
    }
    this.subscription = { queue, prefetch, handler: onDelivery };
    this.unsubscribe = this.connection.onConnected(() => this.resume());
    if (!this.connection.isHealthy()) return;
    try {
      await this.ensureConsuming();
    } catch (error) {
      this.unsubscribe();
      this.subscription = undefined;
      throw this.connection.redact(error);
    }
  }

  /**
   * Graceful and idempotent: cancels the consumer (no new deliveries), waits until in-flight
   * deliveries are settled and running handlers have returned, or for `stopTimeoutMs`, then
   * closes the channel; the broker requeues whatever is still unsettled.
   */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown().finally(() => this.unregister());
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    const deadline = Date.now() + (this.options.stopTimeoutMs ?? 30_000);
    const remaining = (): number => deadline - Date.now();
    // Bounded: on a blocked connection a channel open (or any RPC) may never be answered.
    await withDeadline(
      this.opening?.catch(() => undefined) ?? Promise.resolve(),
      remaining(),
      () => undefined,
    );
    const session = this.current;
    if (session?.open && session.consumerTag !== undefined) {
      await withDeadline(
        session.channel.cancel(session.consumerTag).catch(() => undefined),
        remaining(),
        () => undefined,
      );
      session.consumerTag = undefined;
    }
    const idle = await withDeadline(
      Promise.all([session?.whenIdle(), this.whenHandlersIdle()]).then(() => true),
      remaining(),
      () => false,
    );
    if (!idle) {
      this.logger.warn(
        `consumer of ${this.subscription?.queue} stopped with ${session?.unsettled ?? 0} unsettled deliveries and ${this.runningHandlers} running handlers; the broker will redeliver the unsettled ones`,
      );
    }
    if (!session?.open) return;
    session.markClosed();
    await withDeadline(
      session.channel.close().catch(() => undefined),
      5_000,
      () => undefined,
    );
  }

  private whenHandlersIdle(): Promise<void> {
    if (this.runningHandlers === 0) return Promise.resolve();
    return new Promise((resolve) => this.handlersIdleWaiters.add(resolve));
  }

  private handlerFinished(): void {
    this.runningHandlers -= 1;
    if (this.runningHandlers > 0) return;
    for (const wake of this.handlersIdleWaiters) wake();
    this.handlersIdleWaiters.clear();
  }

  private resume(): void {
    this.ensureConsuming().catch((error: unknown) => {
      this.logger.warn(
        `consumer of ${this.subscription?.queue} could not start: ${this.connection.redact(error).message}`,
      );
      this.scheduleReopen();
    });
  }

  /** Serialised: concurrent callers (reconnect, reopen timer, start) share one attempt. */
  private ensureConsuming(): Promise<void> {
    this.opening ??= this.openChannel().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async openChannel(): Promise<void> {
    const subscription = this.subscription;
    if (this.stopping || !subscription || !this.connection.isHealthy()) return;
    const existing = this.current;
    if (existing?.open) {
      if (existing.connectionGeneration === this.connection.generation) return;
      existing.markClosed();
      void existing.channel.close().catch(() => undefined);
    }
    const channel = await this.connection.createChannel();
    const session = new ConsumerChannel(
      channel,
      ++this.channelGeneration,
      this.connection.generation,
    );
    this.current = session;
    channel.on('error', (error: unknown) => {
      this.logger.warn(
        `consumer channel of ${subscription.queue} failed: ${this.connection.redact(error).message}`,
      );
    });
    channel.on('close', () => this.onChannelClosed(session));
    await channel.prefetch(subscription.prefetch);
    const { consumerTag } = await channel.consume(
      subscription.queue,
      (message) => this.onMessage(session, subscription, message),
      { noAck: false },
    );
    session.consumerTag = consumerTag;
    this.reopenAttempt = 0;
  }

  private onChannelClosed(session: ConsumerChannel): void {
    const wasOpen = session.open;
    session.markClosed();
    if (!wasOpen || session !== this.current || this.stopping) return;
    this.logger.warn(`consumer channel of ${this.subscription?.queue} closed; reopening`);
    this.scheduleReopen();
  }

  // Reconnects are handled by onConnected; this covers a channel closed on a live connection
  // (e.g. a broker-side cancel), and an open attempt that lost a race with a reconnect.
  private scheduleReopen(): void {
    if (this.stopping || this.reopenTimer) return;
    this.reopenAttempt += 1;
    this.reopenTimer = setTimeout(
      () => {
        this.reopenTimer = undefined;
        this.resume();
      },
      fullJitterDelay(this.reopenAttempt, this.backoff),
    );
  }

  private onMessage(
    session: ConsumerChannel,
    subscription: Subscription,
    message: ConsumeMessage | null,
  ): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted or failed over): start over on a new channel.
      this.logger.warn(`broker cancelled the consumer of ${subscription.queue}`);
      void session.channel.close().catch(() => undefined);
      return;
    }
    // Left unacked on purpose: the channel closes shortly and the broker requeues it.
    if (this.stopping || !session.open) return;
    session.delivered();
    const delivery = toDelivery(
      message,
      subscription.queue,
      session.generation,
      this.settlerFor(session, message),
    );
    this.runningHandlers += 1;
    try {
      const result = subscription.handler(delivery);
      if (result instanceof Promise) {
        result
          .catch((error: unknown) => this.onHandlerError(delivery, error))
          .finally(() => this.handlerFinished());
        return;
      }
    } catch (error) {
      this.onHandlerError(delivery, error);
    }
    this.handlerFinished();
  }

  private settlerFor(session: ConsumerChannel, message: ConsumeMessage): Settle {
    return (action) => {
      // A delivery from an earlier channel: its tag means nothing on the current one.
      if (!session.open || session.generation !== this.channelGeneration) return false;
      session.settledOne();
      try {
        if (action === 'ack') session.channel.ack(message);
        else session.channel.nack(message, false, action === 'nack-requeue');
        return true;
      } catch {
        // The channel closed between the check and the call; the broker redelivers.
        return false;
      }
    };
  }

  private onHandlerError(delivery: Delivery, error: unknown): void {
    this.logger.error(
      `delivery handler failed for message ${delivery.messageId ?? '(no id)'}: ${this.connection.redact(error).message}`,
    );
    if (!delivery.settled) delivery.nack({ requeue: true });
  }
}
