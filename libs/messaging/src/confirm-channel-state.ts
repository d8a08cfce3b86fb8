import type { ConfirmChannel, Message } from 'amqplib';
import { ChannelClosedError } from './messaging-errors';

/** One confirm channel and what this lib tracks about it until it closes. */
export class ConfirmChannelState {
  private closedError: Error | undefined;
  private readonly drainWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** messageId → count of mandatory publishes the broker returned as unroutable. */
  private readonly returned = new Map<string, number>();

  constructor(
    readonly channel: ConfirmChannel,
    redact: (error: unknown) => Error,
  ) {
    channel.on('drain', () => {
      for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
    });
    // Without an 'error' listener a channel error would be thrown as an uncaught exception.
    channel.on('error', (error: unknown) => {
      this.markClosed(new ChannelClosedError(`confirm channel closed: ${redact(error).message}`));
    });
    // Prepended: amqplib's own 'close' listener (registered in the channel's constructor) fails
    // every unconfirmed publish with a bare "channel closed" error, and the confirm callbacks must
    // already see the channel as closed then, or a lost connection would be reported as a nack.
    channel.prependListener('close', () =>
      this.markClosed(new ChannelClosedError('confirm channel closed')),
    );
    // The broker sends basic.return before the basic.ack of the same message, so the return is
    // recorded by the time the confirm callback asks about it.
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId;
      if (typeof id === 'string') this.returned.set(id, (this.returned.get(id) ?? 0) + 1);
    });
  }

  /** Why the channel can no longer be used, or undefined while it is open. */
  get closedReason(): Error | undefined {
    return this.closedError;
  }

  markClosed(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
  }

  waitForDrain(): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  takeReturned(messageId: string): boolean {
    const count = this.returned.get(messageId);
    if (count === undefined) return false;
    if (count <= 1) this.returned.delete(messageId);
    else this.returned.set(messageId, count - 1);
    return true;
  }
}
