import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ml/config';
import { closeOnSignals, JsonLogger } from '@ml/runtime';
import { WriterModule } from './writer.module';

/** Scale this one: every replica consumes the same queue and shares one HubSpot budget. */
async function bootstrap(): Promise<void> {
  const logger = new JsonLogger('writer', loadConfig().logLevel);
  const app = await NestFactory.createApplicationContext(WriterModule, { logger });
  closeOnSignals(app, logger);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
