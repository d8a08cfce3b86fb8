import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ml/config';
import { closeOnSignals, JsonLogger } from '@ml/runtime';
import { PollerModule } from './poller.module';

/** The poller has no HTTP API: a scheduler, the PeopleSoft reads, the outbox relay, and probes. */
async function bootstrap(): Promise<void> {
  const logger = new JsonLogger('poller', loadConfig().logLevel);
  const app = await NestFactory.createApplicationContext(PollerModule, { logger });
  closeOnSignals(app, logger);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
