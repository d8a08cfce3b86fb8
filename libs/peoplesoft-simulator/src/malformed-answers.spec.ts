import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PeopleSoftSimulator } from './peoplesoft-simulator';
import { SIMULATOR_DEFAULTS } from './simulator-options';
import { spliceRows, targetOf } from './malformed-answers';
import { json } from './ib-responses';

const BASIC = `Basic ${Buffer.from(`${SIMULATOR_DEFAULTS.user}:${SIMULATOR_DEFAULTS.password}`).toString('base64')}`;
const WINDOW =
  'isconnectedquery=N&maxrows=100&prompt_uniquepromptname=FROM_DTTM,TO_DTTM' +
  '&prompt_fieldvalue=2000-01-01-00.00.00.000000,2999-01-01-00.00.00.000000';
const EMPLOYEES =
  '/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/JSON/NONFILE';
const VENDORS =
  '/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_VENDORS/JSON/NONFILE';
const CHANGES =
  '/PSIGW/RESTListeningConnector/PSFT_HR/ML_EMPL_CHANGES.v1/changes/2000-01-01-00.00.00.000000/2999-01-01-00.00.00.000000';

interface Raw {
  readonly status: number;
  readonly contentType: string;
  readonly bytes: Buffer;
}

describe('PeopleSoftSimulator malformed answers (rawAnswers, malformedRows)', () => {
  const simulator = new PeopleSoftSimulator({ employees: 5, vendors: 3, customers: 0, seed: 3 });
  let base = '';
  /** Job rows in the window without faults (people hold several). */
  let real = 0;
  let realVendors = 0;

  async function get(path: string): Promise<Raw> {
    const response = await fetch(`${base}${path}`, { headers: { Authorization: BASIC } });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  async function control(
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  function rowsOf(raw: Raw): unknown[] {
    const document = JSON.parse(raw.bytes.toString('utf8')) as {
      data: { query: { numrows: number; rows: unknown[] } };
    };
    assert.equal(document.data.query.numrows, document.data.query.rows.length);
    return document.data.query.rows;
  }

  before(async () => {
    base = await simulator.start(0);
    real = rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length;
    realVendors = rowsOf(await get(`${VENDORS}?${WINDOW}`)).length;
    assert.ok(real >= 5 && realVendors === 3);
  });
  after(async () => {
    await simulator.stop();
  });
  beforeEach(() => {
    simulator.setFaults({ reset: true });
  });

  it('serves canned answers byte for byte, one per request, then answers normally again', async () => {
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const status = simulator.setFaults({
      rawAnswers: [
        { status: 200, contentType: 'text/html', body: '<html><title>Login</title></html>' },
        { body: invalidUtf8 },
        { status: 502, contentType: 'text/plain', body: '', headers: { 'X-Proxy': 'edge' } },
      ],
    });
    assert.equal(status.pendingRawAnswers, 3);

    const first = await get(`${EMPLOYEES}?${WINDOW}`);
    assert.equal(first.status, 200);
    assert.equal(first.contentType, 'text/html');
    assert.equal(first.bytes.toString('utf8'), '<html><title>Login</title></html>');
    const second = await get(`${EMPLOYEES}?${WINDOW}`);
    assert.equal(second.contentType, 'application/json; charset=UTF-8', 'JSON by default');
    assert.deepEqual(second.bytes, invalidUtf8, 'invalid UTF-8 is sent as is');
    const third = await get(`${EMPLOYEES}?${WINDOW}`);
    assert.equal(third.status, 502);
    assert.equal(third.bytes.length, 0);
    assert.equal(simulator.setFaults({}).pendingRawAnswers, 0);
    assert.equal(rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length, real);
    assert.equal(simulator.counterSnapshot().faultsInjected, 3);
  });

  it('comes after the other queued faults and is cleared by reset', async () => {
    simulator.setFaults({ rawAnswers: [{ body: 'raw' }], routingErrors: { count: 1 } });
    assert.match(
      (await get(`${EMPLOYEES}?${WINDOW}`)).bytes.toString(),
      /Unable to find a Routing/,
    );
    assert.equal((await get(`${EMPLOYEES}?${WINDOW}`)).bytes.toString(), 'raw');
    simulator.setFaults({ rawAnswers: [{ body: 'never' }] });
    assert.equal(simulator.setFaults({ reset: true }).pendingRawAnswers, 0);
    assert.equal(rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length, real);
  });

  it('takes canned answers over the control route, binary ones as base64', async () => {
    const ok = await control({
      rawAnswers: [
        {
          status: 200,
          contentType: 'text/xml',
          bodyBase64: Buffer.from([0xc3, 0x28]).toString('base64'),
        },
      ],
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.json['pendingRawAnswers'], 1);
    assert.deepEqual((await get(`${EMPLOYEES}?${WINDOW}`)).bytes, Buffer.from([0xc3, 0x28]));
  });

  it('refuses malformed fault settings with 400 and a message', async () => {
    for (const [body, message] of [
      [{ rawAnswers: 'x' }, /rawAnswers must be a list/],
      [{ rawAnswers: [{ status: 42 }] }, /rawAnswers\[0\]\.status must be an HTTP status/],
      [{ rawAnswers: [{ body: 'a', bodyBase64: 'YQ==' }] }, /body or bodyBase64, not both/],
      [{ rawAnswers: [{ body: 7 }] }, /rawAnswers\[0\]\.body must be text/],
      [{ malformedRows: {} }, /needs at least one row/],
      [{ malformedRows: { rows: [{}], answers: 0 } }, /answers must be a positive integer/],
      [{ malformedRows: { rows: [{}], position: 'middle' } }, /position must be/],
      [{ malformedRows: { rows: 'x' } }, /must be lists/],
    ] as const) {
      const res = await control(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(String(res.json['error']), message);
    }
    assert.equal(simulator.setFaults({}).pendingRawAnswers, 0, 'a refused setting queues nothing');
  });

  it('splices malformed rows next to the real ones and counts them in numrows', async () => {
    simulator.setFaults({
      malformedRows: {
        rows: [{ 'A.EMPLID': 42, LASTUPDDTTM: '0000-00-00-00.00.00.000000' }, 'not a row'],
        rawRows: ['{"A.EMPLID":"DUP1","A.EMPLID":"DUP2"}'],
        answers: 1,
      },
    });
    const rows = rowsOf(await get(`${EMPLOYEES}?${WINDOW}`));
    assert.equal(rows.length, real + 3);
    assert.deepEqual(rows.slice(real), [
      { 'A.EMPLID': 42, LASTUPDDTTM: '0000-00-00-00.00.00.000000' },
      'not a row',
      { 'A.EMPLID': 'DUP2' },
    ]);
    assert.equal((rows[0] as Record<string, unknown>)['attr:rownumber'], 1, 'real rows untouched');
    assert.equal(rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length, real, 'answers: 1 is used up');
  });

  it('puts rows first on request, keeps invalid UTF-8 bytes, and holds until reset without answers', async () => {
    const garbage = Buffer.concat([
      Buffer.from('{"A.EMPLID":"BAD1","B.FIRST_NAME":"', 'utf8'),
      Buffer.from([0xff, 0xc0, 0xaf]),
      Buffer.from('"}', 'utf8'),
    ]);
    const status = simulator.setFaults({
      malformedRows: { rawRows: [garbage], position: 'start' },
    });
    assert.equal(status.pendingMalformedRowAnswers, null);
    for (let i = 0; i < 2; i++) {
      const raw = await get(`${EMPLOYEES}?${WINDOW}`);
      assert.ok(raw.bytes.includes(Buffer.from([0xff, 0xc0, 0xaf])), 'bytes sent unchanged');
      assert.ok(raw.bytes.toString('latin1').includes('"rows":[{"A.EMPLID":"BAD1"'));
    }
    assert.equal(simulator.setFaults({ malformedRows: null }).pendingMalformedRowAnswers, 0);
    assert.equal(rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length, real);
  });

  it('only touches successful JSON answers of the named target', async () => {
    simulator.setFaults({ malformedRows: { rows: [{ x: 1 }], target: 'ML_VENDORS', answers: 1 } });
    assert.equal(rowsOf(await get(`${EMPLOYEES}?${WINDOW}`)).length, real, 'other query untouched');
    const unauthorised = await fetch(`${base}${VENDORS}?${WINDOW}`);
    assert.equal(unauthorised.status, 401, 'an error answer is not touched and uses nothing up');
    assert.equal(rowsOf(await get(`${VENDORS}?${WINDOW}`)).length, realVendors + 1);
    assert.equal(rowsOf(await get(`${VENDORS}?${WINDOW}`)).length, realVendors);
  });

  it('also reaches the custom operation, whose rows sit at the top level', async () => {
    simulator.setFaults({ malformedRows: { rows: [[1, 2]], answers: 1 } });
    const raw = await get(`${CHANGES}?maxrows=100`);
    const document = JSON.parse(raw.bytes.toString('utf8')) as { rows: unknown[] };
    assert.equal(document.rows.length, real + 1);
    assert.deepEqual(document.rows[real], [1, 2]);
  });
});

describe('malformed-answers helpers', () => {
  it('names the query or operation a Listening Connector path addresses', () => {
    assert.equal(targetOf(EMPLOYEES), 'ML_EMPLOYEES');
    assert.equal(targetOf(CHANGES), 'ML_EMPL_CHANGES.v1');
    assert.equal(targetOf('/PSIGW/RESTListeningConnector/PSFT_HR'), undefined);
  });

  it('splices into an empty row list and leaves a missing numrows alone', () => {
    const spliced = spliceRows(json(200, { rows: [] }), {
      fragments: [Buffer.from('{"a":1}')],
      position: 'end',
      target: undefined,
      remaining: 1,
    });
    assert.equal(spliced.body.toString(), '{"rows":[{"a":1}]}');
  });
});
