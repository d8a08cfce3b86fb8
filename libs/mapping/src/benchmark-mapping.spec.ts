import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkMapping, syntheticRows } from './benchmark-mapping';
import { compileMapping } from './compile-mapping';

describe('benchmarkMapping', () => {
  it('counts every synthetic row as mapped or rejected', () => {
    const result = benchmarkMapping(300, 'employee');
    assert.equal(result.records, 300);
    assert.equal(result.mapped + result.rejected, 300);
    // Every hundredth synthetic employee carries a broken email on purpose.
    assert.equal(result.rejected, 3);
    assert.ok(result.recordsPerSecond > 0);
  });

  for (const entity of ['vendor', 'customer'] as const) {
    it(`maps every synthetic ${entity} row`, () => {
      const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
      const rejected = syntheticRows(entity, 200)
        .map(mapper)
        .filter((result) => !result.ok);
      assert.deepEqual(rejected, []);
    });
  }
});
