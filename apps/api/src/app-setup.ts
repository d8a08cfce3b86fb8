import type { NestExpressApplication } from '@nestjs/platform-express';
import { BODY_LIMIT } from './common/api-exception.filter';
import { bodyShapeMiddleware } from './common/body-shape';
import { correlationIdMiddleware } from './common/correlation-id';
import { mountSwagger } from './swagger';

/**
 * Options to create the app with: the JSON parser is added by `configureApp` with a limit;
 * `rawBody` keeps the exact bytes, which the HubSpot webhook signature covers.
 */
export const APP_OPTIONS = { bodyParser: false, rawBody: true } as const;

/**
 * What main.ts and the tests both need on top of the module: correlation ids, a JSON body
 * parser with a size limit, and Swagger UI at /docs (spec at /docs-json).
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.use(correlationIdMiddleware);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(bodyShapeMiddleware);
  app.disable('x-powered-by');
  mountSwagger(app);
  return app;
}
