import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import { Metrics } from '@ml/runtime';
import { AmqpConsumer, AmqpConnection, DeadLetterPublisher, type Delivery } from '@ml/messaging';
import { WriteBatchUseCase, type BatchItem } from '../write-batch/write-batch.usecase';
import { emailOf } from '../write-batch/email-conflicts';
import { Batcher } from './batcher';
import { BatchSizer, mostEventsPerBatch } from './batch-sizer';
import { parseChangeEvent } from './change-event.guard';

const REQUEUE_DELAY_MS = 1_000;
/** A partial batch is sent at the latest this many lingers after its first item. */
const MAX_LINGERS = 8;

/**
 * Feeds the work queue into batches. A message is acked only by its batch, after the audit
 * rows are committed; a batch that throws (database or broker trouble) nacks its messages
 * back to the queue, where another replica or a later attempt picks them up.
 */
@Injectable()
export class ChangeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeConsumer.name);
  private readonly batcher: Batcher<{ item: BatchItem; delivery: Delivery }>;
  private readonly sizer: BatchSizer;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly consumer: AmqpConsumer,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly writeBatch: WriteBatchUseCase,
    private readonly limiter: HubSpotRateLimiter,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const { batchSize, prefetch, concurrency } = config.writer;
    this.sizer = new BatchSizer(batchSize, mostEventsPerBatch(batchSize, prefetch, concurrency));
    this.batcher = new Batcher(
      {
        size: (group) => this.sizer.sizeOf(group),
        lingerMs: config.writer.lingerMs,
        maxLingerMs: config.writer.lingerMs * MAX_LINGERS,
        concurrency: config.writer.concurrency,
        capacity: config.writer.prefetch,
      },
      ({ item: { event } }) => {
        const email = emailOf(event);
        const record = `${event.connectionId}|${event.entity}|${event.sourceId}`;
        return email ? [record, `${event.connectionId}|email|${email}`] : [record];
      },
      (group, batch) => this.runBatch(group, batch),
    );
    this.prefetch = config.writer.prefetch;
  }

  private readonly prefetch: number;
  private readonly stopping = new AbortController();

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.connection.topology.workQueue;
    await this.consumer.start(queue, this.prefetch, (d) => this.onDelivery(d));
    this.logger.log(`writer consuming ${queue} (prefetch ${this.prefetch})`);
  }

  /** SIGTERM: stop taking messages, finish and settle the batches in hand, then close. */
  async beforeApplicationShutdown(): Promise<void> {
    // Batches waiting out a paused portal give up at once and go back to the queue.
    this.stopping.abort();
    this.limiter.stopWaiting();
    const stopping = this.consumer.stop();
    await this.batcher.drain();
    await stopping;
  }

  private async onDelivery(delivery: Delivery): Promise<void> {
    const event = delivery.malformed ? delivery.parseError : parseChangeEvent(delivery.body);
    if (typeof event === 'string') {
      this.logger.warn(`dead-lettering malformed message ${delivery.messageId ?? '?'}: ${event}`);
      await this.deadLetters
        .deadLetter(delivery, event)
        .catch(() => delivery.nack({ requeue: true }));
      return;
    }
    const item: BatchItem = {
      event,
      // Failed records are acked too: their failure is in the audit trail, replayable from there.
      settle: async (how) => {
        if (how !== 'ack') {
          delivery.nack({ requeue: true });
          return;
        }
        delivery.ack();
        const emittedAt = Date.parse(String(delivery.headers['emitted-at'] ?? ''));
        if (Number.isFinite(emittedAt)) {
          this.metrics.endToEndLagSeconds.observe(
            { entity: event.entity },
            Math.max(0, Date.now() - emittedAt) / 1000,
          );
        }
      },
    };
    this.batcher.add(`${event.connectionId}|${event.entity}`, { item, delivery });
  }

  /** Returns the events the batch had no room for, to be batched again. */
  private async runBatch(
    group: string,
    batch: Array<{ item: BatchItem; delivery: Delivery }>,
  ): Promise<Array<{ item: BatchItem; delivery: Delivery }>> {
    try {
      const report = await this.writeBatch.execute(
        batch.map((x) => x.item),
        this.stopping.signal,
      );
      this.sizer.observe(group, batch.length, report.needingSend);
      const back = new Set(report.handedBack);
      return batch.filter((x) => back.has(x.item));
    } catch (error) {
      this.logger.error(
        `batch of ${batch.length} failed, returning it to the queue: ${error instanceof Error ? error.message : String(error)}`,
      );
      await new Promise((r) => setTimeout(r, REQUEUE_DELAY_MS));
      for (const { delivery } of batch) {
        if (!delivery.settled) delivery.nack({ requeue: true });
      }
      return [];
    }
  }
}
