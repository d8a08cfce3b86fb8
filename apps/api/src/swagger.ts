import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ml-connector admin API')
    .setDescription(
      'Configure PeopleSoft → HubSpot connections, read the audit trail, replay failures. ' +
        'Every route except GET /health needs `Authorization: Bearer <key>`: a key from ' +
        'ADMIN_API_KEYS or one created with POST /api-keys. Errors share one shape ' +
        '(statusCode, error, message, correlationId).',
    )
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description: 'An admin API key',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
