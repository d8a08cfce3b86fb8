import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HubSpotWriteFailure,
  type HubSpotRequestRecord,
  type HubSpotWritePort,
  type InputResult,
  type UpsertInput,
} from './hubspot-write.port';
import { sendWithRetries, type SendPolicy } from './send-with-retries';

const inputs = (n: number): UpsertInput[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `E${i}`,
    idProperty: 'ml_peoplesoft_id',
    properties: { email: `e${i}@example.com` },
    objectWriteTraceId: `t${i}`,
  }));

function policy(budget = 3) {
  const pauses: number[] = [];
  const dailyPauses: string[] = [];
  const p: SendPolicy = {
    retryBudget: budget,
    pauseAll: async (ms) => {
      pauses.push(ms);
    },
    pauseForDailyLimit: async (reason) => {
      dailyPauses.push(reason);
    },
    findRefused: async () => [],
    sleep: async () => undefined,
    random: () => 0.5,
  };
  return { p, pauses, dailyPauses };
}

function port(answer: (batch: readonly UpsertInput[], call: number) => Map<string, InputResult>) {
  let calls = 0;
  const fake: HubSpotWritePort = {
    upsert: async (_type, batch) => ({
      results: answer(batch, ++calls),
      request: request(batch.length, 200),
    }),
    ensureProperties: async () => undefined,
  };
  return { fake, calls: () => calls };
}

function request(batchSize: number, status: number | null): HubSpotRequestRecord {
  return {
    method: 'POST',
    path: '/crm/objects/2026-09/contacts/batch/upsert',
    objectType: 'contacts',
    batchSize,
    status,
    durationMs: 12,
    correlationId: null,
    rateLimit: null,
    errorKind: status === 200 ? null : 'retryable',
    requestedAt: '2026-11-28T10:00:00.000Z',
  };
}

const okAll = (batch: readonly UpsertInput[]) =>
  new Map<string, InputResult>(
    batch.map((i) => [i.objectWriteTraceId, { ok: true, hubspotId: `h-${i.id}`, created: true }]),
  );

test('a whole-batch 400 is bisected: valid records written, each invalid one fails alone', async () => {
  const bad = new Set(['E7', 'E42', 'E93']);
  const { fake, calls } = port((batch) => {
    const invalid = batch.find((i) => bad.has(i.id));
    if (invalid) {
      throw new HubSpotWriteFailure(
        'validation',
        `Email address for ${invalid.id} is invalid`,
        null,
        'corr-1',
        'VALIDATION_ERROR',
      );
    }
    return okAll(batch);
  });
  const { p } = policy();
  const { results } = await sendWithRetries(fake, 'contacts', inputs(100), p);
  assert.equal(results.size, 100);
  const failed = [...results]
    .filter(([, r]) => !r.ok)
    .map(([t]) => t)
    .sort();
  assert.deepEqual(failed, ['t42', 't7', 't93']);
  const r7 = results.get('t7');
  assert.ok(r7 && !r7.ok && r7.category === 'VALIDATION_ERROR' && r7.correlationId === 'corr-1');
  // k invalid among n cost O(k log n) calls: 3 * log2(100) ≈ 20, far below 100.
  assert.ok(calls() <= 3 * Math.ceil(Math.log2(100)) * 2 + 1, `made ${calls()} calls`);
});

test('a 429 pauses every replica for Retry-After, then the same batch is sent again', async () => {
  const { fake, calls } = port((batch, call) => {
    if (call === 1) throw new HubSpotWriteFailure('rate-limited', 'ten_secondly_rolling', 2_000);
    return okAll(batch);
  });
  const { p, pauses } = policy();
  const { results } = await sendWithRetries(fake, 'contacts', inputs(5), p);
  assert.equal(calls(), 2);
  assert.deepEqual(pauses, [2_000]);
  assert.ok([...results.values()].every((r) => r.ok));
});

test('transient failures give up after the retry budget with the last error', async () => {
  const { fake, calls } = port(() => {
    throw new HubSpotWriteFailure('retryable', 'HubSpot answered 503');
  });
  const { results } = await sendWithRetries(fake, 'contacts', inputs(2), policy(3).p);
  assert.equal(calls(), 4);
  for (const r of results.values()) {
    assert.ok(!r.ok && r.message === 'HubSpot answered 503' && !r.stopConnection);
  }
});

test('inputs HubSpot did not account for are retried, never counted as written', async () => {
  const { fake, calls } = port((batch, call) => {
    const m = okAll(batch);
    if (call === 1) m.delete('t1');
    return m;
  });
  const { results } = await sendWithRetries(fake, 'contacts', inputs(3), policy().p);
  assert.equal(calls(), 2);
  assert.ok(results.get('t1')?.ok);
});

test('per-record errors (207) fail only their record; auth failures stop the connection', async () => {
  const { fake } = port((batch) => {
    const m = okAll(batch);
    m.set('t0', {
      ok: false,
      category: 'VALIDATION_ERROR',
      message: 'bad phone',
      correlationId: 'c',
      unaccounted: false,
    });
    return m;
  });
  const { results } = await sendWithRetries(fake, 'contacts', inputs(2), policy().p);
  assert.ok(!results.get('t0')?.ok && results.get('t1')?.ok);

  const denied = port(() => {
    throw new HubSpotWriteFailure('auth', 'token revoked');
  });
  const { results: stopped } = await sendWithRetries(
    denied.fake,
    'contacts',
    inputs(1),
    policy().p,
  );
  const r = stopped.get('t0');
  assert.ok(r && !r.ok && r.stopConnection);
});

test('the daily limit defers every record left, pauses all replicas, and fails none', async () => {
  const { fake, calls } = port((batch, call) => {
    if (call === 2)
      throw new HubSpotWriteFailure('daily-limit', 'daily limit reached', null, 'c', 'RATE_LIMITS');
    if (batch.some((i) => i.id === 'E0'))
      throw new HubSpotWriteFailure('validation', 'bad', null, 'c', 'VALIDATION_ERROR');
    return okAll(batch);
  });
  const { p, dailyPauses } = policy();
  const { results } = await sendWithRetries(fake, 'contacts', inputs(4), p);
  assert.equal(calls(), 2, 'nothing is sent after the daily limit');
  assert.deepEqual(dailyPauses, ['daily limit reached']);
  assert.equal(results.size, 4);
  for (const r of results.values()) assert.ok(!r.ok && r.deferred && !r.stopConnection);
});

test('every request is reported with its attempt number', async () => {
  const fake: HubSpotWritePort = {
    upsert: async (_type, batch) => {
      calls += 1;
      if (calls === 1)
        throw new HubSpotWriteFailure(
          'retryable',
          '503',
          null,
          null,
          null,
          request(batch.length, 503),
        );
      return { results: okAll(batch), request: request(batch.length, 200) };
    },
    ensureProperties: async () => undefined,
  };
  let calls = 0;
  const { requests } = await sendWithRetries(fake, 'contacts', inputs(3), policy().p);
  assert.deepEqual(
    requests.map((r) => [r.status, r.attempt, r.batchSize]),
    [
      [503, 1, 3],
      [200, 2, 3],
    ],
  );
});

test('a 409 naming the contact that holds an email fails the inputs carrying it, without bisecting', async () => {
  const { fake, calls } = port((batch) => {
    if (batch.some((i) => i.id === 'E42')) {
      throw new HubSpotWriteFailure(
        'validation',
        'Contact already exists. Existing ID: 901',
        null,
        'c',
        'CONFLICT',
      );
    }
    return okAll(batch);
  });
  const { p } = policy();
  const withLookup: SendPolicy = {
    ...p,
    findRefused: async (failure, batch) =>
      /Existing ID: 901/.test(failure.message) ? batch.filter((i) => i.id === 'E42') : [],
  };
  const { results } = await sendWithRetries(fake, 'contacts', inputs(100), withLookup);
  assert.equal(calls(), 2, 'the refused input is taken out, the rest sent again once');
  const refused = results.get('t42');
  assert.ok(refused && !refused.ok && refused.category === 'CONFLICT');
  assert.equal([...results.values()].filter((r) => r.ok).length, 99);
});
