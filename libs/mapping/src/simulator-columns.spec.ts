import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// Deep imports from the simulator are fine in a spec: it stands in for the customer's queries,
// and this spec holds the default mapping to the columns those queries return.
import { generateEmployees } from '../../peoplesoft-simulator/src/employee-generator';
import {
  generateCustomers,
  generateVendors,
} from '../../peoplesoft-simulator/src/organisation-generator';
import {
  customerRow,
  employeeRow,
  vendorRow,
  withoutAliases,
} from '../../peoplesoft-simulator/src/query-rows';
import type { QueryRow } from '../../peoplesoft-simulator/src/query-rows';
import { compileMapping } from './compile-mapping';
import { ENTITY_SPECS } from './entity-specs';
import type { SourceEntity } from './mapping-result';
import type { SourceRow } from './source-row';

const NOW_MS = Date.UTC(2026, 10, 28, 12);

/** What the PeopleSoft client does before mapping: aliases stripped, CHAR padding trimmed. */
function asClientRow(row: QueryRow): SourceRow {
  const bare = withoutAliases(row);
  return Object.fromEntries(
    Object.entries(bare).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.trimEnd() : value,
    ]),
  );
}

function simulatorRows(entity: SourceEntity): SourceRow[] {
  switch (entity) {
    case 'employee': {
      const store = generateEmployees({
        count: 300,
        seed: 7,
        nowMs: NOW_MS,
        sharedTimestampRows: 0,
      });
      const rows: SourceRow[] = [];
      for (let row = 0; row < store.rowCount; row++) {
        rows.push(asClientRow(employeeRow(store, row, { numbersAsStrings: row % 2 === 0 })));
      }
      return rows;
    }
    case 'vendor':
      return generateVendors(200, 7, NOW_MS).map((record) => asClientRow(vendorRow(record)));
    case 'customer':
      return generateCustomers(200, 7, NOW_MS).map((record) => asClientRow(customerRow(record)));
  }
}

/** Every PeopleSoft column a default rule, key or lifecycle reads. */
function columnsRead(entity: SourceEntity): string[] {
  const spec = ENTITY_SPECS[entity];
  const columns = new Set<string>(['LASTUPDDTTM', spec.statusField]);
  for (const part of spec.keyParts) columns.add(part.field);
  for (const rule of spec.defaultRules) {
    if (rule.source !== undefined) columns.add(rule.source);
    for (const transform of rule.transforms) {
      if (transform.op === 'concat') transform.fields.forEach((field) => columns.add(field));
      if (transform.op === 'default' && transform.field !== undefined) columns.add(transform.field);
      if (transform.op === 'phone' && transform.regionField !== undefined) {
        columns.add(transform.regionField);
      }
    }
  }
  return [...columns].sort();
}

const ENTITIES: readonly SourceEntity[] = ['employee', 'vendor', 'customer'];

describe('default mapping against the simulator queries', () => {
  for (const entity of ENTITIES) {
    it(`reads only columns the ${entity} query returns`, () => {
      const returned = new Set(Object.keys(simulatorRows(entity)[0]));
      const missing = columnsRead(entity).filter((column) => !returned.has(column));
      assert.deepEqual(missing, []);
    });

    it(`maps the simulator's ${entity} rows, rejecting only deliberately bad emails`, () => {
      const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
      const results = simulatorRows(entity).map(mapper);
      const otherReasons = results.flatMap((result) =>
        result.ok
          ? []
          : result.reasons.filter(
              (reason) => !/^EMAIL_ADDR .* is not a valid email address$/.test(reason),
            ),
      );
      assert.deepEqual(otherReasons, []);
      const mapped = results.filter((result) => result.ok);
      assert.ok(mapped.length > results.length / 2, `${mapped.length} of ${results.length} mapped`);
    });
  }
});
