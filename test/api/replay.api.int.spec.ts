import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRepository, RunsRepository, type RecordOutcome } from '@ml/audit';
import { ConnectionsService } from '@ml/connections';
import { connectionFixture } from '@ml/testing';
import { createApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
let runs: RunsRepository;
let c1: string;
let c2: string;
let scheduledRun: string;

const recordId = async (sourceId: string): Promise<string> =>
  (await h.db.query(`SELECT id FROM sync_records WHERE source_id = $1`, [sourceId]))[0].id;

const requestOf = async (runId: string) =>
  (await h.db.query(`SELECT trigger, status, request FROM sync_runs WHERE id = $1`, [runId]))[0];

/** Plays the poller finishing whatever is queued, so the next replay can be queued. */
async function drain(connectionId: string): Promise<void> {
  if (await runs.hasQueued(connectionId)) {
    const claimed = await runs.begin(connectionId);
    await runs.finish(claimed.runId, 'succeeded');
  }
}

before(async () => {
  h = await createApiHarness('apireplay');
  runs = h.app.get(RunsRepository);
  const connections = h.app.get(ConnectionsService);
  const fixture = (name: string) =>
    connectionFixture(name, {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-replay-token-0000',
      entities: ['employee', 'vendor', 'customer'],
    });
  c1 = (await connections.create(fixture('replay-1'))).id;
  c2 = (await connections.create(fixture('replay-2'))).id;
  scheduledRun = (await runs.begin(c1)).runId;
  await runs.finish(scheduledRun, 'succeeded');
  const o = (
    connectionId: string,
    entity: 'employee' | 'vendor' | 'customer',
    sourceId: string,
    outcome: RecordOutcome['outcome'],
    run: string | null = null,
  ): RecordOutcome => ({
    connectionId,
    entity,
    sourceId,
    objectType: entity === 'employee' ? 'contacts' : 'companies',
    runId: run,
    eventId: `${sourceId}-${outcome}`,
    outcome,
  });
  await h.app
    .get(AuditRepository)
    .recordOutcomes([
      o(c1, 'employee', 'E1', 'failed', scheduledRun),
      o(c1, 'employee', 'E2', 'created', scheduledRun),
      o(c1, 'vendor', 'V1', 'failed', scheduledRun),
      o(c1, 'employee', 'E3', 'invalid'),
      o(c1, 'customer', 'C1', 'failed'),
      o(c2, 'employee', 'E1', 'failed'),
    ]);
});
after(async () => {
  await h?.close();
});

test('dryRun counts what a replay would send and queues nothing', async () => {
  const res = await h.call('post', '/replay', {
    body: { connectionId: c1, outcome: 'failed', dryRun: true },
  });
  assert.equal(res.status, 202, res.text);
  assert.deepEqual(res.body, {
    dryRun: true,
    records: 3,
    replayRuns: [{ connectionId: c1, runId: null, records: 3, alreadyActive: false }],
    unmatchedRecordIds: [],
  });
  assert.equal(await runs.hasQueued(c1), false);
});

test('connectionId + outcome failed queues one replay run with the failed source ids per entity', async () => {
  const res = await h.call('post', '/replay', { body: { connectionId: c1, outcome: 'failed' } });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body.dryRun, false);
  const [run] = res.body.replayRuns;
  assert.equal(run.connectionId, c1);
  assert.equal(run.records, 3);
  assert.equal(run.alreadyActive, false);
  assert.deepEqual(await requestOf(run.runId), {
    trigger: 'replay',
    status: 'queued',
    request: { sourceIds: { customer: ['C1'], employee: ['E1'], vendor: ['V1'] } },
  });
  const detail = await h.call('get', `/runs/${run.runId}`);
  assert.equal(detail.body.trigger, 'replay', 'progress shows in GET /runs/:id');
});

test('a replay while a run is active reports it and queues nothing; replaying again later is fine', async () => {
  const [active] = await h.db.query(
    `SELECT id FROM sync_runs WHERE connection_id = $1 AND status = 'queued'`,
    [c1],
  );
  const busy = await h.call('post', '/replay', { body: { connectionId: c1, outcome: 'failed' } });
  assert.equal(busy.status, 202);
  assert.deepEqual(busy.body.replayRuns, [
    { connectionId: c1, runId: active.id, records: 3, alreadyActive: true },
  ]);
  await drain(c1);
  const again = await h.call('post', '/replay', { body: { connectionId: c1, outcome: 'failed' } });
  assert.equal(again.body.replayRuns[0].alreadyActive, false);
  assert.notEqual(again.body.replayRuns[0].runId, active.id);
  await drain(c1);
});

test('recordIds across connections: one run per connection, unknown ids reported', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  const res = await h.call('post', '/replay', {
    body: { recordIds: [await recordId('E3'), await recordId('C1'), unknown] },
  });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body.records, 2);
  assert.deepEqual(res.body.unmatchedRecordIds, [unknown]);
  assert.equal(res.body.replayRuns.length, 1);
  assert.deepEqual((await requestOf(res.body.replayRuns[0].runId)).request, {
    sourceIds: { customer: ['C1'], employee: ['E3'] },
  });
  await drain(c1);

  const [c2Record] = await h.db.query(
    `SELECT id FROM sync_records WHERE connection_id = $1 AND source_id = 'E1'`,
    [c2],
  );
  const both = await h.call('post', '/replay', {
    body: { recordIds: [await recordId('V1'), c2Record.id] },
  });
  assert.deepEqual(
    both.body.replayRuns.map((r: { connectionId: string }) => r.connectionId).sort(),
    [c1, c2].sort(),
  );
  await drain(c1);
  await drain(c2);
});

test('runId replays every record the run touched; outcome and since narrow it', async () => {
  const res = await h.call('post', '/replay', { body: { runId: scheduledRun } });
  assert.equal(res.status, 202);
  assert.deepEqual((await requestOf(res.body.replayRuns[0].runId)).request, {
    sourceIds: { employee: ['E1', 'E2'], vendor: ['V1'] },
  });
  await drain(c1);
  const failedOnly = await h.call('post', '/replay', {
    body: { runId: scheduledRun, outcome: 'failed', dryRun: true },
  });
  assert.equal(failedOnly.body.records, 2);
  const future = await h.call('post', '/replay', {
    body: {
      connectionId: c1,
      outcome: 'failed',
      since: new Date(Date.now() + 60_000).toISOString(),
    },
  });
  assert.equal(future.status, 202);
  assert.equal(future.body.records, 0);
  assert.deepEqual(future.body.replayRuns, [], 'nothing matched, nothing queued');
  const invalid = await h.call('post', '/replay', {
    body: { connectionId: c1, outcome: 'invalid', dryRun: true },
  });
  assert.equal(invalid.body.records, 1);
});

test('replay validation: one selector, outcome with connectionId, well-formed values', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /exactly one of recordIds, runId or connectionId/],
    [{ runId: scheduledRun, connectionId: c1, outcome: 'failed' }, /exactly one of/],
    [{ connectionId: c1 }, /outcome is required with connectionId/],
    [{ connectionId: c1, outcome: 'created' }, /outcome must be one of/],
    [{ recordIds: [] }, /recordIds must contain at least 1 elements/],
    [{ recordIds: ['x'] }, /each value in recordIds must be a UUID/],
    [{ runId: 'abc' }, /runId must be a UUID/],
    [{ runId: scheduledRun, since: 'last tuesday' }, /since must be a valid ISO 8601/],
    [{ runId: scheduledRun, dryRun: 'yes' }, /dryRun must be a boolean/],
    [{ runId: scheduledRun, force: true }, /property force should not exist/],
  ];
  for (const [body, message] of cases) {
    const res = await h.call('post', '/replay', { body });
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    const messages = Array.isArray(res.body.message) ? res.body.message : [res.body.message];
    assert.ok(
      messages.some((m: string) => message.test(m)),
      JSON.stringify(messages),
    );
  }
  const unknownRun = await h.call('post', '/replay', {
    body: { runId: '00000000-0000-4000-8000-000000000000' },
  });
  assert.equal(unknownRun.status, 404);
  const unknownConnection = await h.call('post', '/replay', {
    body: { connectionId: '00000000-0000-4000-8000-000000000000', outcome: 'failed' },
  });
  assert.equal(unknownConnection.status, 404);
});

test('a replay touching a disabled connection is refused before anything is queued', async () => {
  await h.call('patch', `/connections/${c2}`, { body: { enabled: false } });
  const res = await h.call('post', '/replay', {
    body: {
      recordIds: [
        await recordId('V1'),
        (await h.db.query(`SELECT id FROM sync_records WHERE connection_id = $1`, [c2]))[0].id,
      ],
    },
  });
  assert.equal(res.status, 409);
  assert.match(res.body.message, /disabled/);
  assert.equal(await runs.hasQueued(c1), false, 'the enabled connection got nothing either');
});
