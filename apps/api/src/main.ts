import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@ml/config';
import { closeOnSignals, JsonLogger } from '@ml/runtime';
import { ApiModule } from './api.module';
import { APP_OPTIONS, configureApp } from './app-setup';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger('api', config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    ...APP_OPTIONS,
    logger,
  });
  configureApp(app);
  await app.listen(config.api.port, config.api.host);
  closeOnSignals(app, logger);
  logger.log(
    `ml-connector API listening on ${await app.getUrl()} (Swagger UI at /docs)`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
