/**
 * Writes the admin API's OpenAPI document to openapi.json (repository root), or with --check
 * fails when the committed file differs from what the code generates. The app is created in
 * preview mode: routes and DTOs are read without connecting to Postgres or RabbitMQ.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { committedOpenApiPath, generateOpenApiJson } from '../apps/api/src/openapi-document';

async function main(): Promise<void> {
  const target = committedOpenApiPath();
  const generated = await generateOpenApiJson();
  if (process.argv.includes('--check')) {
    const committed = await readFile(target, 'utf8').catch(() => '');
    if (committed !== generated) {
      console.error('openapi.json is out of date: run `npm run openapi` and commit the result');
      process.exit(1);
    }
    console.log('openapi.json is up to date');
    return;
  }
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
