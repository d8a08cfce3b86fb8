import { performance } from 'node:perf_hooks';
import { benchmarkMapping, SOURCE_ENTITIES, type SourceEntity } from '@ml/mapping';
// Not re-exported by @ml/mapping's index: the very rows benchmarkMapping maps, for the reference.
import { syntheticRows } from '../../libs/mapping/src/benchmark-mapping';
import { atLeast, resultRow, type ResultRow } from '../lib/result-row';
import type { Sizes } from '../lib/sizes';
import { median, perSecond } from '../lib/stats';

const NAME = 'mapping';

/**
 * Records/s mapped and validated with the default mapping, per entity, on this thread. The
 * reference is a JSON.parse(JSON.stringify(row)) loop over the same synthetic rows: the cheapest
 * thing that touches every field of every row, run right after in the same process.
 */
export function runMappingBenchmark(sizes: Sizes): ResultRow[] {
  return SOURCE_ENTITIES.map((entity) => {
    const mapped: number[] = [];
    const reference: number[] = [];
    let rejected = 0;
    for (let i = 0; i < sizes.mappingRepeats; i++) {
      const result = benchmarkMapping(sizes.mappingRows, entity);
      mapped.push(result.recordsPerSecond);
      rejected = result.rejected;
      reference.push(jsonRoundTripRate(entity, sizes.mappingRows));
    }
    return resultRow(NAME, {
      figure: `${entity} records mapped+validated`,
      value: Math.round(median(mapped)),
      unit: 'records/s',
      target: atLeast(100_000),
      reference: {
        name: 'JSON round trip of the same rows',
        value: Math.round(median(reference)),
        unit: 'rows/s',
      },
      note:
        `median of ${sizes.mappingRepeats} x ${sizes.mappingRows.toLocaleString('en-US')} rows, ` +
        `${rejected} rejected by validation per pass`,
    });
  });
}

function jsonRoundTripRate(entity: SourceEntity, count: number): number {
  const rows = syntheticRows(entity, count);
  let sink = 0;
  for (let i = 0; i < Math.min(rows.length, 2_000); i++) {
    sink += JSON.stringify(JSON.parse(JSON.stringify(rows[i]))).length;
  }
  const started = performance.now();
  for (const row of rows) sink += Object.keys(JSON.parse(JSON.stringify(row))).length;
  const elapsed = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return perSecond(count, elapsed);
}
