import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchUpsert, type UpsertContext } from './batch-upsert';
import type { PartialFailureMode } from './faults';
import { ObjectStore } from './object-store';
import { PropertyRegistry } from './property-registry';
import { seededRandom } from './seeded-random';

function setup(mode: PartialFailureMode = '400') {
  const registry = new PropertyRegistry(Date.now);
  registry.createProperty('contacts', {
    name: 'ml_id',
    label: 'ML id',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    hasUniqueValue: true,
  });
  registry.createProperty('contacts', {
    name: 'ml_status',
    label: 'Status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'contactinformation',
    options: [{ label: 'Active', value: 'A' }],
  });
  let next = 1;
  const store = new ObjectStore(
    () => registry.uniqueProperties('contacts'),
    () => String(next++),
  );
  const context: UpsertContext = {
    objectType: 'contacts',
    registry,
    store,
    partialFailureMode: mode,
    random: seededRandom(1),
    nowIso: '2026-11-28T10:00:00.000Z',
    portalId: 42,
    correlationId: 'corr-1',
  };
  return { context, store };
}

const input = (id: string, properties: Record<string, string> = {}, trace = `t-${id}`) => ({
  id,
  idProperty: 'ml_id',
  properties,
  objectWriteTraceId: trace,
});

interface Body {
  status: string;
  message: string;
  category: string;
  results: { id: string; new: boolean; properties: Record<string, string> }[];
  errors: {
    status: string;
    category: string;
    message: string;
    context: { objectWriteTraceId: string[] };
  }[];
}

const bodyOf = (report: { response: { body?: unknown } }) => report.response.body as Body;

describe('batchUpsert', () => {
  it('answers 200 with nothing written when the inputs wrapper is missing', () => {
    const { context, store } = setup();
    const report = batchUpsert(context, [input('E1')]);
    assert.equal(report.response.status, 200);
    assert.deepEqual(bodyOf(report).results, []);
    assert.equal(store.size, 0);
  });

  it('refuses more than 100 inputs', () => {
    const { context } = setup();
    const inputs = Array.from({ length: 101 }, (_, i) => input(`E${i}`));
    const report = batchUpsert(context, { inputs });
    assert.equal(report.response.status, 400);
    assert.match(bodyOf(report).message, /maximum number of inputs .* is 100/);
  });

  it('refuses duplicate ids with HubSpot message, comparing emails case-insensitively', () => {
    const { context, store } = setup();
    const report = batchUpsert(context, { inputs: [input('E1'), input('E2'), input('E1')] });
    assert.equal(report.response.status, 400);
    assert.equal(
      bodyOf(report).message,
      'Duplicate IDs found in batch input: [E1]. IDs must be unique',
    );
    const emails = batchUpsert(context, {
      inputs: [
        { id: 'a@x.com', idProperty: 'email', properties: {} },
        { id: 'A@X.com', idProperty: 'email', properties: {} },
      ],
    });
    assert.equal(emails.response.status, 400);
    assert.equal(store.size, 0);
  });

  it('refuses upserts keyed by a property without unique values', () => {
    const { context } = setup();
    const report = batchUpsert(context, {
      inputs: [{ id: 'Ana', idProperty: 'firstname', properties: {} }],
    });
    assert.equal(report.response.status, 400);
    assert.equal(
      bodyOf(report).message,
      'Unable to perform update/upsert by non-unique 0-1 property firstname in portal ID 42',
    );
  });

  it('fails the whole batch on one invalid input and writes nothing', () => {
    const { context, store } = setup();
    const report = batchUpsert(context, {
      inputs: [
        input('E1', { email: 'ok@x.com' }),
        input('E2', { email: 'x@' }),
        input('E3', { nope: '1' }),
      ],
    });
    assert.equal(report.response.status, 400);
    const body = bodyOf(report);
    assert.equal(body.category, 'VALIDATION_ERROR');
    assert.equal(body.status, 'error');
    const listed = JSON.parse(body.message.replace('Property values were not valid: ', '')) as {
      error: string;
    }[];
    assert.deepEqual(
      listed.map((entry) => entry.error),
      ['INVALID_EMAIL', 'PROPERTY_DOESNT_EXIST'],
    );
    assert.equal(store.size, 0);
  });

  it('answers 207 in partial mode, grouping identical errors by trace id', () => {
    const { context, store } = setup('207');
    const report = batchUpsert(context, {
      inputs: [
        input('E1'),
        input('E2', { nope: '1' }),
        input('E3', { nope: '2' }),
        input('E4', { ml_status: 'Z' }),
      ],
    });
    assert.equal(report.response.status, 207);
    const body = bodyOf(report);
    assert.deepEqual(
      body.results.map((r) => r.properties.ml_id),
      ['E1'],
    );
    const grouped = body.errors.map((e) => [e.status, e.category, e.context.objectWriteTraceId]);
    assert.deepEqual(grouped, [
      ['error', 'VALIDATION_ERROR', ['t-E2', 't-E3']],
      ['error', 'VALIDATION_ERROR', ['t-E4']],
    ]);
    assert.equal(store.size, 1);
  });

  it('falls back to a whole-batch 400 in partial mode when a trace id is missing or repeated', () => {
    const { context, store } = setup('207');
    const untraced = { id: 'E2', idProperty: 'ml_id', properties: { nope: '1' } };
    const missing = batchUpsert(context, { inputs: [input('E1'), untraced] });
    assert.equal(missing.response.status, 400);
    const repeated = batchUpsert(context, {
      inputs: [input('E1', {}, 't'), input('E2', { nope: '1' }, 't')],
    });
    assert.equal(repeated.response.status, 400);
    assert.equal(store.size, 0);
  });

  it('creates then updates, marking new, and shuffles results', () => {
    const { context } = setup();
    const inputs = Array.from({ length: 30 }, (_, i) => input(`E${i}`, { firstname: `N${i}` }));
    const first = bodyOf(batchUpsert(context, { inputs }));
    assert.ok(first.results.every((r) => r.new));
    assert.notDeepEqual(
      first.results.map((r) => r.properties.ml_id),
      inputs.map((i) => i.id),
    );
    const second = bodyOf(batchUpsert(context, { inputs }));
    assert.ok(second.results.every((r) => !r.new));
    assert.deepEqual(
      new Set(second.results.map((r) => r.id)),
      new Set(first.results.map((r) => r.id)),
    );
  });

  it('stores emails lower-cased and refuses an email held by another contact', () => {
    const { context, store } = setup();
    batchUpsert(context, { inputs: [input('E1', { email: 'Ana@X.com' })] });
    assert.equal(store.findByUnique('ml_id', 'E1')?.properties.email, 'ana@x.com');
    const clash = batchUpsert(context, {
      inputs: [input('E2', { email: 'ana@x.com' }), input('E3')],
    });
    assert.equal(clash.response.status, 409);
    assert.match(bodyOf(clash).message, /^Contact already exists\. Existing ID: \d+$/);
    assert.equal(store.size, 1, 'the conflict rolled back E3 too');
  });

  it('refuses a key property value that contradicts the input id', () => {
    const { context } = setup();
    const report = batchUpsert(context, { inputs: [input('E1', { ml_id: 'E9' })] });
    assert.equal(report.response.status, 400);
    assert.match(bodyOf(report).message, /INVALID_ID_PROPERTY_VALUE/);
  });
});
