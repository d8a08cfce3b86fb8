import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRepository, AuditRetention, RunsRepository, type RecordOutcome } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { connectionFixture } from '@ml/testing';
import { RetentionService } from '../../apps/api/src/retention/retention.service';
import { createApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
let c1: string;
let c2: string;
let runId: string;

before(async () => {
  h = await createApiHarness('apiaudit', { AUDIT_RETENTION_DAYS: '30' });
  const connections = h.app.get(ConnectionsService);
  const fixture = (name: string) =>
    connectionFixture(name, {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-audit-token-0000',
      entities: ['employee', 'vendor'],
    });
  c1 = (await connections.create(fixture('audit-1'))).id;
  c2 = (await connections.create(fixture('audit-2'))).id;
  const runs = h.app.get(RunsRepository);
  runId = (await runs.begin(c1)).runId;
  const audit = h.app.get(AuditRepository);
  const o = (
    connectionId: string,
    entity: 'employee' | 'vendor',
    sourceId: string,
    outcome: RecordOutcome['outcome'],
    extra: Partial<RecordOutcome> = {},
  ): RecordOutcome => ({
    connectionId,
    entity,
    sourceId,
    objectType: entity === 'employee' ? 'contacts' : 'companies',
    runId: null,
    eventId: `${sourceId}-${outcome}`,
    outcome,
    ...extra,
  });
  await audit.recordOutcomes([
    o(c1, 'employee', 'KU0042', 'failed', {
      runId,
      errorCategory: 'VALIDATION_ERROR',
      errorMessage: 'email is not valid',
      properties: { email: 'not-an-email', ml_peoplesoft_id: 'KU0042' },
      correlationId: 'hs-corr-1',
    }),
  ]);
  await audit.recordOutcomes([
    o(c1, 'employee', 'KU0042', 'created', { runId, hubspotId: '901', payloadHash: 'h2' }),
  ]);
  for (let i = 1; i <= 5; i += 1) {
    await audit.recordOutcomes([
      o(c1, 'employee', `E${i}`, i % 2 ? 'created' : 'failed', {
        hubspotId: i % 2 ? `10${i}` : null,
      }),
    ]);
  }
  await audit.recordOutcomes([o(c2, 'vendor', 'V1', 'invalid', { errorMessage: 'no name' })]);
  await h.db.query(
    `INSERT INTO hubspot_requests
       (connection_id, method, path, object_type, batch_size, status, duration_ms, attempt,
        correlation_id, rate_limit, error_kind, requested_at)
     SELECT $1, 'POST', '/crm/objects/2026-09/contacts/batch/upsert', 'contacts', 100,
            CASE WHEN g % 3 = 0 THEN 429 ELSE 200 END, 120.5, 1 + (g % 3 = 0)::int,
            'corr-' || g, '{"max": 190, "remaining": 100}'::jsonb,
            CASE WHEN g % 3 = 0 THEN 'rate-limited' END,
            now() - g * interval '1 minute'
       FROM generate_series(1, 7) g`,
    [c1],
  );
});
after(async () => {
  await h?.close();
});

test('GET /records answers "what happened to KU0042" with its state and last attempt', async () => {
  const res = await h.call('get', '/records?sourceId=KU0042');
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 1);
  const r = res.body.items[0];
  assert.equal(r.connectionId, c1);
  assert.equal(r.entity, 'employee');
  assert.equal(r.status, 'synced');
  assert.equal(r.hubspotId, '901');
  assert.equal(r.attempts, 2);
  assert.equal(r.lastAttempt.outcome, 'created');
  assert.equal(r.lastAttempt.runId, runId);

  const detail = await h.call('get', `/records/${r.id}`);
  assert.equal(detail.status, 200);
  assert.deepEqual(
    detail.body.history.map((a: { outcome: string }) => a.outcome),
    ['created', 'failed'],
    'every attempt, newest first',
  );
  const failed = detail.body.history[1];
  assert.equal(failed.errorCategory, 'VALIDATION_ERROR');
  assert.equal(failed.errorMessage, 'email is not valid');
  assert.deepEqual(failed.properties, { email: 'not-an-email', ml_peoplesoft_id: 'KU0042' });
  assert.equal(failed.correlationId, 'hs-corr-1');
});

test('GET /records filters by record fields and by attempt fields', async () => {
  const ids = async (query: string) =>
    (await h.call('get', `/records?${query}`)).body.items
      .map((r: { sourceId: string }) => r.sourceId)
      .sort();
  assert.deepEqual(await ids(`connectionId=${c2}`), ['V1']);
  assert.deepEqual(await ids(`connectionId=${c1}&status=failed`), ['E2', 'E4']);
  assert.deepEqual(await ids('entity=vendor&status=invalid'), ['V1']);
  assert.deepEqual(await ids('hubspotId=103'), ['E3']);
  assert.deepEqual(await ids(`runId=${runId}`), ['KU0042']);
  assert.deepEqual(await ids(`connectionId=${c1}&outcome=failed`), ['E2', 'E4', 'KU0042']);
  const future = new Date(Date.now() + 3_600_000).toISOString();
  assert.deepEqual(await ids(`from=${future}`), []);
  assert.deepEqual(await ids(`to=${future}&sourceId=E1`), ['E1']);
});

test('GET /records pages through every record exactly once', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: {
      status: number;
      body: { items: Array<{ id: string }>; nextCursor: string | null };
    } = await h.call(
      'get',
      `/records?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.equal(res.status, 200);
    seen.push(...res.body.items.map((r) => r.id));
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor);
  assert.equal(seen.length, 7);
  assert.equal(new Set(seen).size, 7);
  assert.equal(pages, 3);
});

test('GET /records validation', async () => {
  for (const query of [
    'status=ok',
    'outcome=exploded',
    'entity=planet',
    'from=yesterday',
    'runId=1',
    'limit=-1',
    'cursor=%%%',
    'cursor=WyJjMSIsInJ1bnMiLCIyMDI2LTExLTI4VDAwOjAwOjAwLjAwMDAwMFoiLCJ4Il0',
    'sort=asc',
  ]) {
    const res = await h.call('get', `/records?${query}`);
    assert.equal(res.status, 400, `${query}: ${res.text}`);
  }
  assert.equal((await h.call('get', '/records/123')).status, 400);
  assert.equal((await h.call('get', '/records/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('GET /requests lists HubSpot requests with filters and a cursor', async () => {
  const all = await h.call('get', `/requests?connectionId=${c1}`);
  assert.equal(all.status, 200);
  assert.equal(all.body.items.length, 7);
  const first = all.body.items[0];
  assert.equal(first.method, 'POST');
  assert.equal(first.batchSize, 100);
  assert.deepEqual(first.rateLimit, { max: 190, remaining: 100 });
  assert.equal(first.correlationId, 'corr-1', 'newest first');

  const limited = await h.call('get', '/requests?status=429');
  assert.equal(limited.body.items.length, 2);
  assert.ok(
    limited.body.items.every(
      (r: { errorKind: string; attempt: number }) =>
        r.errorKind === 'rate-limited' && r.attempt === 2,
    ),
  );

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await h.call(
      'get',
      `/requests?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    seen.push(...res.body.items.map((r) => r.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  assert.equal(new Set(seen).size, 7);

  const window = await h.call(
    'get',
    `/requests?from=${new Date(Date.now() - 150_000).toISOString()}`,
  );
  assert.deepEqual(
    window.body.items.map((r: { correlationId: string }) => r.correlationId),
    ['corr-1', 'corr-2'],
  );
  for (const query of ['status=abc', 'status=99', 'objectType=deals', 'method=TRACE', 'x=1']) {
    assert.equal((await h.call('get', `/requests?${query}`)).status, 400, query);
  }
});

test('retention prunes old attempts and requests in batches and keeps the rest', async () => {
  await h.db.query(
    `UPDATE sync_attempts SET attempted_at = now() - interval '40 days'
      WHERE record_id IN (SELECT id FROM sync_records WHERE source_id IN ('E1', 'E2', 'E3'))`,
  );
  await h.db.query(
    `UPDATE hubspot_requests SET requested_at = now() - interval '31 days'
      WHERE correlation_id IN ('corr-5', 'corr-6', 'corr-7')`,
  );
  const [{ n: attemptsBefore }] = await h.db.query(`SELECT count(*)::int AS n FROM sync_attempts`);
  const direct = await h.app.get(AuditRetention).prune(new Date(Date.now() - 35 * 86_400_000), 2);
  assert.deepEqual(direct, { attempts: 3, requests: 0 }, 'three batches of at most 2');

  const report = await h.app.get(RetentionService).pruneNow();
  assert.deepEqual(report, { attempts: 0, requests: 3 }, 'AUDIT_RETENTION_DAYS=30 is applied');
  const [{ n: attemptsAfter }] = await h.db.query(`SELECT count(*)::int AS n FROM sync_attempts`);
  assert.equal(attemptsAfter, attemptsBefore - 3);
  const [{ n: requests }] = await h.db.query(`SELECT count(*)::int AS n FROM hubspot_requests`);
  assert.equal(requests, 4);
  const e1 = await h.call('get', '/records?sourceId=E1');
  assert.equal(e1.body.items[0].status, 'synced', 'the record itself is kept');
  assert.equal(e1.body.items[0].lastAttempt, null);
  await assert.rejects(h.app.get(AuditRetention).prune(new Date(), 0), /batchSize/);
});
