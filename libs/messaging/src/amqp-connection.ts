import {
  connect,
  type Channel,
  type ChannelModel,
  type ChannelOptions,
  type ConfirmChannel,
  type RecoveringChannelModel,
} from 'amqplib';
import { coalesceSocketWrites } from './coalesce-writes';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffOptions } from './backoff';
import { NotConnectedError } from './messaging-errors';
import { stderrMessagingLogger, type MessagingLogger } from './messaging-logger';
import type { MessagingTopology } from './messaging-topology';
import { readQueueDepth, type QueueDepth } from './queue-depth';
import { redactError, redactText, redactUrl, secretsOf } from './redact';

export interface AmqpConnectionOptions {
  /** `amqp://user:password@host:port/vhost`; the password never appears in logs or errors. */
  readonly url: string;
  readonly topology: MessagingTopology;
  /** Shown in the broker's connection list, so operators can tell the apps apart. */
  readonly connectionName?: string;
  readonly reconnect?: Partial<BackoffOptions>;
  /** How long `start()` waits for the first connection before rejecting (default 30 s). */
  readonly startTimeoutMs?: number;
  readonly logger?: MessagingLogger;
}

export type ConnectedListener = (generation: number) => void;
export type DisconnectedListener = (error: Error) => void;

/**
 * A consumer or publisher built on the connection. `close()` of the connection closes consumers
 * first (their in-flight work may still publish, e.g. dead-letter), then publishers.
 */
export interface ConnectionClient {
  readonly kind: 'consumer' | 'publisher';
  close(): Promise<void>;
}

/**
 * One broker connection that reconnects by itself (capped exponential backoff, full jitter) and
 * declares the topology on every connect before anyone is told it is up. Channels are not
 * recovered: their owners (publisher, consumer) open new ones on `onConnected`.
 */
export class AmqpConnection {
  /** The URL with its password redacted. */
  readonly safeUrl: string;
  private readonly secrets: string[];
  private readonly logger: MessagingLogger;
  private readonly backoff: BackoffOptions;
  private recovering: RecoveringChannelModel | undefined;
  private model: ChannelModel | undefined;
  private connectionGeneration = 0;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private blocked = false;
  private lastFailure: Error | undefined;
  private readonly connectedListeners = new Set<ConnectedListener>();
  private readonly disconnectedListeners = new Set<DisconnectedListener>();
  private readonly clients = new Set<ConnectionClient>();

  constructor(private readonly options: AmqpConnectionOptions) {
    this.safeUrl = redactUrl(options.url);
    this.secrets = secretsOf(options.url);
    this.logger = options.logger ?? stderrMessagingLogger;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
  }

  get topology(): MessagingTopology {
    return this.options.topology;
  }

  /** Increments on every successful (re)connect; 0 before the first one. */
  get generation(): number {
    return this.connectionGeneration;
  }

  /** Connects (retrying with backoff) and resolves once connected with the topology declared. */
  start(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('AmqpConnection: start() after close()'));
    // Concurrent callers share one attempt: a second connect() would open a second connection.
    this.starting ??= this.connectFirst();
    return this.starting;
  }

  private async connectFirst(): Promise<void> {
    const recovering = await connect(this.options.url, {
      clientProperties: { connection_name: this.options.connectionName ?? 'ml-connector' },
      recovery: {
        // Listeners must be attached before the first attempt, or its events are lost.
        waitForConnect: false,
        calculateDelay: (attempt) => fullJitterDelay(attempt, this.backoff),
        setup: (model: ChannelModel) => {
          if (!coalesceSocketWrites(model.connection)) {
            this.logger.warn('amqp socket not found: frames are written one by one');
          }
          return this.declareTopology(model);
        },
      },
    });
    if (this.closing) {
      // close() ran while connect() was pending: it found nothing to close, so close this here.
      await recovering.close().catch(() => undefined);
      throw new NotConnectedError(`connection to ${this.safeUrl} closed while starting`);
    }
    this.recovering = recovering;
    this.attach(recovering);
    await this.waitForFirstConnection(recovering);
  }

  /** Connected, topology declared, not closing. Publishers may still be paused by `isBlocked()`. */
  isHealthy(): boolean {
    return this.model !== undefined && !this.closing;
  }

  /** The broker blocked publishing (memory or disk alarm): publishes wait until it unblocks. */
  isBlocked(): boolean {
    return this.blocked;
  }

  /** Called after every (re)connect, topology already declared. Returns an unsubscribe function. */
  onConnected(listener: ConnectedListener): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  /** Called when a live connection drops (not for failed attempts). Returns an unsubscribe function. */
  onDisconnected(listener: DisconnectedListener): () => void {
    this.disconnectedListeners.add(listener);
    return () => this.disconnectedListeners.delete(listener);
  }

  /** A channel on the current connection; rejects at once (never waits) while disconnected. */
  async createChannel(options?: ChannelOptions): Promise<Channel> {
    return this.withModel((model) => model.createChannel(options));
  }

  async createConfirmChannel(options?: ChannelOptions): Promise<ConfirmChannel> {
    return this.withModel((model) => model.createConfirmChannel(options));
  }

  /** Ready messages and consumers of the work and dead-letter queues, for health and metrics. */
  async queueDepth(): Promise<QueueDepth> {
    return this.withModel((model) => readQueueDepth(model, this.options.topology));
  }

  /**
   * Graceful and idempotent: stops every consumer built on this connection (no new deliveries,
   * in-flight ones settled or their deadline passed), then closes every publisher (in-flight
   * publishes settle first), then closes the connection and stops reconnecting.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /**
   * @internal Used by AmqpConsumer, ConfirmPublisher and DeadLetterPublisher so that `close()`
   * can close them first. Returns an unregister function.
   */
  registerClient(client: ConnectionClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  private async shutdown(): Promise<void> {
    for (const kind of ['consumer', 'publisher'] as const) {
      const clients = [...this.clients].filter((client) => client.kind === kind);
      await Promise.all(
        clients.map((client) =>
          client.close().catch((error: unknown) => {
            this.logger.warn(`amqp ${kind} close failed: ${this.redact(error).message}`);
          }),
        ),
      );
    }
    this.closed = true;
    this.model = undefined;
    await this.recovering?.close().catch((error: unknown) => {
      this.logger.warn(`amqp close of ${this.safeUrl} failed: ${this.redact(error).message}`);
    });
  }

  /** Error copy safe to log or rethrow: no credentials in the message. */
  redact(error: unknown): Error {
    return redactError(error, this.secrets);
  }

  private async withModel<T>(operation: (model: ChannelModel) => Promise<T>): Promise<T> {
    const model = this.model;
    if (!model || this.closed) {
      throw new NotConnectedError(`not connected to ${this.safeUrl}`);
    }
    try {
      return await operation(model);
    } catch (error) {
      throw this.redact(error);
    }
  }

  private async declareTopology(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      await this.options.topology.declare(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private attach(recovering: RecoveringChannelModel): void {
    recovering.on('connect', (model: ChannelModel) => {
      this.model = model;
      this.blocked = false;
      this.connectionGeneration += 1;
      this.logger.info(
        `amqp connected to ${this.safeUrl} (generation ${this.connectionGeneration})`,
      );
      for (const listener of [...this.connectedListeners]) {
        this.notify(() => listener(this.connectionGeneration));
      }
    });
    recovering.on('disconnect', (error: Error) => {
      this.model = undefined;
      const safe = this.redact(error);
      this.logger.warn(`amqp connection to ${this.safeUrl} lost: ${safe.message}`);
      for (const listener of [...this.disconnectedListeners]) this.notify(() => listener(safe));
    });
    recovering.on('connect-failed', (error: Error) => {
      this.lastFailure = this.redact(error);
      this.logger.warn(`amqp connect to ${this.safeUrl} failed: ${this.lastFailure.message}`);
    });
    recovering.on('reconnect-scheduled', (info: { attempt: number; delay: number }) => {
      this.logger.info(`amqp reconnect attempt ${info.attempt} in ${info.delay} ms`);
    });
    recovering.on('reconnect-failed', (error: Error) => {
      this.logger.error(`amqp gave up reconnecting: ${this.redact(error).message}`);
    });
    recovering.on('blocked', (reason: string) => {
      this.blocked = true;
      this.logger.warn(`amqp broker blocked publishing: ${redactText(reason, this.secrets)}`);
    });
    recovering.on('unblocked', () => {
      this.blocked = false;
      this.logger.info('amqp broker unblocked publishing');
    });
    // Without a listener an 'error' event would throw and crash the process; 'disconnect'
    // already reports the same failure.
    recovering.on('error', (error: Error) => {
      this.logger.warn(`amqp connection error: ${this.redact(error).message}`);
    });
  }

  private async waitForFirstConnection(recovering: RecoveringChannelModel): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The last failure says why, e.g. a 406 when a queue exists with other arguments.
        const why = this.lastFailure ? ` (last error: ${this.lastFailure.message})` : '';
        reject(
          new NotConnectedError(`no connection to ${this.safeUrl} within ${timeoutMs} ms${why}`),
        );
      }, timeoutMs);
    });
    try {
      await Promise.race([recovering.waitForConnect(), timeout]);
    } catch (error) {
      // A failed start leaves nothing retrying in the background.
      await this.close();
      throw error instanceof NotConnectedError ? error : this.redact(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private notify(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error(`amqp connection listener threw: ${this.redact(error).message}`);
    }
  }
}
