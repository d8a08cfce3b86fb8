import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRepository, RunsRepository, type RecordOutcome } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { connectionFixture } from '@ml/testing';
import { createApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
let connectionId: string;
let runs: RunsRepository;

before(async () => {
  h = await createApiHarness('apiruns');
  runs = h.app.get(RunsRepository);
  connectionId = (await create('runs')).id;
});
after(async () => {
  await h?.close();
});

function create(name: string) {
  return h.app.get(ConnectionsService).create(
    connectionFixture(name, {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-runs-token-0000',
      cron: '0 2 * * *',
    }),
  );
}

const outcome = (sourceId: string, o: RecordOutcome['outcome'], runId: string): RecordOutcome => ({
  connectionId,
  entity: 'employee',
  sourceId,
  objectType: 'contacts',
  runId,
  eventId: `ev-${sourceId}-${o}`,
  outcome: o,
});

/** Plays the poller: claims the queued run, reads a window, finishes. */
async function completeQueuedRun(rows: number, emitted: number): Promise<string> {
  const claimed = await runs.begin(connectionId);
  await runs.addWindow(
    claimed.runId,
    {
      entity: 'employee',
      from: '2026-11-28-01.00.00.000000',
      to: '2026-11-28-02.00.00.000000',
      rows,
    },
    emitted,
    0,
  );
  await runs.finish(claimed.runId, 'succeeded');
  return claimed.runId;
}

test('POST /connections/:id/sync queues a manual run and asks the poller to run now', async () => {
  await h.db.query(`UPDATE connections SET next_run_at = now() + interval '1 day' WHERE id = $1`, [
    connectionId,
  ]);
  const res = await h.call('post', `/connections/${connectionId}/sync`);
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body.status, 'queued');
  assert.equal(res.body.full, false);
  const [row] = await h.db.query(
    `SELECT r.trigger, r.status, r.request, r.full_reconciliation, c.next_run_at <= now() AS due
       FROM sync_runs r JOIN connections c ON c.id = r.connection_id WHERE r.id = $1`,
    [res.body.runId],
  );
  assert.deepEqual(row, {
    trigger: 'manual',
    status: 'queued',
    request: {},
    full_reconciliation: false,
    due: true,
  });
});

test('a second sync while one is active is 409 naming the active run; nothing is doubled', async () => {
  const [active] = await h.db.query(
    `SELECT id FROM sync_runs WHERE connection_id = $1 AND status = 'queued'`,
    [connectionId],
  );
  const res = await h.call('post', `/connections/${connectionId}/sync`, { body: { full: true } });
  assert.equal(res.status, 409);
  assert.equal(res.body.activeRunId, active.id);
  assert.equal(res.body.activeRunStatus, 'queued');
  assert.match(res.body.message, /already queued or running/);
  const [{ n }] = await h.db.query(
    `SELECT count(*)::int AS n FROM sync_runs WHERE connection_id = $1`,
    [connectionId],
  );
  assert.equal(n, 1);
});

test('GET /runs/:id shows trigger, windows, counts by outcome, timings and completeness', async () => {
  const runId = await completeQueuedRun(3, 3);
  await h.app
    .get(AuditRepository)
    .recordOutcomes([outcome('E1', 'created', runId), outcome('E2', 'retrying', runId)]);
  const partial = await h.call('get', `/runs/${runId}`);
  assert.equal(partial.status, 200);
  assert.equal(partial.body.complete, false, 'E2 and E3 are not final yet');
  await h.app
    .get(AuditRepository)
    .recordOutcomes([outcome('E2', 'updated', runId), outcome('E3', 'unchanged', runId)]);
  const res = await h.call('get', `/runs/${runId}`);
  assert.equal(res.status, 200);
  const run = res.body;
  assert.equal(run.id, runId);
  assert.equal(run.connectionId, connectionId);
  assert.equal(run.trigger, 'manual');
  assert.equal(run.status, 'succeeded');
  assert.equal(run.fetched, 3);
  assert.equal(run.emitted, 3);
  assert.equal(run.windows.length, 1);
  assert.equal(run.windows[0].rows, 3);
  assert.deepEqual(run.outcomes, {
    created: 1,
    updated: 1,
    unchanged: 1,
    stale: 0,
    superseded: 0,
    retrying: 1,
    failed: 0,
    invalid: 0,
  });
  assert.equal(run.settledRecords, 3);
  assert.equal(run.complete, true);
  assert.ok(run.startedAt && run.finishedAt && run.requestedAt);
  assert.equal(typeof run.durationMs, 'number');
  assert.deepEqual(run.request, {});
});

test('a full sync after the previous run finished', async () => {
  const res = await h.call('post', `/connections/${connectionId}/sync`, { body: { full: true } });
  assert.equal(res.status, 202);
  assert.equal(res.body.full, true);
  const [row] = await h.db.query(
    `SELECT request, full_reconciliation FROM sync_runs WHERE id = $1`,
    [res.body.runId],
  );
  assert.deepEqual(row, { request: { full: true }, full_reconciliation: true });
  await completeQueuedRun(0, 0);
});

test('GET /runs filters by connection and status and pages with an opaque cursor', async () => {
  const other = await create('runs-other');
  await runs.enqueue(other.id, 'manual', {});
  await h.call('post', `/connections/${connectionId}/sync`);
  await completeQueuedRun(1, 0);

  const mine = await h.call('get', `/runs?connectionId=${connectionId}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.body.items.length, 3);
  assert.ok(
    mine.body.items.every((r: { connectionId: string }) => r.connectionId === connectionId),
  );
  const times = mine.body.items.map((r: { requestedAt: string }) => r.requestedAt);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  assert.equal(mine.body.nextCursor, null);

  const queued = await h.call('get', '/runs?status=queued');
  assert.deepEqual(
    queued.body.items.map((r: { connectionId: string }) => r.connectionId),
    [other.id],
  );

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } =
      await h.call('get', `/runs?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((r) => r.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.equal(seen.length, 4);
  assert.equal(new Set(seen).size, 4, 'no run twice across pages');
});

test('runs validation: bad filters, cursor and ids are 400; unknown ones 404', async () => {
  for (const query of [
    'status=done',
    'trigger=cron',
    'connectionId=abc',
    'limit=0',
    'limit=201',
    'limit=ten',
    'cursor=not-a-cursor',
    'owner=me',
  ]) {
    const res = await h.call('get', `/runs?${query}`);
    assert.equal(res.status, 400, `${query}: ${res.text}`);
  }
  const cursor = await h.call('get', '/runs?cursor=eyJ4IjoxfQ');
  assert.match(cursor.body.message, /cursor is not valid/);
  assert.equal((await h.call('get', '/runs/not-a-uuid')).status, 400);
  assert.equal((await h.call('get', '/runs/00000000-0000-4000-8000-000000000000')).status, 404);
  const sync404 = await h.call('post', '/connections/00000000-0000-4000-8000-000000000000/sync');
  assert.equal(sync404.status, 404);
  const badBody = await h.call('post', `/connections/${connectionId}/sync`, {
    body: { full: 'yes', extra: 1 },
  });
  assert.equal(badBody.status, 400);
  assert.ok(badBody.body.message.includes('full must be a boolean value'));
  assert.ok(badBody.body.message.includes('property extra should not exist'));
});

test('a disabled connection cannot be synced (its run would never start)', async () => {
  const disabled = await create('runs-disabled');
  await h.call('patch', `/connections/${disabled.id}`, { body: { enabled: false } });
  const res = await h.call('post', `/connections/${disabled.id}/sync`);
  assert.equal(res.status, 409);
  assert.match(res.body.message, /disabled/);
});
