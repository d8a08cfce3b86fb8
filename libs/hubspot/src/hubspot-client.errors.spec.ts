import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { UNACCOUNTED } from './batch-upsert-types';
import { HubSpotClient } from './hubspot-client';
import { HubSpotError } from './hubspot-error';
import type { RequestAudit } from './request-audit';

const token = 'pat-na1-9a9a9a9a-1111-4222-8333-444444444444';
const contact = (id: string) => ({ id, idProperty: 'ml_id', properties: { firstname: id } });

function isHubSpotError(kind: HubSpotError['kind']) {
  return (error: unknown): error is HubSpotError => {
    assert.ok(error instanceof HubSpotError, String(error));
    assert.equal(error.kind, kind, error.message);
    return true;
  };
}

async function caught(promise: Promise<unknown>): Promise<HubSpotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HubSpotError, String(error));
    return error;
  }
  assert.fail('expected a HubSpotError');
}

describe('HubSpotClient errors against the simulator', () => {
  const clock = { now: Date.UTC(2026, 10, 28, 15, 0, 0) };
  const simulator = new HubSpotSimulator({
    tokens: [token],
    requestsPer10s: 3,
    dailyLimit: 1_000,
    now: () => clock.now,
  });
  let client: HubSpotClient;

  before(async () => {
    client = new HubSpotClient({ accessToken: token, baseUrl: await simulator.start(0) });
  });
  after(async () => {
    await client.close();
    await simulator.stop();
  });

  it('classifies the rolling-window 429 with its policy, Retry-After and headers', async () => {
    simulator.reset();
    simulator.setLimits({ retryAfterOnRateLimit: true });
    const audits: RequestAudit[] = [];
    const audited = new HubSpotClient(
      { accessToken: token, baseUrl: simulator.url },
      { onRequest: (audit) => audits.push(audit) },
    );
    try {
      for (let i = 0; i < 3; i += 1) await audited.getAccountDetails();
      const error = await caught(audited.getAccountDetails());
      assert.ok(isHubSpotError('rate-limited')(error));
      assert.equal(error.policy, 'TEN_SECONDLY_ROLLING');
      assert.equal(error.retryAfterMs, 10_000);
      assert.equal(error.status, 429);
      assert.deepEqual(
        audits.map((audit) => audit.rateLimit?.remaining),
        [2, 1, 0, 0],
      );
    } finally {
      await audited.close();
    }
  });

  it('classifies the daily 429 as DAILY', async () => {
    simulator.reset();
    simulator.setLimits({ dailyLimit: 1, requestsPer10s: 100 });
    await client.getAccountDetails();
    const error = await caught(client.getAccountDetails());
    assert.ok(isHubSpotError('rate-limited')(error));
    assert.equal(error.policy, 'DAILY');
    assert.equal(error.request?.rateLimit?.dailyRemaining, 0);
  });

  it('classifies injected 429s with and without Retry-After', async () => {
    simulator.reset();
    simulator.setFaults({ rateLimitFraction: 1, rateLimitRetryAfterSeconds: 3 });
    const withHeader = await caught(client.getAccountDetails());
    assert.equal(withHeader.retryAfterMs, 3_000);
    simulator.setFaults({ rateLimitRetryAfterSeconds: null });
    const without = await caught(client.getAccountDetails());
    assert.ok(isHubSpotError('rate-limited')(without));
    assert.equal(without.retryAfterMs, undefined);
  });

  it('makes injected server errors retryable', async () => {
    simulator.reset();
    simulator.setFaults({ serverErrorFraction: 1 });
    for (let i = 0; i < 3; i += 1) {
      const error = await caught(client.getAccountDetails());
      assert.ok(isHubSpotError('retryable')(error));
      assert.ok((error.status ?? 0) >= 500);
    }
  });

  it('answers 401 for a bad token, and the token appears nowhere in the error', async () => {
    simulator.reset();
    const badToken = 'pat-na1-deadbeef-0000-4000-8000-000000000bad';
    const bad = new HubSpotClient({ accessToken: badToken, baseUrl: simulator.url });
    try {
      const error = await caught(bad.batchUpsert('contacts', [contact('E1')]));
      assert.ok(isHubSpotError('auth')(error));
      assert.equal(error.status, 401);
      assert.equal(error.category, 'INVALID_AUTHENTICATION');
      const everything = [
        error.message,
        error.stack ?? '',
        JSON.stringify(error),
        JSON.stringify(error.request),
        inspect(error, { depth: 10 }),
      ].join('\n');
      assert.ok(!everything.includes(badToken));
      assert.ok(!everything.includes(token));
    } finally {
      await bad.close();
    }
  });

  it('answers 403 for a token without the scope', async () => {
    simulator.reset();
    simulator.removeScopes(token, ['crm.objects.contacts.write']);
    const error = await caught(client.batchUpsert('contacts', [contact('E1')]));
    assert.ok(isHubSpotError('forbidden')(error));
    assert.equal(error.category, 'MISSING_SCOPES');
  });

  it('gives up on a hanging request after timeoutMs, as a timeout', async () => {
    simulator.reset();
    simulator.setFaults({ hangFraction: 1, hangMs: 60_000 });
    const impatient = new HubSpotClient({
      accessToken: token,
      baseUrl: simulator.url,
      timeoutMs: 200,
    });
    try {
      const error = await caught(impatient.batchUpsert('contacts', [contact('E1')]));
      assert.ok(isHubSpotError('timeout')(error));
      assert.equal(error.status, undefined);
      assert.equal(error.request?.status, undefined);
      assert.equal(simulator.counterSnapshot().requestsByStatus.hung, 1);
    } finally {
      await impatient.close();
    }
  });

  it('reads the account details from the dated path', async () => {
    simulator.reset();
    const details = await client.getAccountDetails();
    assert.equal(details.request.path, '/account-info/2026-09/details');
    assert.equal(details.data.portalId, simulator.portalId);
    assert.equal(details.data.timeZone, 'US/Eastern');
    assert.equal(details.data.dataHostingLocation, 'na1');
  });
});

describe('HubSpotClient against answers the simulator would not give', () => {
  let server: Server;
  let body = '';
  let client: HubSpotClient;

  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new HubSpotClient({ accessToken: token, baseUrl: `http://127.0.0.1:${port}` });
  });
  after(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('marks inputs a 200 does not account for as UNACCOUNTED', async () => {
    body = JSON.stringify({
      status: 'COMPLETE',
      results: [{ id: '1', properties: { ml_id: 'E1' }, new: true }],
    });
    const outcome = await client.batchUpsert('contacts', [contact('E1'), contact('E2')]);
    assert.equal(outcome.status, 200);
    assert.equal(outcome.succeeded, 1);
    const missing = outcome.inputs[1];
    assert.ok(!missing.ok);
    assert.equal(missing.category, UNACCOUNTED);
  });

  it('reports a 200 that is not a JSON object as a bad response', async () => {
    body = '[]';
    await assert.rejects(
      client.batchUpsert('contacts', [contact('E1')]),
      isHubSpotError('bad-response'),
    );
  });
});
