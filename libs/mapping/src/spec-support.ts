/** Rows and helpers shared by the mapping specs; not exported from the library. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMapping } from './compile-mapping';
import type { MappedRecord, MappingResult, RejectedRecord, SourceEntity } from './mapping-result';
import type { SourceRow } from './source-row';

/** An ML_EMPLOYEES row as the PeopleSoft client hands it over (aliases stripped, CHARs padded). */
export function employeeRow(overrides: Record<string, string | number | null> = {}): SourceRow {
  return {
    EMPLID: 'KU0001     ',
    EMPL_RCD: '0',
    EFFDT: '2026-11-01',
    EFFSEQ: '0',
    ACTION: 'HIR',
    EMPL_STATUS: 'A',
    HR_STATUS: 'A',
    DEPTID: '10200     ',
    JOBCODE: '1234  ',
    LOCATION: 'BOS       ',
    FIRST_NAME: 'Ana                           ',
    LAST_NAME: 'McDonald-Smith                ',
    EMAIL_ADDR: ' Ana.McDonald@Example.COM ',
    PHONE: '(617) 555-0101          ',
    DEPT_DESCR: 'Finance                       ',
    JOBTITLE: 'Senior Analyst                ',
    LASTUPDDTTM: '2026-11-27-14.03.11.000000',
    ...overrides,
  };
}

export function vendorRow(overrides: Record<string, string | number | null> = {}): SourceRow {
  return {
    SETID: 'SHARE',
    VENDOR_ID: '0000000012',
    NAME1: 'Acme Supplies                           ',
    NAME2: 'Holdings',
    VENDOR_STATUS: 'A',
    VENDOR_CLASS: 'R',
    ADDRESS1: '1 Main St',
    ADDRESS2: 'Suite 4',
    ADDRESS3: '',
    ADDRESS4: 'Mail stop 7',
    CITY: 'Boston',
    COUNTY: 'Suffolk',
    STATE: 'MA',
    POSTAL: '02110',
    COUNTRY: 'USA',
    EMAILID: 'ap@acme.example',
    PHONE: '617.555.0100',
    LASTUPDDTTM: '2026-11-27-09.15.00.000000',
    ...overrides,
  };
}

export function customerRow(overrides: Record<string, string | number | null> = {}): SourceRow {
  return {
    SETID: 'SHARE',
    CUST_ID: 'C-100',
    NAME1: 'Globex Ltd',
    CUST_STATUS: 'A',
    ADDRESS1: '10 Downing Street',
    ADDRESS2: '',
    ADDRESS3: '',
    ADDRESS4: '',
    CITY: 'London',
    STATE: '',
    POSTAL: 'SW1A 2AA',
    COUNTRY: 'GBR',
    PHONE: '020 7946 0018',
    LASTUPDDTTM: '2026-11-27-09.15.00.000000',
    ...overrides,
  };
}

export const ROW_BUILDERS: Readonly<
  Record<SourceEntity, (o?: Record<string, string>) => SourceRow>
> = {
  employee: employeeRow,
  vendor: vendorRow,
  customer: customerRow,
};

export function mapDefault(entity: SourceEntity, row: SourceRow, region = 'US'): MappingResult {
  return compileMapping(entity, undefined, { defaultRegion: region })(row);
}

export function expectMapped(result: MappingResult): MappedRecord {
  if (!result.ok) assert.fail(`expected a mapped record, got: ${result.reasons.join('; ')}`);
  return result;
}

export function expectRejected(result: MappingResult): RejectedRecord {
  if (result.ok) assert.fail(`expected a rejection, got ${JSON.stringify(result.properties)}`);
  return result;
}

/** NUL, C0/C1 controls, lone surrogates: what must never reach HubSpot, logs or Postgres. */
export const UNSAFE_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Strings biased towards the characters and shapes that break mappers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u0085',
      '\uD800',
      '\uDC00',
      '\t',
      ' ',
      'a',
      'Z',
      '@',
      '.',
      ':',
      '-',
      '1',
      'é',
      '\u0301',
      'ß',
      '😀',
    ),
    maxLength: 40,
  }),
  fc.constantFrom('', '   ', '0000-00-00', '2026-02-30', 'A', 'T', 'I', 'USA', 'x@y.z', 'KU0001'),
  fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 400 }),
);

export const sourceValue: fc.Arbitrary<string | number | null | undefined> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);
