import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HubSpotSimulator } from './hubspot-simulator';
import type { SimState } from './simulator-state';

const token = 'pat-na1-12121212-3434-4565-8787-909090909090';

describe('HubSpotSimulator over HTTP', () => {
  const clock = { now: Date.UTC(2026, 10, 28, 15, 0, 0) };
  const simulator = new HubSpotSimulator({
    tokens: [token],
    requestsPer10s: 5,
    now: () => clock.now,
  });
  let base = '';

  const api = (
    path: string,
    init: { method?: string; body?: unknown; auth?: string | null } = {},
  ) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.auth === null ? {} : { authorization: `Bearer ${init.auth ?? token}` }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const control = (path: string, body?: unknown) =>
    fetch(`${base}/__sim/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const createIdProperty = () =>
    api('/crm/properties/2026-09/contacts', {
      method: 'POST',
      body: {
        name: 'ml_id',
        label: 'ML id',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        hasUniqueValue: true,
      },
    });

  before(async () => {
    base = await simulator.start(0);
  });
  after(() => simulator.stop());
  beforeEach(() => {
    simulator.reset();
    simulator.setLimits({ requestsPer10s: 1_000 });
    clock.now += 60_000;
  });

  it('serves url only while started and refuses a second start', async () => {
    assert.match(simulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await assert.rejects(simulator.start(0), /already started/);
    assert.throws(() => new HubSpotSimulator().url, /not started/);
  });

  it('answers 401 without a bearer token or with an unknown one', async () => {
    const missing = await api('/account-info/v3/details', { auth: null });
    assert.equal(missing.status, 401);
    assert.match(((await missing.json()) as { message: string }).message, /credentials not found/);
    const unknown = await api('/account-info/v3/details', { auth: 'pat-na1-nope' });
    assert.equal(unknown.status, 401);
    const body = (await unknown.json()) as Record<string, unknown>;
    assert.equal(body.category, 'INVALID_AUTHENTICATION');
    assert.equal(typeof body.correlationId, 'string');
  });

  it('sends the rate-limit headers and the real 429 body past the rolling limit', async () => {
    simulator.setLimits({ requestsPer10s: 2 });
    const first = await api('/account-info/2026-09/details');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-hubspot-ratelimit-max'), '2');
    assert.equal(first.headers.get('x-hubspot-ratelimit-remaining'), '1');
    assert.equal(first.headers.get('x-hubspot-ratelimit-interval-milliseconds'), '10000');
    assert.equal(first.headers.get('x-hubspot-ratelimit-daily'), '1000000');
    assert.equal(first.headers.get('x-hubspot-ratelimit-daily-remaining'), '999999');
    await api('/account-info/2026-09/details');
    const refused = await api('/account-info/2026-09/details');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), null, 'HubSpot does not promise Retry-After');
    const body = (await refused.json()) as Record<string, unknown>;
    assert.deepEqual(
      { ...body, correlationId: typeof body.correlationId },
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'string',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
    );
    clock.now += 10_000;
    assert.equal((await api('/account-info/2026-09/details')).status, 200);
  });

  it('counts requests, statuses and the busiest rolling ten seconds in the state', async () => {
    for (let i = 0; i < 4; i += 1) await api('/account-info/v3/details');
    await api('/account-info/v3/details', { auth: 'wrong' });
    clock.now += 10_001;
    await api('/account-info/v3/details');
    const response = await control('state');
    assert.equal(response.status, 200);
    const state = (await response.json()) as SimState;
    assert.equal(state.counters.totalRequests, 6);
    assert.deepEqual(state.counters.requestsByStatus, { '200': 5, '401': 1 });
    assert.equal(state.counters.maxRequestsInAnyRolling10s, 5);
    assert.equal(state.dailyUsed, 5, 'a 401 is not charged');
    assert.deepEqual(state.limits, {
      requestsPer10s: 1_000,
      dailyLimit: 1_000_000,
      retryAfterOnRateLimit: false,
    });
    assert.deepEqual(state.objects, { contacts: [], companies: [] });
    const lean = (await (await control('state?objects=false')).json()) as SimState;
    assert.equal(lean.objects, undefined);
  });

  it('upserts on the dated and v3 paths, shuffling results and keeping one object per id', async () => {
    assert.equal((await createIdProperty()).status, 201);
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      id: `E${i}`,
      idProperty: 'ml_id',
      objectWriteTraceId: `t${i}`,
      properties: { firstname: `N${i}` },
    }));
    const dated = await api('/crm/objects/2026-09/contacts/batch/upsert', {
      method: 'POST',
      body: { inputs },
    });
    assert.equal(dated.status, 200);
    const created = (await dated.json()) as {
      results: { id: string; new: boolean; properties: { ml_id: string } }[];
    };
    assert.equal(created.results.length, 40);
    assert.ok(created.results.every((result) => result.new));
    assert.notDeepEqual(
      created.results.map((result) => result.properties.ml_id),
      inputs.map((input) => input.id),
    );
    const v3 = await api('/crm/v3/objects/contacts/batch/upsert', {
      method: 'POST',
      body: { inputs },
    });
    const updated = (await v3.json()) as { results: { new: boolean }[] };
    assert.ok(updated.results.every((result) => !result.new));
    assert.equal(simulator.objects('contacts').length, 40);
  });

  it('answers 2xx and writes nothing for a body without the inputs wrapper', async () => {
    await createIdProperty();
    const response = await api('/crm/objects/2026-09/contacts/batch/upsert', {
      method: 'POST',
      body: [{ id: 'E1', idProperty: 'ml_id', properties: {} }],
    });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { results: unknown[] }).results, []);
    assert.equal(simulator.objects('contacts').length, 0);
  });

  it('refuses 101 inputs and an unserved API version', async () => {
    await createIdProperty();
    const inputs = Array.from({ length: 101 }, (_, i) => ({
      id: `E${i}`,
      idProperty: 'ml_id',
      properties: {},
    }));
    const tooMany = await api('/crm/v3/objects/contacts/batch/upsert', {
      method: 'POST',
      body: { inputs },
    });
    assert.equal(tooMany.status, 400);
    const old = await api('/crm/objects/2025-09/contacts/batch/upsert', {
      method: 'POST',
      body: { inputs: inputs.slice(0, 1) },
    });
    assert.equal(old.status, 404);
  });

  it('lists with a cursor and reads a batch by unique id, 207 for unknown ids', async () => {
    await createIdProperty();
    const inputs = Array.from({ length: 3 }, (_, i) => ({
      id: `E${i}`,
      idProperty: 'ml_id',
      properties: {},
    }));
    await api('/crm/v3/objects/contacts/batch/upsert', { method: 'POST', body: { inputs } });
    const page = await api('/crm/objects/2026-09/contacts?limit=2&properties=ml_id,phone');
    const first = (await page.json()) as {
      results: { properties: Record<string, string | null> }[];
      paging?: { next: { after: string } };
    };
    assert.equal(first.results.length, 2);
    assert.equal(first.results[0].properties.phone, null);
    assert.ok(first.paging);
    const rest = await api(
      `/crm/objects/2026-09/contacts?limit=2&after=${first.paging.next.after}`,
    );
    const second = (await rest.json()) as { results: unknown[]; paging?: unknown };
    assert.equal(second.results.length, 1);
    assert.equal(second.paging, undefined);
    assert.equal((await api('/crm/v3/objects/contacts?limit=101')).status, 400);

    const read = await api('/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: { idProperty: 'ml_id', properties: ['ml_id'], inputs: [{ id: 'E1' }, { id: 'E9' }] },
    });
    assert.equal(read.status, 207);
    const body = (await read.json()) as {
      results: { properties: { ml_id: string } }[];
      errors: { category: string; context: { ids: string[] } }[];
    };
    assert.deepEqual(
      body.results.map((r) => r.properties.ml_id),
      ['E1'],
    );
    assert.deepEqual(
      body.errors.map((e) => [e.category, e.context.ids]),
      [['OBJECT_NOT_FOUND', ['E9']]],
    );
    const byName = await api('/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: { idProperty: 'firstname', inputs: [{ id: 'Ana' }] },
    });
    assert.equal(byName.status, 400);
  });

  it('changes faults, limits and tokens through the control endpoints', async () => {
    const faults = await control('faults', { serverErrorFraction: 1 });
    assert.equal(((await faults.json()) as { serverErrorFraction: number }).serverErrorFraction, 1);
    assert.ok((await api('/account-info/v3/details')).status >= 500);
    assert.equal((await control('faults', { serverErrorFraction: 7 })).status, 400);
    await control('faults', { serverErrorFraction: 0 });

    const limits = await control('limits', { requestsPer10s: 1, retryAfterOnRateLimit: true });
    assert.deepEqual(await limits.json(), {
      requestsPer10s: 1,
      dailyLimit: 1_000_000,
      retryAfterOnRateLimit: true,
    });
    assert.equal((await control('limits', { requestsPer10s: 0 })).status, 400);
    await api('/account-info/v3/details');
    const limited = await api('/account-info/v3/details');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '10');

    const newToken = 'svc-key-added-later';
    assert.equal((await api('/account-info/v3/details', { auth: newToken })).status, 401);
    await control('tokens/add', { token: newToken });
    assert.equal(
      (await api('/account-info/v3/details', { auth: newToken })).status,
      200,
      'its own app budget',
    );
    await control('tokens/revoke', { token: newToken });
    assert.equal((await api('/account-info/v3/details', { auth: newToken })).status, 401);

    await control('reset', {});
    const state = (await (await control('state')).json()) as SimState;
    assert.equal(state.counters.totalRequests, 0);
    assert.equal(state.limits.requestsPer10s, 5);
    assert.equal(state.faults.serverErrorFraction, 0);
  });
});
