import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueryResponse } from './parse-query-response';
import { PeopleSoftError } from './peoplesoft-error';

const options = { maxRows: 100, target: 'query ML_EMPLOYEES' };

function qas(rows: unknown, extra: Record<string, unknown> = {}): string {
  const count = Array.isArray(rows) ? rows.length : 1;
  return JSON.stringify({
    status: 'success',
    data: { query: { numrows: count, 'queryname=': 'ML_EMPLOYEES', rows, ...extra } },
  });
}

function failure(body: string): PeopleSoftError {
  try {
    parseQueryResponse(body, options);
  } catch (error) {
    assert.ok(error instanceof PeopleSoftError);
    return error;
  }
  assert.fail('expected a PeopleSoftError');
}

describe('parseQueryResponse', () => {
  it('reads the documented QAS shape: aliases stripped, padding trimmed, numbers as text', () => {
    const result = parseQueryResponse(
      qas([
        {
          'attr:rownumber': 1,
          'A.EMPLID': 'KU0001     ',
          'A.EMPL_RCD': 0,
          'B.FIRST_NAME': 'Ana',
          JOBTITLE: 'Analyst                       ',
          LASTUPDDTTM: '2026-11-27-14.03.11.000000',
        },
      ]),
      options,
    );
    assert.deepEqual(result.rows, [
      {
        EMPLID: 'KU0001',
        EMPL_RCD: '0',
        FIRST_NAME: 'Ana',
        JOBTITLE: 'Analyst',
        LASTUPDDTTM: '2026-11-27-14.03.11.000000',
      },
    ]);
    assert.equal(result.rowCount, 1);
    assert.equal(result.truncated, false);
    assert.deepEqual(result.rowErrors, []);
  });

  it('accepts numbers sent as strings and keeps leading blanks, which are data', () => {
    const [row] = parseQueryResponse(
      qas([{ 'A.EMPL_RCD': '1', 'C.EMAIL_ADDR': ' ana@x.org  ' }]),
      options,
    ).rows;
    assert.deepEqual(row, { EMPL_RCD: '1', EMAIL_ADDR: ' ana@x.org' });
  });

  it('leaves missing and null optional columns out', () => {
    const [row] = parseQueryResponse(qas([{ 'A.EMPLID': 'KU1', 'D.PHONE': null }]), options).rows;
    assert.deepEqual(row, { EMPLID: 'KU1' });
  });

  it('reports truncation when the answer reaches maxRows', () => {
    const rows = [{ 'A.EMPLID': 'KU1' }, { 'A.EMPLID': 'KU2' }];
    assert.equal(parseQueryResponse(qas(rows), { ...options, maxRows: 2 }).truncated, true);
    assert.equal(parseQueryResponse(qas(rows), { ...options, maxRows: 3 }).truncated, false);
  });

  it('counts malformed rows towards truncation and keeps the good ones', () => {
    const result = parseQueryResponse(
      qas([
        { 'attr:rownumber': 1, 'A.EMPLID': 'KU1' },
        'garbage',
        { 'attr:rownumber': 3, 'A.EMPLID': { x: 1 } },
      ]),
      { ...options, maxRows: 3 },
    );
    assert.deepEqual(result.rows, [{ EMPLID: 'KU1' }]);
    assert.equal(result.rowCount, 3);
    assert.equal(result.truncated, true);
    assert.deepEqual(result.rowErrors, [
      { rowNumber: 2, reason: 'row is a string, not an object' },
      { rowNumber: 3, reason: 'EMPLID holds an object, not text or a number' },
    ]);
  });

  it('turns wrong types, NUL bytes and impossible dates into row errors with the row number', () => {
    const result = parseQueryResponse(
      qas([
        { 'attr:rownumber': 1, 'A.EMPLID': 'KU1', 'A.ACTIVE': true },
        { 'attr:rownumber': 2, 'A.EMPLID': 'KU\u00002' },
        { 'attr:rownumber': 3, 'A.EMPLID': 'KU3', LASTUPDDTTM: '0000-00-00-00.00.00.000000' },
        { 'attr:rownumber': 4, 'A.EMPLID': 'KU4', 'A.EFFDT': '0000-00-00' },
        { 'attr:rownumber': 5, 'A.EMPLID': 'KU5', 'A.TAGS': ['x'] },
      ]),
      options,
    );
    assert.deepEqual(result.rows, []);
    assert.deepEqual(
      result.rowErrors.map((e) => [e.rowNumber, e.reason]),
      [
        [1, 'ACTIVE holds a boolean, not text or a number'],
        [2, 'EMPLID contains a NUL character'],
        [3, 'LASTUPDDTTM "0000-00-00-00.00.00.000000" is not a PeopleSoft timestamp'],
        [4, 'EFFDT "0000-00-00" is not a date (YYYY-MM-DD)'],
        [5, 'TAGS holds a list, not text or a number'],
      ],
    );
  });

  it('enforces required columns', () => {
    const result = parseQueryResponse(
      qas([{ 'A.EMPLID': '   ' }, { 'B.NAME': 'x' }, { 'A.EMPLID': 'KU3' }]),
      {
        ...options,
        requiredColumns: ['EMPLID'],
      },
    );
    assert.deepEqual(result.rows, [{ EMPLID: 'KU3' }]);
    assert.deepEqual(result.rowErrors, [
      { rowNumber: 1, reason: 'required column EMPLID is empty' },
      { rowNumber: 2, reason: 'required column EMPLID is missing' },
    ]);
  });

  it('keeps 10,000-character values but refuses 10,000-character column names, quoting briefly', () => {
    const long = 'x'.repeat(10_000);
    const result = parseQueryResponse(
      qas([
        { 'A.EMPLID': 'KU1', 'B.FIRST_NAME': long },
        { 'A.EMPLID': 'KU2', [long]: 'v' },
      ]),
      options,
    );
    assert.equal(result.rows[0]?.['FIRST_NAME'], long);
    assert.equal(result.rowErrors.length, 1);
    const reason = result.rowErrors[0]?.reason ?? '';
    assert.match(reason, /column name is unusable .*10000 characters/);
    assert.ok(reason.length < 200, `reason too long: ${reason.length}`);
  });

  it('normalises ISO-shaped and short timestamps in LASTUPDDTTM', () => {
    const rows = parseQueryResponse(
      qas([{ LASTUPDDTTM: '2026-11-27T14:03:11.5' }, { LASTUPDDTTM: '2026-11-27-14.03.11' }]),
      options,
    ).rows;
    assert.deepEqual(
      rows.map((r) => r['LASTUPDDTTM']),
      ['2026-11-27-14.03.11.500000', '2026-11-27-14.03.11.000000'],
    );
  });

  it('uses the position when attr:rownumber is missing or nonsense', () => {
    const result = parseQueryResponse(
      qas([{ 'A.EMPLID': 'KU1' }, { 'attr:rownumber': -4, 'A.X': false }]),
      options,
    );
    assert.deepEqual(
      result.rowErrors.map((e) => e.rowNumber),
      [2],
    );
  });

  it('reads answers with no rows, a collapsed single row, or a bare custom-operation list', () => {
    const empty = JSON.stringify({
      status: 'success',
      data: { query: { numrows: 0, 'queryname=': 'Q' } },
    });
    assert.deepEqual(parseQueryResponse(empty, options), {
      rows: [],
      rowCount: 0,
      truncated: false,
      rowErrors: [],
    });
    assert.deepEqual(parseQueryResponse(qas({ 'A.EMPLID': 'KU1' }), options).rows, [
      { EMPLID: 'KU1' },
    ]);
    assert.deepEqual(parseQueryResponse('[{"EMPLID":"KU1"}]', options).rows, [{ EMPLID: 'KU1' }]);
    assert.deepEqual(parseQueryResponse('{"rows":[{"EMPLID":"KU2"}]}', options).rows, [
      { EMPLID: 'KU2' },
    ]);
    assert.deepEqual(parseQueryResponse(`\uFEFF${qas([])}`, options).rows, []);
  });

  it('treats numrows above the rows received as rows received, for truncation', () => {
    const body = JSON.stringify({
      status: 'success',
      data: { query: { numrows: '5', rows: [{ 'A.X': '1' }] } },
    });
    const result = parseQueryResponse(body, { ...options, maxRows: 5 });
    assert.equal(result.rowCount, 5);
    assert.equal(result.truncated, true);
  });

  it('fails the whole answer when it is not JSON or has no row list', () => {
    const truncated = qas([{ 'A.EMPLID': 'KU1' }]).slice(0, 40);
    assert.match(failure(truncated).message, /is not valid JSON .*cut off/);
    assert.equal(failure(truncated).kind, 'bad-response');
    assert.equal(failure('null').kind, 'bad-response');
    assert.equal(failure('"just text"').kind, 'bad-response');
    assert.match(
      failure('{"status":"success","data":{"query":{"rows":"none"}}}').message,
      /rows of type string/,
    );
    assert.match(failure('{"hello":1}').message, /has no rows member/);
    assert.ok(failure('').hint.includes('curl'));
  });

  it('fails with an application error when the JSON status is not success', () => {
    const error = failure('{"status":"fail","data":{"message":"Invalid prompt FROM_DTTM"}}');
    assert.equal(error.kind, 'application');
    assert.match(error.message, /"fail" for query ML_EMPLOYEES: Invalid prompt FROM_DTTM/);
  });
});
