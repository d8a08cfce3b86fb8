import type { Channel } from 'amqplib';

/** One consumer channel: its generation, and the deliveries it handed out and not yet settled. */
export class ConsumerChannel {
  consumerTag: string | undefined;
  private isOpen = true;
  private unsettledCount = 0;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    readonly channel: Channel,
    readonly generation: number,
    /** The connection generation it was opened on: after a reconnect it is stale. */
    readonly connectionGeneration: number,
  ) {}

  get open(): boolean {
    return this.isOpen;
  }

  get unsettled(): number {
    return this.isOpen ? this.unsettledCount : 0;
  }

  delivered(): void {
    this.unsettledCount += 1;
  }

  settledOne(): void {
    this.unsettledCount = Math.max(0, this.unsettledCount - 1);
    if (this.unsettledCount === 0) this.wakeIdle();
  }

  /** Its unsettled deliveries are the broker's again (it redelivers them), so none remain here. */
  markClosed(): void {
    this.isOpen = false;
    this.unsettledCount = 0;
    this.wakeIdle();
  }

  /** Resolves when every delivery is settled or the channel has closed. */
  whenIdle(): Promise<void> {
    if (this.unsettled === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private wakeIdle(): void {
    for (const wake of this.idleWaiters) wake();
    this.idleWaiters.clear();
  }
}
