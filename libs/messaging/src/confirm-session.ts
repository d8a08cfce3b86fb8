import type { Options } from 'amqplib';
import type { AmqpConnection } from './amqp-connection';
import { ConfirmBatch } from './confirm-batch';
import { ConfirmChannelState } from './confirm-channel-state';
import { withDeadline } from './deadline';
import {
  ChannelClosedError,
  PublishNackedError,
  PublishTimeoutError,
  UnroutableMessageError,
} from './messaging-errors';

export interface OutgoingMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly messageId: string;
  readonly properties: Options.Publish;
}

export interface ConfirmSessionOptions {
  /** Bytes buffered on the channel before `publish` reports back-pressure (amqplib default 16 KiB). */
  readonly highWaterMark?: number;
  /** Longest a publish waits for all its confirms (or for a channel) before rejecting. */
  readonly confirmTimeoutMs?: number;
  /** How long `close()` waits for publishes in flight to settle before closing the channel (default 10 s). */
  readonly closeTimeoutMs?: number;
}

const DEFAULT_CONFIRM_TIMEOUT_MS = 30_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Publishes batches on one lazily opened confirm channel, pipelined: every message is written
 * before any confirm is awaited. A publish settles exactly once, and always: confirmed, nacked,
 * returned, channel closed, or timed out.
 */
export class ConfirmSession {
  private state: ConfirmChannelState | undefined;
  private opening: Promise<ConfirmChannelState> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Set once `close()` has waited for in-flight publishes: no channel may be opened after it. */
  private channelsRefused = false;
  private drainWaitCount = 0;
  /** Publishes not settled yet: `close()` lets them finish before closing the channel. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: ConfirmSessionOptions = {},
  ) {
    // The connection's close() closes this session (after its consumers), whatever order the
    // caller closes in.
    this.unregister = connection.registerClient({ kind: 'publisher', close: () => this.close() });
  }

  private readonly unregister: () => void;

  /** How often a publish paused for the channel's buffer to drain (back-pressure). */
  get drainWaits(): number {
    return this.drainWaitCount;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new ChannelClosedError('publisher is closed');
    if (messages.length === 0) return;
    const batch = new ConfirmBatch(messages.length);
    const timeoutMs = this.options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    let used: ConfirmChannelState | undefined;
    const timer = setTimeout(() => {
      batch.fail(
        new PublishTimeoutError(
          `${messages.length} message(s) not confirmed within ${timeoutMs} ms`,
        ),
      );
      // Late confirms would belong to nobody; a fresh channel starts clean.
      if (used) this.discard(used);
    }, timeoutMs);
    const settled = batch.done.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    try {
      this.send(messages, batch, (state) => (used = state)).catch((error: unknown) =>
        batch.fail(error instanceof Error ? error : new Error(String(error))),
      );
      await batch.done;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(settled);
    }
  }

  /**
   * Refuses new publishes at once, lets those in flight settle (up to `closeTimeoutMs`), then
   * closes the channel; publishes still unconfirmed then reject with `ChannelClosedError`.
   * Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown().finally(() => this.unregister());
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    const timeoutMs = this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    await withDeadline(Promise.all([...this.inFlight]), timeoutMs, () => undefined);
    this.channelsRefused = true;
    const state = this.state ?? (await this.opening?.catch(() => undefined));
    this.state = undefined;
    if (!state || state.closedReason) return;
    state.markClosed(new ChannelClosedError('publisher closed'));
    // Bounded: on a blocked connection the close handshake may never be answered.
    await withDeadline(
      state.channel.close().catch(() => undefined),
      5_000,
      () => undefined,
    );
  }

  private async send(
    messages: readonly OutgoingMessage[],
    batch: ConfirmBatch,
    onChannel: (state: ConfirmChannelState) => void,
  ): Promise<void> {
    const state = await this.channel();
    onChannel(state);
    for (const message of messages) {
      if (batch.settled) return;
      const closed = state.closedReason;
      if (closed) throw closed;
      const flushed = state.channel.publish(
        message.exchange,
        message.routingKey,
        message.content,
        message.properties,
        (error: unknown) => this.onConfirm(state, message, batch, error),
      );
      if (!flushed) {
        this.drainWaitCount += 1;
        await state.waitForDrain();
      }
    }
  }

  private onConfirm(
    state: ConfirmChannelState,
    message: OutgoingMessage,
    batch: ConfirmBatch,
    error: unknown,
  ): void {
    const returned = state.takeReturned(message.messageId);
    if (error) {
      batch.fail(
        state.closedReason ?? new PublishNackedError(`broker nacked message ${message.messageId}`),
      );
    } else if (returned) {
      batch.fail(
        new UnroutableMessageError(
          `no queue bound to ${message.exchange} for routing key ${message.routingKey} (message ${message.messageId})`,
        ),
      );
    } else {
      batch.confirm();
    }
  }

  private async channel(): Promise<ConfirmChannelState> {
    if (this.state && !this.state.closedReason) return this.state;
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<ConfirmChannelState> {
    const channel = await this.connection.createConfirmChannel(
      this.options.highWaterMark === undefined
        ? undefined
        : { highWaterMark: this.options.highWaterMark },
    );
    const state = new ConfirmChannelState(channel, (error) => this.connection.redact(error));
    if (this.channelsRefused) {
      await channel.close().catch(() => undefined);
      throw new ChannelClosedError('publisher is closed');
    }
    this.state = state;
    return state;
  }

  private discard(state: ConfirmChannelState): void {
    state.markClosed(new ChannelClosedError('confirm channel discarded after a confirm timeout'));
    if (this.state === state) this.state = undefined;
    void state.channel.close().catch(() => undefined);
  }
}
