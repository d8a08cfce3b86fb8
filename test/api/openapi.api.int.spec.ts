import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { committedOpenApiPath, generateOpenApiJson } from '../../apps/api/src/openapi-document';

test('the committed openapi.json is what the code generates (run `npm run openapi`)', async () => {
  const generated = await generateOpenApiJson();
  const committed = await readFile(committedOpenApiPath(), 'utf8');
  assert.equal(committed, generated, 'openapi.json is out of date: run `npm run openapi`');
});

// The HubSpot webhook is authenticated by its v3 signature, not by an admin key.
const PUBLIC_PATHS = new Set([
  '/health',
  '/health/live',
  '/health/ready',
  '/metrics',
  '/webhooks/hubspot',
]);

test('every operation is documented, and every one but the probes declares the bearer scheme', async () => {
  const doc = JSON.parse(await generateOpenApiJson());
  assert.deepEqual(doc.components.securitySchemes.bearer, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key',
    description: 'An admin API key',
  });
  let operations = 0;
  for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      operations += 1;
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.summary, `${where} has a summary`);
      const responses = op.responses as Record<string, unknown>;
      assert.ok(
        Object.keys(responses).some((code) => code.startsWith('2')),
        `${where} documents its success`,
      );
      if (PUBLIC_PATHS.has(path)) {
        assert.equal(op.security, undefined, `${where} is public`);
        continue;
      }
      assert.deepEqual(op.security, [{ bearer: [] }], `${where} declares the bearer scheme`);
      assert.ok(responses['401'], `${where} documents its 401`);
    }
  }
  assert.ok(operations >= 16);
  for (const [name, schema] of Object.entries<{ properties?: object }>(doc.components.schemas)) {
    assert.ok(
      schema.properties && Object.keys(schema.properties).length > 0,
      `${name} has documented properties`,
    );
  }
});
