import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api.module';
import { buildOpenApiDocument } from './swagger';

/**
 * The OpenAPI document as JSON text (2-space indent, trailing newline), built from the app in
 * preview mode: no provider is instantiated, so no database or broker is needed.
 */
export async function generateOpenApiJson(): Promise<string> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** openapi.json at the repository root, found from any build directory (dist, .tmp/...). */
export function committedOpenApiPath(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      readFileSync(candidate, 'utf8').includes('"name": "ml-connector"')
    ) {
      return join(dir, 'openapi.json');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root (package.json of ml-connector) not found');
    dir = parent;
  }
}
