import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { HubSpotClient } from './hubspot-client';
import { HubSpotError, InvalidBatchError } from './hubspot-error';
import type { PropertyDefinition } from './property-types';

const token = 'pat-na1-0f0f0f0f-1111-4222-8333-444444444444';
const ML_ID: PropertyDefinition = {
  name: 'ml_id',
  label: 'ML id',
  type: 'string',
  fieldType: 'text',
  groupName: 'ml_connector',
  hasUniqueValue: true,
};

const contact = (id: string, properties: Record<string, string> = {}) => ({
  id,
  idProperty: 'ml_id',
  properties: { firstname: `First ${id}`, ...properties },
});

describe('HubSpotClient batch upsert against the simulator', () => {
  const simulator = new HubSpotSimulator({ tokens: [token] });
  let client: HubSpotClient;

  before(async () => {
    const url = await simulator.start(0);
    client = new HubSpotClient({ accessToken: token, baseUrl: url });
  });
  after(async () => {
    await client.close();
    await simulator.stop();
  });
  beforeEach(async () => {
    simulator.reset();
    await client.ensureProperties('contacts', 'ml_connector', [ML_ID], 'ML Connector');
  });

  it('creates, then updates the same record; a changed email does not duplicate it', async () => {
    const first = await client.batchUpsert('contacts', [
      contact('E1001', { email: 'ana@old.example' }),
    ]);
    assert.equal(first.status, 200);
    const [created] = first.inputs;
    assert.ok(created.ok);
    assert.equal(created.created, true);

    const second = await client.batchUpsert('contacts', [
      contact('E1001', { email: 'Ana@New.example' }),
    ]);
    const [updated] = second.inputs;
    assert.ok(updated.ok);
    assert.equal(updated.created, false);
    assert.equal(updated.hubspotId, created.hubspotId);

    const state = simulator.state();
    assert.equal(state.objectCounts.contacts, 1);
    assert.equal(state.duplicateCount, 0);
    assert.equal(state.objects?.contacts[0].properties.email, 'ana@new.example');
    assert.equal(state.counters.objectsCreated, 1);
    assert.equal(state.counters.objectsUpdated, 1);
  });

  it('uses the date-versioned path by default and sends a trace id for every input', async () => {
    const paths: string[] = [];
    const audited = new HubSpotClient(
      { accessToken: token, baseUrl: simulator.url },
      { onRequest: (audit) => paths.push(audit.path) },
    );
    try {
      const outcome = await audited.batchUpsert('contacts', [contact('E1'), contact('E2')]);
      assert.deepEqual(paths, ['/crm/objects/2026-09/contacts/batch/upsert']);
      assert.equal(new Set(outcome.inputs.map((input) => input.objectWriteTraceId)).size, 2);
      assert.equal(outcome.request.rateLimit?.max, 190);
      assert.equal(outcome.request.rateLimit?.intervalMs, 10_000);
    } finally {
      await audited.close();
    }
  });

  it('falls back to the numbered v3 paths when configured', async () => {
    const v3 = new HubSpotClient({ accessToken: token, baseUrl: simulator.url, apiVersion: 'v3' });
    try {
      const outcome = await v3.batchUpsert('contacts', [contact('E5')]);
      assert.equal(outcome.request.path, '/crm/v3/objects/contacts/batch/upsert');
      assert.equal(outcome.succeeded, 1);
    } finally {
      await v3.close();
    }
  });

  it('matches shuffled results back to their inputs', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => contact(`E${2000 + i}`));
    const outcome = await client.batchUpsert('contacts', inputs);
    assert.equal(outcome.succeeded, 100);
    for (const [index, result] of outcome.inputs.entries()) {
      assert.equal(result.id, inputs[index].id);
      assert.ok(result.ok);
      assert.equal(result.hubspotId, simulator.findObject('contacts', 'ml_id', result.id)?.id);
    }
  });

  it('reports per-input failures of a 207 and writes the good inputs', async () => {
    simulator.setFaults({ partialFailureMode: '207' });
    const outcome = await client.batchUpsert('contacts', [
      contact('E1', { email: 'good@example.com' }),
      contact('E2', { email: 'x@' }),
      contact('E3', { no_such_property: '1' }),
    ]);
    assert.equal(outcome.status, 207);
    assert.equal(outcome.succeeded, 1);
    assert.equal(outcome.failed, 2);
    const [good, badEmail, unknown] = outcome.inputs;
    assert.equal(good.ok, true);
    assert.ok(!badEmail.ok);
    assert.equal(badEmail.category, 'VALIDATION_ERROR');
    assert.match(badEmail.message, /INVALID_EMAIL/);
    assert.ok(!unknown.ok);
    assert.match(unknown.message, /PROPERTY_DOESNT_EXIST/);
    assert.equal(simulator.state().objectCounts.contacts, 1);
  });

  it('throws a validation error with property errors when one input fails the whole batch', async () => {
    await assert.rejects(
      client.batchUpsert('contacts', [contact('E1'), contact('E2', { email: 'x@' })]),
      (error: unknown) => {
        assert.ok(error instanceof HubSpotError);
        assert.equal(error.kind, 'validation');
        assert.equal(error.status, 400);
        assert.equal(error.category, 'VALIDATION_ERROR');
        assert.deepEqual(
          error.propertyErrors.map((p) => [p.name, p.error]),
          [['email', 'INVALID_EMAIL']],
        );
        assert.equal(typeof error.correlationId, 'string');
        return true;
      },
    );
    assert.equal(simulator.state().objectCounts.contacts, 0);
  });

  it('refuses a key property without unique values as a whole-batch 400', async () => {
    await assert.rejects(
      client.batchUpsert('companies', [
        { id: 'example.com', idProperty: 'domain', properties: {} },
      ]),
      (error: unknown) =>
        error instanceof HubSpotError &&
        error.kind === 'validation' &&
        /non-unique 0-2 property domain/.test(error.message),
    );
  });

  it('refuses more than 100 inputs before sending anything', async () => {
    const before = simulator.counterSnapshot().totalRequests;
    const inputs = Array.from({ length: 101 }, (_, i) => contact(`E${i}`));
    await assert.rejects(client.batchUpsert('contacts', inputs), InvalidBatchError);
    assert.equal(simulator.counterSnapshot().totalRequests, before);
  });

  it('reads records back by unique id and lists them page by page', async () => {
    const inputs = Array.from({ length: 5 }, (_, i) => contact(`E${300 + i}`));
    await client.batchUpsert('contacts', inputs);

    const read = await client.batchRead('contacts', ['E300', 'E304', 'E999'], {
      idProperty: 'ml_id',
      properties: ['firstname'],
    });
    assert.equal(read.request.status, 207);
    assert.deepEqual(read.data.missing, ['E999']);
    assert.deepEqual(read.data.results.map((r) => r.properties.firstname).sort(), [
      'First E300',
      'First E304',
    ]);

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.listObjects('contacts', { limit: 2, after, properties: ['ml_id'] });
      seen.push(...page.data.results.map((r) => r.properties.ml_id ?? ''));
      after = page.data.nextAfter;
      pages += 1;
    } while (after !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), inputs.map((i) => i.id).sort());
  });
});

describe('HubSpotClient beforeRequest hook', () => {
  it('is awaited before every request, bootstrap and upserts alike, and before anything is sent', async () => {
    const simulator = new HubSpotSimulator({ tokens: [token] });
    const url = await simulator.start(0);
    let granted = 0;
    const client = new HubSpotClient(
      { accessToken: token, baseUrl: url },
      {
        beforeRequest: async () => {
          // The simulator must not have seen the request this grant is for.
          assert.equal(simulator.counterSnapshot().totalRequests, granted);
          granted += 1;
        },
      },
    );
    try {
      await client.ensureProperties('contacts', 'ml_connector', [ML_ID], 'ML Connector');
      await client.batchUpsert('contacts', [contact('E1'), contact('E2')]);
      await client.getAccountDetails();
      assert.equal(granted, simulator.counterSnapshot().totalRequests);
      assert.ok(granted >= 4);
    } finally {
      await client.close();
      await simulator.stop();
    }
  });
});
