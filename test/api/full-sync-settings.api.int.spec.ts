import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRunAfter } from '@ml/connections';
import { connectionBody, createApiHarness, type ApiHarness, type LooseBody } from './api-harness';

const TOKEN = 'pat-na1-11111111-2222-4333-8444-555555550042';
let h: ApiHarness;

before(async () => {
  h = await createApiHarness('apifull');
});
after(async () => {
  await h?.close();
});

/** A connection body whose employee source carries `employee` on top of the defaults. */
function body(name: string, extra: LooseBody = {}, employee: LooseBody = {}): LooseBody {
  const base = connectionBody(name, {
    peoplesoftUrl: 'http://127.0.0.1:1',
    hubspotUrl: 'http://127.0.0.1:2',
    password: 'ps-password-0042',
    token: TOKEN,
  });
  const peoplesoft = base.peoplesoft as LooseBody;
  return {
    ...base,
    peoplesoft: {
      ...peoplesoft,
      sources: { employee: { kind: 'query', queryName: 'ML_EMPLOYEES', ...employee } },
    },
    ...extra,
  };
}

const WEEKLY = { cron: '0 3 * * 0', timezone: 'Europe/Berlin' };

test('a connection stores which EMPL_RCD is the contact and its full-sync schedule', async () => {
  const plain = await h.call('post', '/connections', { body: body('plain') });
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.body.peoplesoft.sources.employee.primaryEmplRcd, 'lowest', 'the default');
  assert.equal(plain.body.fullSyncSchedule, null, 'no scheduled full sync unless asked for');
  assert.equal(plain.body.nextFullSyncAt, null);

  const before = new Date();
  const made = await h.call('post', '/connections', {
    body: body('weekly', { fullSyncSchedule: WEEKLY }, { primaryEmplRcd: 'highest' }),
  });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.peoplesoft.sources.employee.primaryEmplRcd, 'highest');
  assert.deepEqual(made.body.fullSyncSchedule, WEEKLY);
  // The first run reads everything anyway: the first full sync waits for its own slot.
  const next = new Date(made.body.nextFullSyncAt as string);
  assert.ok(next > before, 'the first full sync is in the future');
  assert.equal(next.toISOString(), nextRunAfter(WEEKLY, before).toISOString());

  const fixed = await h.call('post', '/connections', {
    body: body('fixed', {}, { primaryEmplRcd: 2 }),
  });
  assert.equal(fixed.status, 201, fixed.text);
  const read = await h.call('get', `/connections/${fixed.body.id}`);
  assert.equal(read.body.peoplesoft.sources.employee.primaryEmplRcd, 2);
});

test('a primaryEmplRcd that is not lowest, highest or 0-999 answers 400 naming the field', async () => {
  for (const bad of ['lowestActive', 1000, -1, 1.5, '0', null]) {
    const res = await h.call('post', '/connections', {
      body: body(`bad-${String(bad)}`, {}, { primaryEmplRcd: bad }),
    });
    assert.equal(res.status, 400, `${String(bad)}: ${res.text}`);
    const text = JSON.stringify(res.body.message);
    assert.ok(text.includes("primaryEmplRcd must be 'lowest', 'highest' or an EMPL_RCD"), text);
  }
  const vendor = body('vendor-rcd');
  (vendor.peoplesoft as LooseBody).sources = {
    vendor: { kind: 'query', queryName: 'ML_VENDORS', primaryEmplRcd: 'lowest' },
  };
  const refused = await h.call('post', '/connections', { body: vendor });
  assert.equal(refused.status, 400, refused.text);
  assert.match(JSON.stringify(refused.body.message), /primaryEmplRcd should not exist/);
});

test('PATCH sets, moves and turns off the full-sync schedule; a bad one answers 400', async () => {
  const made = await h.call('post', '/connections', { body: body('patched') });
  const id = made.body.id as string;

  const bad = await h.call('patch', `/connections/${id}`, {
    body: { fullSyncSchedule: { cron: 'weekly', timezone: 'UTC' } },
  });
  assert.equal(bad.status, 400, bad.text);
  assert.match(JSON.stringify(bad.body.message), /fullSyncSchedule\.cron is not a valid cron/);
  const badZone = await h.call('patch', `/connections/${id}`, {
    body: { fullSyncSchedule: { cron: '0 3 * * 0', timezone: 'Mars/Olympus' } },
  });
  assert.equal(badZone.status, 400, badZone.text);

  const on = await h.call('patch', `/connections/${id}`, { body: { fullSyncSchedule: WEEKLY } });
  assert.equal(on.status, 200, on.text);
  assert.deepEqual(on.body.fullSyncSchedule, WEEKLY);
  assert.ok(on.body.nextFullSyncAt, 'a slot is booked');
  const [stored]: Array<{ next: Date }> = await h.db.query(
    `SELECT next_full_sync_at AS next FROM connections WHERE id = $1`,
    [id],
  );
  assert.equal(stored?.next.toISOString(), on.body.nextFullSyncAt);

  const daily = { cron: '30 1 * * *', timezone: 'UTC' };
  const moved = await h.call('patch', `/connections/${id}`, { body: { fullSyncSchedule: daily } });
  assert.deepEqual(moved.body.fullSyncSchedule, daily);
  assert.match(moved.body.nextFullSyncAt as string, /T01:30:00\.000Z$/, 'moved to the new slot');

  const unrelated = await h.call('patch', `/connections/${id}`, { body: { enabled: true } });
  assert.deepEqual(unrelated.body.fullSyncSchedule, daily, 'left alone when not sent');

  const off = await h.call('patch', `/connections/${id}`, { body: { fullSyncSchedule: null } });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.fullSyncSchedule, null);
  assert.equal(off.body.nextFullSyncAt, null);

  const rcd = await h.call('patch', `/connections/${id}`, {
    body: {
      peoplesoft: {
        sources: { employee: { kind: 'query', queryName: 'ML_EMPLOYEES', primaryEmplRcd: 1 } },
      },
    },
  });
  assert.equal(rcd.status, 200, rcd.text);
  assert.equal(rcd.body.peoplesoft.sources.employee.primaryEmplRcd, 1);
  const badRcd = await h.call('patch', `/connections/${id}`, {
    body: {
      peoplesoft: {
        sources: {
          employee: {
            kind: 'operation',
            alias: 'X.v1',
            uriTemplate: '{from}/{to}',
            primaryEmplRcd: 'newest',
          },
        },
      },
    },
  });
  assert.equal(badRcd.status, 400, badRcd.text);
  assert.match(JSON.stringify(badRcd.body.message), /employee\.primaryEmplRcd must be/);
});

test('POST /sync: {"full": true, "resend": true} queues a full re-send; resend alone is refused', async () => {
  const made = await h.call('post', '/connections', { body: body('resend') });
  const id = made.body.id as string;
  const alone = await h.call('post', `/connections/${id}/sync`, { body: { resend: true } });
  assert.equal(alone.status, 400, alone.text);
  assert.match(alone.body.message as string, /"full": true, "resend": true/);

  const res = await h.call('post', `/connections/${id}/sync`, {
    body: { full: true, resend: true },
  });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body.full, true);
  assert.equal(res.body.resend, true);
  const [run]: Array<{ request: unknown; full_reconciliation: boolean }> = await h.db.query(
    `SELECT request, full_reconciliation FROM sync_runs WHERE id = $1`,
    [res.body.runId],
  );
  assert.deepEqual(run, { request: { full: true, resend: true }, full_reconciliation: true });
});
