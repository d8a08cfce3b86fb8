import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ml/config';
import { ConfirmPublisher } from '@ml/messaging';
import { Metrics } from '@ml/runtime';
import { OutboxRepository } from './outbox.repository';

const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/**
 * Moves outbox rows to RabbitMQ. A row leaves the outbox only after the broker confirmed it,
 * so a crash between publish and delete re-sends it (at-least-once; the writer is idempotent).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: ConfirmPublisher,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.sampleOnScrape(async () =>
      this.metrics.outboxDepth.set(await this.outbox.pendingCount()),
    );
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** A hint that rows were just committed; the loop also polls, so a lost hint costs latency only. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Publishes until the outbox is empty once; used by tests and shutdown. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.outbox.drain(this.config.poller.relayBatchSize, (messages) =>
        this.publisher.publishAll(
          messages.map((m) => ({
            messageId: m.messageId,
            routingKey: m.routingKey,
            body: Buffer.from(m.payload),
            headers: m.headers,
          })),
        ),
      );
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.drainOnce();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.logger.warn(
          `outbox relay failed (attempt ${this.failures}), rows stay queued: ${describe(error)}`,
        );
      }
      if (!this.running) break;
      const delay =
        this.failures > 0
          ? Math.random() * Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.failures)
          : published > 0
            ? 0
            : IDLE_POLL_MS;
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
