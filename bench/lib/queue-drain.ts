import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { MessagingTopology } from '@ml/messaging';

/** Acknowledge in groups: one frame per message would cost the bench process more CPU. */
const ACK_EVERY = 250;
const ACK_FLUSH_MS = 100;
const PREFETCH = 2_000;

/** What the drain has received since it started (or since the last mark). */
export interface DrainCounts {
  readonly received: number;
  readonly distinctMessages: number;
  readonly distinctPeople: number;
}

/**
 * A plain amqplib consumer on the work queue that acks and counts. With no writer running the
 * poller's events would pile up in the quorum queue; this drains them and checks the count:
 * messages received, distinct message ids (a relay re-send after a lost confirm repeats an id)
 * and distinct people (`sourceId` of the change event).
 */
export class QueueDrain {
  private received = 0;
  private readonly messageIds = new Set<string>();
  private readonly people = new Set<string>();
  private unacked: ConsumeMessage | undefined;
  private pending = 0;
  private readonly flusher: NodeJS.Timeout;

  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
  ) {
    this.flusher = setInterval(() => this.flush(), ACK_FLUSH_MS);
  }

  static async start(url: string, queuePrefix: string): Promise<QueueDrain> {
    const model = await connect(url);
    try {
      const channel = await model.createChannel();
      // Declared with the product's own arguments (idempotent), in case the poller has not yet.
      const topology = new MessagingTopology({ prefix: queuePrefix });
      await topology.declare(channel);
      await channel.prefetch(PREFETCH);
      const drain = new QueueDrain(model, channel);
      await channel.consume(topology.workQueue, (message) => message && drain.onMessage(message));
      return drain;
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
  }

  counts(): DrainCounts {
    return {
      received: this.received,
      distinctMessages: this.messageIds.size,
      distinctPeople: this.people.size,
    };
  }

  /** Starts counting afresh (the incremental poll's messages apart from the initial load's). */
  mark(): void {
    this.received = 0;
    this.messageIds.clear();
    this.people.clear();
  }

  async stop(): Promise<void> {
    clearInterval(this.flusher);
    this.flush();
    await this.model.close().catch(() => undefined);
  }

  private onMessage(message: ConsumeMessage): void {
    this.received++;
    const id: unknown = message.properties.messageId;
    if (typeof id === 'string') this.messageIds.add(id);
    const sourceId = sourceIdOf(message.content);
    if (sourceId) this.people.add(sourceId);
    this.unacked = message;
    if (++this.pending >= ACK_EVERY) this.flush();
  }

  private flush(): void {
    if (!this.unacked) return;
    this.channel.ack(this.unacked, true);
    this.unacked = undefined;
    this.pending = 0;
  }
}

function sourceIdOf(content: Buffer): string | undefined {
  try {
    const body = JSON.parse(content.toString('utf8')) as { sourceId?: unknown };
    return typeof body.sourceId === 'string' ? body.sourceId : undefined;
  } catch {
    return undefined;
  }
}
