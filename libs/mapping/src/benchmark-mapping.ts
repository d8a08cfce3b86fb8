import { performance } from 'node:perf_hooks';
import { compileMapping } from './compile-mapping';
import type { SourceEntity } from './mapping-result';
import type { SourceRow } from './source-row';

export interface BenchmarkResult {
  readonly entity: SourceEntity;
  readonly records: number;
  readonly mapped: number;
  readonly rejected: number;
  readonly elapsedMs: number;
  readonly recordsPerSecond: number;
}

const PHONE_FORMATS = [
  (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
  (n: string) => `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
  (n: string) => `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
  (n: string) => `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)} x12`,
  (n: string) => n,
];
// Every tenth row carries a number outside the default region, which takes libphonenumber's
// general (several microseconds) path.
const foreignPhone = (n: string) => `+44 20 7946 ${n.slice(6)}`;

/** Synthetic PeopleSoft rows with the padding, casing and phone variety of real extracts. */
export function syntheticRows(entity: SourceEntity, count: number): SourceRow[] {
  const rows: SourceRow[] = [];
  for (let i = 0; i < count; i++) {
    const digits = String(2_000_000_000 + ((i * 7_919) % 7_999_999_999)).slice(0, 10);
    const phone =
      i % 10 === 9 ? foreignPhone(digits) : PHONE_FORMATS[i % PHONE_FORMATS.length](digits);
    const stamp = `2026-11-27-14.${String(i % 60).padStart(2, '0')}.11.000000`;
    if (entity === 'employee') {
      rows.push({
        EMPLID: `KU${String(i).padStart(7, '0')}`,
        EMPL_RCD: 0,
        EFFDT: '2026-11-01',
        EFFSEQ: 0,
        ACTION: 'HIR',
        EMPL_STATUS: i % 20 === 0 ? 'T' : 'A',
        HR_STATUS: 'A',
        DEPTID: '10200     ',
        JOBCODE: '1234',
        LOCATION: 'BOS',
        FIRST_NAME: i % 3 === 0 ? 'Zoë ' : 'Seán',
        LAST_NAME: `O'Brien-${i}   `,
        EMAIL_ADDR: i % 100 === 0 ? 'broken@' : `First.Last${i}@Example.COM `,
        PHONE: phone,
        DEPT_DESCR: i % 4 === 0 ? '' : 'Finance & Accounting',
        JOBTITLE: 'Senior Analyst',
        LASTUPDDTTM: stamp,
      });
    } else {
      const isVendor = entity === 'vendor';
      rows.push({
        SETID: 'SHARE',
        [isVendor ? 'VENDOR_ID' : 'CUST_ID']: String(i).padStart(10, '0'),
        NAME1: `Acme Supplies ${i}`,
        NAME2: i % 2 === 0 ? 'Holdings' : '',
        [isVendor ? 'VENDOR_STATUS' : 'CUST_STATUS']: i % 10 === 0 ? 'I' : 'A',
        ADDRESS1: '1 Main St   ',
        ADDRESS2: 'Suite 4',
        ADDRESS3: '',
        ADDRESS4: null,
        CITY: 'Boston',
        STATE: 'MA',
        POSTAL: '02110',
        COUNTRY: i % 5 === 3 ? 'GBR' : 'USA',
        PHONE: phone,
        LASTUPDDTTM: stamp,
      });
    }
  }
  return rows;
}

/**
 * Maps and validates `count` synthetic rows with the default mapping on the calling thread.
 * Rows are built before the clock starts, so the figure covers mapping, validation and hashing.
 */
export function benchmarkMapping(
  count: number,
  entity: SourceEntity = 'employee',
): BenchmarkResult {
  const rows = syntheticRows(entity, count);
  const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
  // Warm the JIT on a slice so short runs measure steady-state speed.
  for (let i = 0; i < Math.min(rows.length, 2_000); i++) mapper(rows[i]);
  let mapped = 0;
  const started = performance.now();
  for (const row of rows) if (mapper(row).ok) mapped++;
  const elapsedMs = performance.now() - started;
  return {
    entity,
    records: count,
    mapped,
    rejected: count - mapped,
    elapsedMs,
    recordsPerSecond: elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000) : Infinity,
  };
}
