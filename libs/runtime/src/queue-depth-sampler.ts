import { Injectable, OnModuleInit } from '@nestjs/common';
import { AmqpConnection } from '@ml/messaging';
import { Metrics } from './metrics';

/** Reads the work and dead-letter queue depths from the broker at each scrape. */
@Injectable()
export class QueueDepthSampler implements OnModuleInit {
  constructor(
    private readonly amqp: AmqpConnection,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.sampleOnScrape(async () => {
      const depth = await this.amqp.queueDepth();
      for (const entry of [depth.work, depth.dead]) {
        this.metrics.queueDepth.set({ queue: entry.queue }, entry.ready);
      }
    });
  }
}
