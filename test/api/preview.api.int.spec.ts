import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRepository, type RecordOutcome } from '@ml/audit';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { compileMapping, type MappingResult, type SourceEntity } from '@ml/mapping';
import { addDaysToPeopleSoftDate, PeopleSoftClient, type PeopleSoftSource } from '@ml/peoplesoft';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
// The poller's own rule: the preview must keep the same rows in force as a real poll.
import { selectCurrentEmployeeRows } from '@ml/mapping';
import { connectionBody, createApiHarness, type ApiHarness, type LooseBody } from './api-harness';

const PASSWORD = 'ps-preview-secret-4411';
const TOKEN = 'pat-na1-77777777-2222-4333-8444-555555550001';

let h: ApiHarness;
let ps: PeopleSoftSimulator;
let hs: HubSpotSimulator;
let psUrl: string;
let hsUrl: string;
let connectionId: string;
let badHire: string;

const today = () => new Date().toISOString().slice(0, 10);

const body = (name: string, maxRows = 4): LooseBody => {
  const b = connectionBody(name, {
    peoplesoftUrl: psUrl,
    hubspotUrl: hsUrl,
    password: PASSWORD,
    token: TOKEN,
  });
  // Small answers force the preview to split windows, as the poller does with full ones.
  b.peoplesoft.sources = {
    employee: { kind: 'query', queryName: 'ML_EMPLOYEES', maxRows },
    vendor: { kind: 'query', queryName: 'ML_VENDORS', maxRows },
    customer: { kind: 'query', queryName: 'ML_CUSTOMERS', maxRows },
  };
  b.schedule.timezone = 'UTC';
  return b;
};

before(async () => {
  h = await createApiHarness('apipreview');
  ps = new PeopleSoftSimulator({
    seed: 7,
    employees: 24,
    vendors: 5,
    customers: 4,
    user: 'ML_SYNC',
    password: PASSWORD,
  });
  hs = new HubSpotSimulator({ tokens: [TOKEN], requestsPer10s: 190 });
  psUrl = await ps.start();
  hsUrl = await hs.start();
  // Messy data a clerk must fix: the record is invalid, with a reason naming the field.
  badHire = ps.hire({
    firstName: 'John',
    lastName: 'Doe',
    email: 'john.doe@',
    effdt: addDaysToPeopleSoftDate(today(), -5),
  }).emplid;
  const created = await h.call('post', '/connections', { body: body('preview') });
  assert.equal(created.status, 201, created.text);
  connectionId = created.body.id;
});
after(async () => {
  await ps?.stop();
  await hs?.stop();
  await h?.close();
});

/** What a poll would map, computed independently: one big read, the poller's effective dating. */
async function expectedRecords(entity: SourceEntity): Promise<Map<string | null, MappingResult[]>> {
  const url = new URL(psUrl);
  const client = new PeopleSoftClient({
    scheme: 'http',
    host: url.hostname,
    port: Number(url.port),
    node: 'PSFT_HR',
    timeoutMs: 5000,
    auth: { type: 'basic', oprid: 'ML_SYNC', password: PASSWORD },
  });
  const queryName = { employee: 'ML_EMPLOYEES', vendor: 'ML_VENDORS', customer: 'ML_CUSTOMERS' };
  const source: PeopleSoftSource = {
    kind: 'query',
    queryName: queryName[entity],
    visibility: 'public',
    fromPrompt: 'FROM_DTTM',
    toPrompt: 'TO_DTTM',
    maxRows: 100_000,
  };
  try {
    const answer = await client.fetchWindow(source, {
      from: '1900-01-01-00.00.00.000000',
      to: '2999-01-01-00.00.00.000000',
    });
    assert.equal(answer.truncated, false);
    const rows =
      entity === 'employee' ? selectCurrentEmployeeRows(answer.rows, today()).current : answer.rows;
    const mapper = compileMapping(entity, undefined, { defaultRegion: 'US' });
    const byId = new Map<string | null, MappingResult[]>();
    for (const row of rows) {
      const result = mapper(row);
      byId.set(result.sourceId, [...(byId.get(result.sourceId) ?? []), result]);
    }
    return byId;
  } finally {
    await client.close();
  }
}

type Preview = {
  ok: boolean;
  window: { from: string; to: string };
  today: string;
  entities: Array<{
    entity: SourceEntity;
    objectType: string;
    counts: Record<'create' | 'update' | 'unchanged' | 'invalid', number>;
    deferred: number;
    rowsRead: number;
    windowsRead: number;
    examples: Record<string, Array<Record<string, unknown>>>;
    properties: { checked: boolean; missing: Array<{ property: string; message: string }> };
    error: string | null;
    hint: string | null;
  }>;
};

async function preview(requestBody?: unknown, id = connectionId): Promise<Preview> {
  const res = await h.call('post', `/connections/${id}/preview`, { body: requestBody });
  assert.equal(res.status, 200, res.text);
  return res.body as Preview;
}

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['sync_records', 'sync_attempts', 'sync_runs', 'outbox', 'source_records']) {
    const [row] = await h.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row.n;
  }
  const [w] = await h.db.query(`SELECT count(*)::int AS n FROM source_watermarks`);
  counts.source_watermarks = w.n;
  return counts;
}

test('a fresh connection: every valid record would be created, with the exact properties', async () => {
  const before = await tableCounts();
  const hubspotBefore = hs.counterSnapshot();
  const report = await preview({ limit: 100 });
  assert.equal(report.today, today());
  assert.equal(report.window.from, '1900-01-01-00.00.00.000000');
  assert.deepEqual(
    report.entities.map((e) => [e.entity, e.objectType]),
    [
      ['employee', 'contacts'],
      ['vendor', 'companies'],
      ['customer', 'companies'],
    ],
  );
  for (const entity of report.entities) {
    const expected = await expectedRecords(entity.entity);
    const all = [...expected.values()].flat();
    const valid = all.filter((r) => r.ok);
    assert.equal(entity.error, null, `${entity.entity}: ${entity.error}`);
    assert.ok(entity.windowsRead > 1, `${entity.entity}: full windows were split`);
    assert.deepEqual(
      entity.counts,
      { create: valid.length, update: 0, unchanged: 0, invalid: all.length - valid.length },
      entity.entity,
    );
    for (const example of entity.examples.create ?? []) {
      const [want] = expected.get(example.sourceId as string) ?? [];
      assert.ok(want?.ok, `${example.sourceId} is expected valid`);
      assert.deepEqual(example.properties, want.properties, `${example.sourceId} properties`);
      assert.equal(example.contentHash, want.contentHash);
      assert.equal(example.hubspotId, null);
    }
    for (const example of entity.examples.invalid ?? []) {
      const wanted = expected.get(example.sourceId as string | null) ?? [];
      assert.ok(
        wanted.some((r) => !r.ok && r.reasons.join() === (example.reasons as string[]).join()),
        `${example.sourceId}: ${JSON.stringify(example.reasons)}`,
      );
    }
    assert.equal(entity.examples.create?.length, Math.min(100, valid.length));
    if (entity.entity === 'employee') {
      const bad = entity.examples.invalid?.find((r) => r.sourceId === badHire);
      assert.match(String(bad?.reasons), /EMAIL_ADDR 'john\.doe@' is not a valid email/);
    }
    assert.deepEqual(entity.properties, { checked: true, missing: [], error: null });
  }
  assert.equal(report.ok, true);

  assert.deepEqual(await tableCounts(), before, 'nothing was stored or queued');
  const hubspotAfter = hs.counterSnapshot();
  assert.equal(hubspotAfter.objectsCreated, hubspotBefore.objectsCreated);
  assert.equal(hubspotAfter.objectsUpdated, hubspotBefore.objectsUpdated);
  assert.equal(hs.objects('contacts').length + hs.objects('companies').length, 0);
  assert.equal(
    hubspotAfter.totalRequests - hubspotBefore.totalRequests,
    2,
    'one property list per object type, nothing else',
  );
});

test('synced records with the same hash are unchanged, others update; limit caps examples', async () => {
  const expected = await expectedRecords('employee');
  const valid = [...expected.values()].flat().filter((r) => r.ok);
  assert.ok(valid.length >= 4);
  const [same, other, failedNew, failedKnown] = valid;
  const outcome = (
    sourceId: string,
    o: RecordOutcome['outcome'],
    extra: Partial<RecordOutcome>,
  ): RecordOutcome => ({
    connectionId,
    entity: 'employee',
    sourceId,
    objectType: 'contacts',
    runId: null,
    eventId: `ev-${sourceId}`,
    outcome: o,
    ...extra,
  });
  await h.app.get(AuditRepository).recordOutcomes([
    outcome(same.sourceId, 'created', { hubspotId: '501', payloadHash: same.contentHash }),
    outcome(other.sourceId, 'updated', { hubspotId: '502', payloadHash: 'an-older-hash' }),
    outcome(failedNew.sourceId, 'failed', { errorMessage: 'HTTP 400' }),
    outcome(failedKnown.sourceId, 'created', {
      hubspotId: '504',
      payloadHash: failedKnown.contentHash,
    }),
  ]);
  await h.app
    .get(AuditRepository)
    .recordOutcomes([
      outcome(failedKnown.sourceId, 'failed', { eventId: 'ev-2', errorMessage: 'HTTP 500' }),
    ]);
  const report = await preview({ entities: ['employee'], limit: 1 });
  assert.equal(report.entities.length, 1);
  const [employee] = report.entities;
  assert.deepEqual(employee.counts, {
    create: valid.length - 3,
    update: 2,
    unchanged: 1,
    invalid: [...expected.values()].flat().length - valid.length,
  });
  assert.deepEqual(
    employee.examples.unchanged?.map((r) => [r.sourceId, r.hubspotId]),
    [[same.sourceId, '501']],
  );
  assert.equal(employee.examples.update?.length, 1, 'limit: 1');
  assert.equal(employee.examples.create?.length, 1);
});

test("effective dating: a future-dated change is deferred and today's row is what would be sent", async () => {
  const expected = await expectedRecords('employee');
  const target = [...expected.values()].flat().find((r) => r.ok && r.lifecycle === 'active');
  assert.ok(target?.ok);
  const future = addDaysToPeopleSoftDate(today(), 30);
  // A transfer keyed now but effective next month (a JOB row; names are not effective-dated).
  const deptid = target.properties.ml_department === 'Facilities' ? '10000' : '60000';
  ps.changeEmployee(target.sourceId, { effdt: future, deptid });
  ps.terminate(target.sourceId, { effdt: addDaysToPeopleSoftDate(today(), 40) });
  const hired = ps.hire({
    firstName: '  Zoë ',
    lastName: "O'Brien",
    email: ' Zoe.OBrien@Example.COM ',
    effdt: addDaysToPeopleSoftDate(today(), -3),
  });

  const report = await preview({ entities: ['employee'], limit: 100 });
  const [employee] = report.entities;
  assert.equal(employee.deferred, 2);
  const all = [
    ...(employee.examples.create ?? []),
    ...(employee.examples.update ?? []),
    ...(employee.examples.unchanged ?? []),
  ];
  const current = all.find((r) => r.sourceId === target.sourceId);
  assert.deepEqual(
    current?.properties,
    target.properties,
    'the row in force today, not the future one',
  );
  const zoe = all.find((r) => r.sourceId === hired.emplid);
  assert.deepEqual(
    {
      firstname: (zoe?.properties as Record<string, string>).firstname,
      lastname: (zoe?.properties as Record<string, string>).lastname,
      email: (zoe?.properties as Record<string, string>).email,
    },
    { firstname: 'Zoë', lastname: "O'Brien", email: 'zoe.obrien@example.com' },
  );
});

test('a mapped property HubSpot lacks is reported with a fix; a window narrows the read', async () => {
  const other = await h.call('post', '/connections', { body: body('preview-mapped', 5000) });
  assert.equal(other.status, 201, other.text);
  const patched = await h.call('patch', `/connections/${other.body.id}`, {
    body: {
      mapping: {
        employee: {
          fields: [
            { target: 'ml_location', source: 'LOCATION' },
            { target: 'phone', rename: 'mobilephone' },
          ],
        },
      },
    },
  });
  assert.equal(patched.status, 200, patched.text);
  const report = await preview({ entities: ['employee', 'vendor'], limit: 3 }, other.body.id);
  assert.equal(report.ok, false);
  const [employee, vendor] = report.entities;
  assert.deepEqual(
    employee.properties.missing.map((m) => m.property),
    ['ml_location'],
  );
  assert.match(
    employee.properties.missing[0]?.message ?? '',
    /HubSpot contacts have no property 'ml_location', which the employee mapping writes: create it/,
  );
  assert.deepEqual(vendor.properties.missing, []);
  assert.equal(employee.windowsRead, 1, 'maxRows 5000 reads everything at once');
  const sample = employee.examples.create?.[0]?.properties as Record<string, string>;
  assert.ok('ml_location' in sample, 'the override is applied');
  assert.ok(!('phone' in sample));

  const narrow = await preview(
    {
      entities: ['vendor'],
      window: { from: '1900-01-01-00.00.00.000000', to: '1900-01-02-00.00.00.000000' },
    },
    other.body.id,
  );
  assert.deepEqual(narrow.entities[0]?.counts, { create: 0, update: 0, unchanged: 0, invalid: 0 });
  assert.equal(narrow.entities[0]?.rowsRead, 0);
});

test('a system that fails shows in the entity, with a hint, not as an error status', async () => {
  const b = body('preview-broken');
  b.peoplesoft.auth.password = 'wrong-password-0000';
  b.hubspot.accessToken = 'pat-na1-00000000-dead-4000-8000-000000000000';
  const created = await h.call('post', '/connections', { body: b });
  assert.equal(created.status, 201, created.text);
  const report = await preview({ entities: ['vendor'] }, created.body.id);
  assert.equal(report.ok, false);
  const [vendor] = report.entities;
  assert.match(vendor.error ?? '', /^PeopleSoft auth/);
  assert.ok(vendor.hint);
  assert.equal(vendor.properties.checked, false);
  assert.match(
    (vendor.properties as unknown as { error: string }).error,
    /companies could not be listed: auth \(HTTP 401\)/,
  );
  const text = JSON.stringify(report);
  assert.ok(!text.includes('wrong-password-0000') && !text.includes('dead-4000'), 'no secret');
});

test('bad requests are 400 naming the field; an unknown connection is 404', async () => {
  const only = body('preview-employees');
  only.peoplesoft.sources = { employee: { kind: 'query', queryName: 'ML_EMPLOYEES' } };
  const created = await h.call('post', '/connections', { body: only });
  assert.equal(created.status, 201, created.text);
  const cases: Array<[unknown, RegExp]> = [
    [{ entities: ['vendor'] }, /vendor has no PeopleSoft source on this connection/],
    [{ entities: ['payroll'] }, /entities/],
    [{ entities: [] }, /entities should not be empty/],
    [{ limit: 101 }, /limit must not be greater than 100/],
    [{ limit: 'ten' }, /limit must be an integer/],
    [
      { window: { from: '2026-11-30', to: '2026-12-01-00.00.00.000000' } },
      /window\.from must be a PeopleSoft timestamp/,
    ],
    [
      { window: { from: '2026-12-01-00.00.00.000000', to: '2026-11-01-00.00.00.000000' } },
      /window\.from must not be after window\.to/,
    ],
    [{ dryRun: true }, /property dryRun should not exist/],
  ];
  for (const [requestBody, message] of cases) {
    const res = await h.call('post', `/connections/${created.body.id}/preview`, {
      body: requestBody,
    });
    assert.equal(res.status, 400, `${JSON.stringify(requestBody)}: ${res.text}`);
    const messages = ([] as string[]).concat(res.body.message);
    assert.ok(
      messages.some((m) => message.test(m)),
      `${JSON.stringify(requestBody)}: ${res.text}`,
    );
  }
  const missing = await h.call(
    'post',
    '/connections/00000000-0000-4000-8000-000000000000/preview',
    { body: {} },
  );
  assert.equal(missing.status, 404);
  const noBody = await h.call('post', `/connections/${created.body.id}/preview`);
  assert.equal(noBody.status, 200, noBody.text);
  assert.deepEqual(
    noBody.body.entities.map((e: { entity: string }) => e.entity),
    ['employee'],
  );
  const unauthorised = await h.call('post', `/connections/${created.body.id}/preview`, {
    key: null,
  });
  assert.equal(unauthorised.status, 401);
});
