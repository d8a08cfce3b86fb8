import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { compileMapping } from './compile-mapping';
import { contentHashOf } from './content-hash';
import { employeeRow, expectMapped, mapDefault, vendorRow } from './spec-support';

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('contentHashOf', () => {
  it('hashes the documented canonical form', () => {
    const expected = createHash('sha256').update('1:a=1:x;4:name=4:Acme;').digest('hex');
    assert.equal(contentHashOf({ name: 'Acme', a: 'x' }), expected);
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.integer(), (properties, seed) => {
        const reordered = Object.fromEntries(shuffled(Object.entries(properties), seed));
        assert.equal(contentHashOf(reordered), contentHashOf(properties));
      }),
    );
  });

  it('tells apart property sets that a naive join would confuse', () => {
    assert.notEqual(contentHashOf({ a: 'b;c=d' }), contentHashOf({ a: 'b', c: 'd' }));
    assert.notEqual(contentHashOf({ ab: 'c' }), contentHashOf({ a: 'bc' }));
    assert.notEqual(contentHashOf({ a: '' }), contentHashOf({}));
  });

  it('changes when any value changes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.string(), { minKeys: 1 }),
        fc.string(),
        (properties, extra) => {
          const key = Object.keys(properties)[0];
          const changed = { ...properties, [key]: properties[key] + extra + 'x' };
          assert.notEqual(contentHashOf(changed), contentHashOf(properties));
        },
      ),
    );
  });
});

describe('contentHash of mapped records', () => {
  it('equals contentHashOf over the mapped properties', () => {
    for (const record of [
      expectMapped(mapDefault('employee', employeeRow())),
      expectMapped(mapDefault('vendor', vendorRow())),
    ]) {
      assert.equal(record.contentHash, contentHashOf(record.properties));
    }
  });

  it('is the same for the same row mapped twice, by two compiled mappers', () => {
    const first = compileMapping('employee', undefined, { defaultRegion: 'US' });
    const second = compileMapping('employee', undefined, { defaultRegion: 'US' });
    assert.equal(
      expectMapped(first(employeeRow())).contentHash,
      expectMapped(second(employeeRow())).contentHash,
    );
  });

  it('ignores column order, CHAR padding and re-keying without a change', () => {
    const mapper = compileMapping('vendor', undefined, { defaultRegion: 'US' });
    const base = expectMapped(mapper(vendorRow()));
    fc.assert(
      fc.property(fc.integer(), fc.nat(5), (seed, padding) => {
        const entries = Object.entries(vendorRow({ LASTUPDDTTM: '2026-11-28-01.00.00.000000' }));
        const padded = shuffled(entries, seed).map(([key, value]) => [
          key,
          typeof value === 'string' ? value + ' '.repeat(padding) : value,
        ]);
        assert.equal(
          expectMapped(mapper(Object.fromEntries(padded))).contentHash,
          base.contentHash,
        );
      }),
    );
  });

  it('changes with the status, so a termination is never skipped as unchanged', () => {
    const active = expectMapped(mapDefault('employee', employeeRow({ EMPL_STATUS: 'A' })));
    const terminated = expectMapped(mapDefault('employee', employeeRow({ EMPL_STATUS: 'T' })));
    assert.notEqual(active.contentHash, terminated.contentHash);
  });

  it('ignores columns no rule reads', () => {
    const a = expectMapped(mapDefault('employee', employeeRow({ LOCATION: 'BOS', ACTION: 'HIR' })));
    const b = expectMapped(mapDefault('employee', employeeRow({ LOCATION: 'NYC', ACTION: 'XFR' })));
    assert.equal(a.contentHash, b.contentHash);
  });
});
