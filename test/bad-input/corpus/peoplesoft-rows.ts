/**
 * Malformed rows slipped into a real ML_EMPLOYEES (or ML_VENDORS) answer next to the good ones.
 * Each must end as exactly one of:
 *  - `rowError`: the PeopleSoft client cannot read the row and reports it (audited by the poller
 *    as UNREADABLE_ROW);
 *  - `rejected`: the row reads, and the mapping refuses it with a reason naming the field;
 *  - `refused`: either of the two, the reason matching;
 *  - `mapped`: the row is fine after all (or is cleaned with a note) and syncs;
 * and in every case the good rows of the same answer still come through unchanged.
 * docs/bad-input.md lists them one per line.
 */
import type { MappedRecord } from '@ml/mapping';

export type RowExpectation =
  | { readonly rowError: RegExp }
  /** Either an unreadable row or a rejection, as long as the reason matches: never synced. */
  | { readonly refused: RegExp }
  | { readonly rejected: RegExp; readonly sourceId?: string | null }
  | { readonly mapped: (record: MappedRecord) => void };

export interface RowCase {
  readonly name: string;
  readonly entity?: 'employee' | 'vendor';
  /** A JSON value spliced in as a row. */
  readonly row?: unknown;
  /** Raw JSON text or bytes spliced in as a row (duplicate members, invalid UTF-8, \ud800). */
  readonly raw?: string | Buffer;
  readonly expect: RowExpectation;
}

/** The EMPLID of every injected employee row, so it can be told from the simulator's. */
export const BAD_EMPLID = 'ZZ0001';
export const BAD_VENDOR_ID = 'ZZV0000001';

/** An ML_EMPLOYEES row as the Query service writes it: aliases, CHAR padding, rownumber. */
export function employeeRaw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'attr:rownumber': 9001,
    'A.EMPLID': `${BAD_EMPLID}     `,
    'A.EMPL_RCD': 0,
    'A.EFFDT': '2020-01-01',
    'A.EFFSEQ': 0,
    'A.ACTION': 'HIR',
    'A.EMPL_STATUS': 'A',
    'A.HR_STATUS': 'A',
    'A.DEPTID': '10000     ',
    'A.JOBCODE': '100001',
    'A.LOCATION': 'BOS       ',
    'B.FIRST_NAME': 'Ana                           ',
    'B.LAST_NAME': 'Lopez                         ',
    'C.EMAIL_ADDR': 'ana.lopez@example.com',
    'D.PHONE': '(617) 555-0101          ',
    DEPT_DESCR: 'Finance                       ',
    JOBTITLE: 'Analyst                       ',
    LASTUPDDTTM: '2020-01-01-10.00.00.000000',
    ...overrides,
  };
}

export function vendorRaw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'attr:rownumber': 9001,
    'A.SETID': 'SHARE',
    'A.VENDOR_ID': BAD_VENDOR_ID,
    'A.NAME1': 'Acme Supplies                           ',
    'A.NAME2': '',
    'A.VENDOR_STATUS': 'A',
    'A.VENDOR_CLASS': 'R',
    'B.ADDRESS1': '1 Main St',
    'B.CITY': 'Boston',
    'B.STATE': 'MA',
    'B.POSTAL': '02110',
    'B.COUNTRY': 'USA',
    'C.PHONE': '617.555.0100',
    LASTUPDDTTM: '2020-01-01-10.00.00.000000',
    ...overrides,
  };
}

/** JSON text of an employee row with `member` written in by hand (after the others). */
function rawEmployee(member: string, omit: readonly string[] = []): string {
  const base = employeeRaw();
  for (const key of omit) delete base[key];
  return `${JSON.stringify(base).slice(0, -1)},${member}}`;
}

/** The same with bytes that are not UTF-8 inside one value. */
function bytesInEmployee(key: string, before: string, bytes: number[], after: string): Buffer {
  const base = employeeRaw();
  delete base[key];
  return Buffer.concat([
    Buffer.from(`${JSON.stringify(base).slice(0, -1)},${JSON.stringify(key)}:"${before}`, 'utf8'),
    Buffer.from(bytes),
    Buffer.from(`${after}"}`, 'utf8'),
  ]);
}

/** Text of `length` characters that does not compress (Postgres would squeeze repeats). */
export function noisyText(length: number, seed = 1): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let state = seed;
  let text = '';
  while (text.length < length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += letters[state % letters.length];
  }
  return text;
}

const TEN_THOUSAND = noisyText(10_000);

export const ROW_CASES: readonly RowCase[] = [
  // Not a row object at all.
  {
    name: 'row is a string',
    row: 'KU0001',
    expect: { rowError: /row is a string, not an object/ },
  },
  { name: 'row is null', row: null, expect: { rowError: /row is null, not an object/ } },
  {
    name: 'row is a list',
    row: ['KU0001', 'Ana'],
    expect: { rowError: /row is a list, not an object/ },
  },
  { name: 'row is a number', row: 42, expect: { rowError: /row is a number, not an object/ } },
  { name: 'row is true', row: true, expect: { rowError: /row is a boolean, not an object/ } },
  // Wrong types in columns.
  {
    name: 'EMPLID is an object',
    row: employeeRaw({ 'A.EMPLID': { value: 'ZZ0001' } }),
    expect: { rowError: /EMPLID holds an object, not text or a number/ },
  },
  {
    name: 'EMPLID is a list',
    row: employeeRaw({ 'A.EMPLID': ['ZZ0001'] }),
    expect: { rowError: /EMPLID holds a list, not text or a number/ },
  },
  {
    name: 'EMPL_STATUS is a boolean',
    row: employeeRaw({ 'A.EMPL_STATUS': true }),
    expect: { rowError: /EMPL_STATUS holds a boolean, not text or a number/ },
  },
  {
    name: 'LASTUPDDTTM is an object',
    row: employeeRaw({ LASTUPDDTTM: { date: '2020-01-01' } }),
    expect: { rowError: /LASTUPDDTTM holds an object/ },
  },
  {
    name: 'LASTUPDDTTM is a number',
    row: employeeRaw({ LASTUPDDTTM: 20200101100000 }),
    expect: { rowError: /LASTUPDDTTM "20200101100000" is not a PeopleSoft timestamp/ },
  },
  {
    name: 'EMPL_STATUS is a number',
    row: employeeRaw({ 'A.EMPL_STATUS': 1 }),
    expect: { rejected: /EMPL_STATUS '1' is not a known/, sourceId: BAD_EMPLID },
  },
  {
    name: 'EMPLID is a number (some releases quote nothing)',
    row: employeeRaw({ 'A.EMPLID': 4711 }),
    expect: { mapped: (r) => assertEqual(r.sourceId, '4711') },
  },
  {
    name: 'EMPL_RCD overflows a double (1e400 reads as Infinity)',
    raw: rawEmployee('"A.EMPL_RCD":1e400', ['A.EMPL_RCD']),
    expect: { rowError: /EMPL_RCD is not a finite number/ },
  },
  {
    name: 'EFFSEQ is a huge integer',
    raw: rawEmployee('"A.EFFSEQ":123456789012345678901234567890', ['A.EFFSEQ']),
    expect: { mapped: (r) => assertEqual(r.sourceId, BAD_EMPLID) },
  },
  // Missing keys and values.
  {
    name: 'EMPLID missing',
    row: employeeRaw({ 'A.EMPLID': undefined }),
    expect: { rejected: /EMPLID is missing/, sourceId: null },
  },
  {
    name: 'EMPLID null',
    row: employeeRaw({ 'A.EMPLID': null }),
    expect: { rejected: /EMPLID is missing/, sourceId: null },
  },
  {
    name: 'EMPLID only blanks',
    row: employeeRaw({ 'A.EMPLID': '           ' }),
    expect: { rejected: /EMPLID is missing/, sourceId: null },
  },
  {
    name: 'EMPL_STATUS missing',
    row: employeeRaw({ 'A.EMPL_STATUS': undefined }),
    expect: { rejected: /EMPL_STATUS is missing/, sourceId: BAD_EMPLID },
  },
  {
    name: 'LASTUPDDTTM missing',
    row: employeeRaw({ LASTUPDDTTM: undefined }),
    expect: { rejected: /LASTUPDDTTM is missing/, sourceId: BAD_EMPLID },
  },
  {
    // The client lets an empty EFFDT through (and leaves out an absent one): the mapping refuses it.
    name: 'EFFDT empty',
    row: employeeRaw({ 'A.EFFDT': '' }),
    expect: { rejected: /EFFDT is missing/, sourceId: BAD_EMPLID },
  },
  {
    name: 'empty row object',
    row: {},
    expect: { rejected: /EMPLID is missing/, sourceId: null },
  },
  {
    name: 'row holding only attr:rownumber',
    row: { 'attr:rownumber': 77 },
    expect: {
      rejected:
        /EMPLID is missing; EMPL_STATUS is missing; EFFDT is missing; LASTUPDDTTM is missing/,
      sourceId: null,
    },
  },
  // Long values.
  {
    name: '10,000-character FIRST_NAME',
    row: employeeRaw({ 'B.FIRST_NAME': TEN_THOUSAND }),
    expect: {
      rejected: /FIRST_NAME is 10000 characters long; firstname takes at most 255/,
      sourceId: BAD_EMPLID,
    },
  },
  {
    name: '10,000-character EMPLID',
    row: employeeRaw({ 'A.EMPLID': TEN_THOUSAND }),
    expect: { rejected: /EMPLID .* (longer|more) than 11|EMPLID .*11 characters/, sourceId: null },
  },
  {
    name: '10,000-character email address',
    row: employeeRaw({ 'C.EMAIL_ADDR': `${TEN_THOUSAND}@example.com` }),
    expect: { rejected: /EMAIL_ADDR/, sourceId: BAD_EMPLID },
  },
  {
    name: '10,000-character column name',
    row: { ...employeeRaw(), [`A.${TEN_THOUSAND}`]: 'x' },
    expect: { rowError: /a column name is unusable .*10002 characters/ },
  },
  // Control characters, NUL bytes, broken Unicode.
  {
    name: 'NUL byte in FIRST_NAME',
    row: employeeRaw({ 'B.FIRST_NAME': 'An\u0000a' }),
    expect: { rowError: /FIRST_NAME contains a NUL character/ },
  },
  {
    name: 'NUL byte in EMPLID',
    row: employeeRaw({ 'A.EMPLID': 'ZZ\u00000001' }),
    expect: { rowError: /EMPLID contains a NUL character/ },
  },
  {
    name: 'NUL byte in a column name',
    row: { ...employeeRaw(), 'A.BAD\u0000COL': 'x' },
    expect: { rowError: /a column name is unusable/ },
  },
  {
    name: 'bell character in JOBTITLE',
    row: employeeRaw({ JOBTITLE: 'Senior\u0007Analyst' }),
    expect: { rejected: /JOBTITLE contains the control character U\+0007/, sourceId: BAD_EMPLID },
  },
  {
    name: 'escape sequence in LAST_NAME',
    row: employeeRaw({ 'B.LAST_NAME': '\u001b[31mLopez' }),
    expect: { rejected: /LAST_NAME contains the control character U\+001B/, sourceId: BAD_EMPLID },
  },
  {
    name: 'C1 control (NEL) in DEPT_DESCR',
    row: employeeRaw({ DEPT_DESCR: 'Fin\u0085ance' }),
    expect: { rejected: /DEPT_DESCR contains the control character U\+0085/, sourceId: BAD_EMPLID },
  },
  {
    name: 'lone high surrogate escape in LAST_NAME',
    raw: rawEmployee('"B.LAST_NAME":"Lopez\\ud83d"', ['B.LAST_NAME']),
    expect: {
      rejected: /LAST_NAME contains a broken Unicode character \(U\+D83D\)/,
      sourceId: BAD_EMPLID,
    },
  },
  {
    name: 'lone low surrogate escape in FIRST_NAME',
    raw: rawEmployee('"B.FIRST_NAME":"\\udc00Ana"', ['B.FIRST_NAME']),
    expect: {
      rejected: /FIRST_NAME contains a broken Unicode character \(U\+DC00\)/,
      sourceId: BAD_EMPLID,
    },
  },
  {
    name: 'invalid UTF-8 byte 0xFF in LAST_NAME',
    raw: bytesInEmployee('B.LAST_NAME', 'Lo', [0xff], 'pez'),
    expect: { refused: /LAST_NAME/ },
  },
  {
    name: 'Latin-1 byte for ü (0xFC) in LAST_NAME',
    raw: bytesInEmployee('B.LAST_NAME', 'M', [0xfc], 'ller'),
    expect: { refused: /LAST_NAME/ },
  },
  {
    name: 'overlong UTF-8 encoding of "/" in JOBTITLE',
    raw: bytesInEmployee('JOBTITLE', 'A', [0xc0, 0xaf], 'B'),
    expect: { refused: /JOBTITLE/ },
  },
  {
    name: 'emoji and combining marks in FIRST_NAME',
    row: employeeRaw({ 'B.FIRST_NAME': 'Ana\u0301 😀' }),
    expect: { mapped: (r) => assertEqual(r.properties.firstname, 'Aná 😀') },
  },
  {
    name: 'tab and line break inside JOBTITLE',
    row: employeeRaw({ JOBTITLE: 'Senior\tAnalyst\r\nII' }),
    expect: { mapped: (r) => assertEqual(r.properties.jobtitle, 'Senior\tAnalyst\r\nII') },
  },
  // Dates.
  {
    name: 'LASTUPDDTTM 0000-00-00-00.00.00.000000',
    row: employeeRaw({ LASTUPDDTTM: '0000-00-00-00.00.00.000000' }),
    expect: {
      rowError: /LASTUPDDTTM "0000-00-00-00\.00\.00\.000000" is not a PeopleSoft timestamp/,
    },
  },
  {
    name: 'LASTUPDDTTM 0000-00-00',
    row: employeeRaw({ LASTUPDDTTM: '0000-00-00' }),
    expect: { rowError: /LASTUPDDTTM "0000-00-00" is not a PeopleSoft timestamp/ },
  },
  {
    name: 'LASTUPDDTTM on 30 February',
    row: employeeRaw({ LASTUPDDTTM: '2026-02-30-10.00.00.000000' }),
    expect: {
      rowError: /LASTUPDDTTM "2026-02-30-10\.00\.00\.000000" is not a PeopleSoft timestamp/,
    },
  },
  {
    name: 'LASTUPDDTTM at 25 o’clock',
    row: employeeRaw({ LASTUPDDTTM: '2026-01-01-25.00.00.000000' }),
    expect: { rowError: /is not a PeopleSoft timestamp/ },
  },
  {
    name: 'LASTUPDDTTM with a time zone suffix',
    row: employeeRaw({ LASTUPDDTTM: '2026-01-01T10:00:00Z' }),
    expect: { rowError: /LASTUPDDTTM "2026-01-01T10:00:00Z" is not a PeopleSoft timestamp/ },
  },
  {
    name: 'LASTUPDDTTM in ISO form (a raw DateTime field)',
    row: employeeRaw({ LASTUPDDTTM: '2020-01-01T10:00:00.5' }),
    expect: { mapped: (r) => assertEqual(r.sourceUpdatedAt, '2020-01-01-10.00.00.500000') },
  },
  {
    name: 'EFFDT 0000-00-00',
    row: employeeRaw({ 'A.EFFDT': '0000-00-00' }),
    expect: { rowError: /EFFDT "0000-00-00" is not a date \(YYYY-MM-DD\)/ },
  },
  {
    name: 'EFFDT as a US date',
    row: employeeRaw({ 'A.EFFDT': '01/31/2026' }),
    expect: { rowError: /EFFDT "01\/31\/2026" is not a date/ },
  },
  // Values out of range and odd keys.
  {
    name: 'unknown EMPL_STATUS code',
    row: employeeRaw({ 'A.EMPL_STATUS': 'Z' }),
    expect: { rejected: /EMPL_STATUS 'Z' is not a known/, sourceId: BAD_EMPLID },
  },
  {
    name: 'EMPLID with a colon',
    row: employeeRaw({ 'A.EMPLID': 'ZZ:0001' }),
    expect: { rejected: /EMPLID 'ZZ:0001'/, sourceId: null },
  },
  {
    name: 'EMPLID with an SQL injection',
    row: employeeRaw({ 'A.EMPLID': "1' OR '1'='1" }),
    expect: { rejected: /EMPLID/, sourceId: null },
  },
  {
    name: 'email address without a domain',
    row: employeeRaw({ 'C.EMAIL_ADDR': 'ana.lopez@' }),
    expect: { rejected: /EMAIL_ADDR 'ana\.lopez@'/, sourceId: BAD_EMPLID },
  },
  {
    name: 'unparseable phone number (left out with a note)',
    row: employeeRaw({ 'D.PHONE': 'call reception' }),
    expect: {
      mapped: (r) => {
        assertEqual(r.properties.phone, undefined);
        assertMatch(r.notes.join(' '), /PHONE/);
      },
    },
  },
  {
    name: 'empty column name',
    row: { ...employeeRaw(), '': 'x' },
    expect: { rowError: /a column name is unusable \("", 0 characters\)/ },
  },
  {
    name: 'the same column twice in one row (last member wins in JSON)',
    raw: rawEmployee('"A.EMPL_STATUS":"Z"'),
    expect: { rejected: /EMPL_STATUS 'Z' is not a known/, sourceId: BAD_EMPLID },
  },
  {
    name: 'the same field under two aliases with different values (first wins)',
    row: { ...employeeRaw(), 'Z.EMPLID': 'OTHER' },
    expect: { mapped: (r) => assertEqual(r.sourceId, BAD_EMPLID) },
  },
  {
    name: 'column named like an Object prototype member',
    raw: rawEmployee('"__proto__":{"polluted":true},"constructor":"y","toString":"z"'),
    expect: { mapped: (r) => assertEqual(r.sourceId, BAD_EMPLID) },
  },
  // Vendors.
  {
    name: 'vendor with a 10,000-character VENDOR_ID',
    entity: 'vendor',
    row: vendorRaw({ 'A.VENDOR_ID': TEN_THOUSAND }),
    expect: { rejected: /VENDOR_ID/, sourceId: null },
  },
  {
    name: 'vendor with a 10,000-character NAME1',
    entity: 'vendor',
    row: vendorRaw({ 'A.NAME1': TEN_THOUSAND }),
    expect: {
      rejected: /NAME1 is 10000 characters long; name takes at most 255/,
      sourceId: `vendor:SHARE:${BAD_VENDOR_ID}`,
    },
  },
  {
    name: 'vendor with an unknown country code (left out with a note)',
    entity: 'vendor',
    row: vendorRaw({ 'B.COUNTRY': 'ZZZ' }),
    expect: {
      mapped: (r) => {
        assertEqual(r.properties.country, undefined);
        assertMatch(r.notes.join(' '), /COUNTRY/);
      },
    },
  },
  {
    name: 'vendor without SETID',
    entity: 'vendor',
    row: vendorRaw({ 'A.SETID': undefined }),
    expect: { rejected: /SETID is missing/, sourceId: null },
  },
  {
    name: 'vendor with an unknown VENDOR_STATUS',
    entity: 'vendor',
    row: vendorRaw({ 'A.VENDOR_STATUS': 'Q' }),
    expect: { rejected: /VENDOR_STATUS 'Q'/, sourceId: `vendor:SHARE:${BAD_VENDOR_ID}` },
  },
];

function assertEqual(actual: unknown, expected: unknown): void {
  if (actual !== expected)
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function assertMatch(actual: string, pattern: RegExp): void {
  if (!pattern.test(actual)) throw new Error(`expected ${pattern}, got ${JSON.stringify(actual)}`);
}
