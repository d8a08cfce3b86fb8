import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileMapping } from './compile-mapping';
import { validateMappingDocument } from './mapping-document-validator';
import { SOURCE_ENTITIES } from './mapping-result';
import { TRANSFORM_OPS } from './transform-validator';

/** docs/mapping.md, found by walking up: specs run from the source tree and from build dirs. */
function readMappingDoc(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'mapping.md');
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  assert.fail('docs/mapping.md not found above ' + __dirname);
}

describe('docs/mapping.md', () => {
  const doc = readMappingDoc();

  it('shows an override example that validates and compiles for every entity', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(doc);
    assert.ok(example, 'no json example');
    const parsed: unknown = JSON.parse(example[1]);
    const result = validateMappingDocument(parsed);
    assert.deepEqual(result.ok ? [] : result.errors, []);
    for (const entity of SOURCE_ENTITIES) {
      assert.equal(typeof compileMapping(entity, parsed, { defaultRegion: 'US' }), 'function');
    }
  });

  it('documents exactly the transforms the validator accepts', () => {
    const section = doc.slice(doc.indexOf('## Transforms'));
    const documented = [...section.matchAll(/^\| `([a-z]+)` +\|/gm)]
      .map((match) => match[1])
      .filter((name) => name !== 'op');
    assert.deepEqual([...documented].sort(), [...TRANSFORM_OPS].sort());
  });
});
