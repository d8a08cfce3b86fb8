import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_SOURCES } from '@ml/connections';
import { compileMapping, type MappingResult, type RecordMapper } from '@ml/mapping';
import {
  PeopleSoftClient,
  PeopleSoftError,
  type FetchWindowResult,
  type PeopleSoftRow,
  type PeopleSoftSource,
} from '@ml/peoplesoft';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { ANSWER_CASES, nested } from './corpus/peoplesoft-answers';
import { BAD_EMPLID, BAD_VENDOR_ID, ROW_CASES, type RowCase } from './corpus/peoplesoft-rows';

const OPRID = 'ML_SYNC';
const PASSWORD = 'bad-input-password-5150';
const WINDOW = { from: '1900-01-01-00.00.00.000000', to: '2999-01-01-00.00.00.000000' };
const SOURCES: Record<'employee' | 'vendor', PeopleSoftSource> = {
  employee: DEFAULT_SOURCES.employee as PeopleSoftSource,
  vendor: DEFAULT_SOURCES.vendor as PeopleSoftSource,
};
/** C0/C1 controls and lone surrogates: what no error text may carry into logs and Postgres. */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Layer a of the bad-input corpus: every malformed answer and row through the real PeopleSoft
 * client (over HTTP, against the simulator serving it) and the real mapping.
 */
describe('bad PeopleSoft answers and rows through the client and the mapping', () => {
  const simulator = new PeopleSoftSimulator({
    employees: 20,
    vendors: 5,
    customers: 0,
    seed: 11,
    user: OPRID,
    password: PASSWORD,
  });
  let client: PeopleSoftClient;
  const mappers: Record<'employee' | 'vendor', RecordMapper> = {
    employee: compileMapping('employee', undefined, { defaultRegion: 'US' }),
    vendor: compileMapping('vendor', undefined, { defaultRegion: 'US' }),
  };
  const baseline: Record<
    'employee' | 'vendor',
    { rows: PeopleSoftRow[]; mapped: MappingResult[] }
  > = { employee: { rows: [], mapped: [] }, vendor: { rows: [], mapped: [] } };

  before(async () => {
    const url = new URL(await simulator.start());
    client = new PeopleSoftClient({
      scheme: 'http',
      host: url.hostname,
      port: Number(url.port),
      node: 'PSFT_HR',
      timeoutMs: 10_000,
      auth: { type: 'basic', oprid: OPRID, password: PASSWORD },
    });
    for (const entity of ['employee', 'vendor'] as const) {
      const clean = await client.fetchWindow(SOURCES[entity], WINDOW);
      assert.deepEqual(clean.rowErrors, [], `the clean ${entity} answer has no row errors`);
      assert.ok(clean.rows.length >= 5);
      baseline[entity] = { rows: clean.rows, mapped: clean.rows.map(mappers[entity]) };
    }
  });

  after(async () => {
    await client?.close();
    await simulator.stop();
  });

  beforeEach(() => {
    simulator.setFaults({ reset: true });
  });

  describe(`${ANSWER_CASES.length} whole answers that are not a result`, () => {
    for (const c of ANSWER_CASES) {
      it(`${c.name}: ${c.kind} error`, async () => {
        const body =
          typeof c.answer.body === 'string'
            ? c.answer.body.replace('__PASSWORD__', PASSWORD)
            : c.answer.body;
        simulator.setFaults({ rawAnswers: [{ ...c.answer, body }] });
        const error = await client.fetchWindow(SOURCES.employee, WINDOW).then(
          (result) => assert.fail(`expected an error, got ${result.rows.length} rows`),
          (e: unknown) => e,
        );
        assert.ok(
          error instanceof PeopleSoftError,
          `not a PeopleSoftError: ${String(error)} ${(error as Error)?.stack ?? ''}`,
        );
        assert.equal(error.kind, c.kind, error.message);
        assert.match(error.message, c.message);
        assert.equal(error.retryable, c.retryable ?? false, 'retryable');
        assert.ok(error.hint.length > 20, `a hint says what to do: ${error.hint}`);
        assertSafeText(error.message);
        assertSafeText(error.hint);
        assert.ok(error.message.length <= 600, `message of ${error.message.length} characters`);
        // The canned answer was used up: the next request is answered normally again.
        const next = await client.fetchWindow(SOURCES.employee, WINDOW);
        assert.equal(next.rows.length, baseline.employee.rows.length);
      });
    }
  });

  describe(`${ROW_CASES.length} malformed rows among good ones`, () => {
    for (const c of ROW_CASES) {
      const entity = c.entity ?? 'employee';
      const label =
        'rowError' in c.expect
          ? 'unreadable row'
          : 'rejected' in c.expect
            ? 'rejected'
            : 'refused' in c.expect
              ? 'unreadable or rejected, never synced'
              : 'mapped';
      it(`${c.name}: ${label}, the good rows unharmed`, async () => {
        simulator.setFaults({ malformedRows: injection(c) });
        const result = await client.fetchWindow(SOURCES[entity], WINDOW);
        const good = baseline[entity];
        const extra = withoutBaseline(result, good.rows);
        // Every good row is there and maps exactly as it does without the bad one.
        assert.equal(result.rows.length - extra.length, good.rows.length, 'good rows kept');
        assert.deepEqual(
          result.rows.filter((r) => !extra.includes(r)).map(mappers[entity]),
          good.mapped,
        );
        assert.equal(result.rowCount, good.rows.length + 1, 'the bad row is counted');
        assert.equal(result.truncated, false);

        if ('refused' in c.expect) {
          const reasons = [
            ...result.rowErrors.map((e) => e.reason),
            ...extra.map(mappers[entity]).flatMap((m) => (m.ok ? [] : m.reasons)),
          ].join('; ');
          const synced = extra.map(mappers[entity]).filter((m) => m.ok);
          assert.deepEqual(
            synced.map((m) => (m.ok ? m.properties : {})),
            [],
            'the row would be synced as it stands',
          );
          assert.match(reasons, c.expect.refused);
          assertSafeText(reasons);
          return;
        }
        if ('rowError' in c.expect) {
          assert.deepEqual(extra, [], 'an unreadable row yields no row');
          assert.equal(result.rowErrors.length, 1, JSON.stringify(result.rowErrors));
          const [rowError] = result.rowErrors;
          assert.match(rowError?.reason ?? '', c.expect.rowError);
          assert.ok((rowError?.rowNumber ?? 0) > 0);
          assertSafeText(rowError?.reason ?? '');
          assert.ok((rowError?.reason.length ?? 0) <= 600, 'reason stays short');
          return;
        }
        assert.deepEqual(result.rowErrors, []);
        assert.equal(extra.length, 1, 'the row was read');
        const mapped = mappers[entity](extra[0] as PeopleSoftRow);
        if ('rejected' in c.expect) {
          assert.equal(mapped.ok, false, `expected a rejection, got ${JSON.stringify(mapped)}`);
          if (mapped.ok) return;
          const reasons = mapped.reasons.join('; ');
          assert.match(reasons, c.expect.rejected);
          if (c.expect.sourceId !== undefined) assert.equal(mapped.sourceId, c.expect.sourceId);
          assertSafeText(reasons);
          assert.ok(reasons.length <= 1000, `reasons of ${reasons.length} characters`);
          return;
        }
        assert.equal(mapped.ok, true, `expected a record, got ${JSON.stringify(mapped)}`);
        if (!mapped.ok) return;
        c.expect.mapped(mapped);
        for (const [property, value] of Object.entries(mapped.properties)) {
          assertSafeText(value, property);
          assert.ok(!value.includes('\uFFFD'), `${property} holds a replacement character`);
        }
      });
    }
  });

  it('numrows far above the rows sent reads as a full window (split and re-read)', async () => {
    simulator.setFaults({
      rawAnswers: [
        {
          body: JSON.stringify({
            status: 'success',
            data: { query: { numrows: 1e300, 'queryname=': 'ML_EMPLOYEES', rows: [] } },
          }),
        },
      ],
    });
    const result = await client.fetchWindow(SOURCES.employee, WINDOW);
    assert.deepEqual(result.rows, []);
    assert.equal(result.truncated, true);
  });

  it('a byte-order mark before a good answer is ignored', async () => {
    simulator.setFaults({
      rawAnswers: [
        {
          body: `\uFEFF${JSON.stringify({
            status: 'success',
            data: {
              query: {
                numrows: 1,
                'queryname=': 'ML_EMPLOYEES',
                rows: [
                  {
                    'attr:rownumber': 1,
                    'A.EMPLID': BAD_EMPLID,
                    LASTUPDDTTM: '2020-01-01-10.00.00',
                  },
                ],
              },
            },
          })}`,
        },
      ],
    });
    const result = await client.fetchWindow(SOURCES.employee, WINDOW);
    assert.deepEqual(result.rows, [
      { EMPLID: BAD_EMPLID, LASTUPDDTTM: '2020-01-01-10.00.00.000000' },
    ]);
  });

  it('a bare list nested 100,000 deep reads as one unreadable row, not a crash', async () => {
    simulator.setFaults({ rawAnswers: [{ body: nested(100_000) }] });
    const result = await client.fetchWindow(SOURCES.employee, WINDOW);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.rowErrors, [{ rowNumber: 1, reason: 'row is a list, not an object' }]);
  });

  it('every unreadable row of the corpus at once: each one reported, the good rows intact', async () => {
    const unreadable = ROW_CASES.filter((c) => 'rowError' in c.expect && !c.entity);
    simulator.setFaults({
      malformedRows: {
        rows: unreadable.filter((c) => c.raw === undefined).map((c) => c.row),
        rawRows: unreadable.flatMap((c) => (c.raw === undefined ? [] : [c.raw])),
        position: 'start',
        answers: 1,
      },
    });
    const result = await client.fetchWindow(SOURCES.employee, WINDOW);
    assert.equal(result.rowErrors.length, unreadable.length);
    assert.equal(result.rows.length, baseline.employee.rows.length);
    assert.deepEqual(result.rows, baseline.employee.rows);
  });

  it(`the corpus is at least 50 cases (${ANSWER_CASES.length} answers, ${ROW_CASES.length} rows)`, () => {
    assert.ok(ANSWER_CASES.length + ROW_CASES.length >= 50);
    assert.equal(new Set(ROW_CASES.map((c) => c.name)).size, ROW_CASES.length, 'unique names');
    assert.equal(new Set(ANSWER_CASES.map((c) => c.name)).size, ANSWER_CASES.length);
    assert.ok(BAD_VENDOR_ID.length === 10);
  });
});

function injection(c: RowCase) {
  return c.raw !== undefined ? { rawRows: [c.raw], answers: 1 } : { rows: [c.row], answers: 1 };
}

/** Rows of `result` that are not in the baseline (by content). */
function withoutBaseline(
  result: FetchWindowResult,
  baseline: readonly PeopleSoftRow[],
): PeopleSoftRow[] {
  const known = new Set(baseline.map((r) => JSON.stringify(r)));
  return result.rows.filter((r) => !known.has(JSON.stringify(r)));
}

function assertSafeText(text: string, what = 'text'): void {
  const found = UNSAFE.exec(text);
  assert.equal(
    found,
    null,
    `${what} carries U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
  );
  assert.ok(!text.includes(PASSWORD), `${what} carries the password`);
}
