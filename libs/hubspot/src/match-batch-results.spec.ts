import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNACCOUNTED, type TracedUpsertInput } from './batch-upsert-types';
import { matchBatchResults, mentionsId } from './match-batch-results';

const input = (id: string, idProperty = 'ml_id'): TracedUpsertInput => ({
  id,
  idProperty,
  properties: {},
  objectWriteTraceId: `t-${id}`,
});

const result = (hubspotId: string, properties: Record<string, string>, created = false) => ({
  id: hubspotId,
  properties,
  new: created,
});

describe('matchBatchResults', () => {
  it('pairs shuffled results by the id property value, reporting in input order', () => {
    const inputs = [input('E1'), input('E2'), input('E3')];
    const outcomes = matchBatchResults(
      inputs,
      {
        results: [
          result('303', { ml_id: 'E3' }, true),
          result('101', { ml_id: 'E1' }),
          result('202', { ml_id: 'E2' }, true),
        ],
      },
      'c1',
    );
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? [o.id, o.hubspotId, o.created] : [o.id, o.category])),
      [
        ['E1', '101', false],
        ['E2', '202', true],
        ['E3', '303', true],
      ],
    );
  });

  it('prefers a trace id in the result and matches emails whatever their case', () => {
    const inputs = [input('Ana@Example.com', 'email'), input('E9')];
    const outcomes = matchBatchResults(
      inputs,
      {
        results: [
          { id: '9', objectWriteTraceId: 't-E9', properties: {} },
          result('7', { email: 'ana@example.com' }),
        ],
      },
      undefined,
    );
    assert.deepEqual(
      outcomes.map((o) => o.ok && o.hubspotId),
      ['7', '9'],
    );
  });

  it('attributes 207 errors by trace id, context ids or a whole-token mention', () => {
    const inputs = [input('E1'), input('E10'), input('E2'), input('E3'), input('E4')];
    const outcomes = matchBatchResults(
      inputs,
      {
        results: [result('4', { ml_id: 'E4' })],
        errors: [
          {
            status: 'error',
            category: 'VALIDATION_ERROR',
            message: 'Property values were not valid',
            context: { objectWriteTraceId: ['t-E1', 't-E2'] },
          },
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'gone',
            context: { ids: ['E3'] },
          },
          { status: 'error', category: 'CONFLICT', message: 'Contact E10 already exists' },
        ],
      },
      'c207',
    );
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.category)),
      ['VALIDATION_ERROR', 'CONFLICT', 'VALIDATION_ERROR', 'OBJECT_NOT_FOUND', 'ok'],
    );
    const failed = outcomes[0];
    assert.equal(!failed.ok && failed.correlationId, 'c207');
  });

  it('lets an error win over a result naming the same input', () => {
    const outcomes = matchBatchResults(
      [input('E1')],
      {
        results: [result('1', { ml_id: 'E1' })],
        errors: [{ category: 'CONFLICT', message: 'x', context: { objectWriteTraceId: 't-E1' } }],
      },
      undefined,
    );
    assert.equal(outcomes[0].ok, false);
  });

  it('marks inputs a 2xx says nothing about as UNACCOUNTED', () => {
    const outcomes = matchBatchResults(
      [input('E1'), input('E2')],
      {
        status: 'COMPLETE',
        results: [result('1', { ml_id: 'E1' }), result('x', { ml_id: 'E77' })],
      },
      'c0',
    );
    assert.equal(outcomes[0].ok, true);
    const missing = outcomes[1];
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.category, UNACCOUNTED);
    assert.equal(missing.objectWriteTraceId, 't-E2');
    const empty = matchBatchResults([input('E1')], {}, undefined);
    assert.equal(!empty[0].ok && empty[0].category, UNACCOUNTED);
  });

  it('ignores malformed entries instead of throwing', () => {
    const outcomes = matchBatchResults(
      [input('E1')],
      { results: [null, 'x', { properties: { ml_id: 'E1' } }], errors: [42] },
      undefined,
    );
    assert.equal(!outcomes[0].ok && outcomes[0].category, UNACCOUNTED);
  });
});

describe('mentionsId', () => {
  it('matches whole tokens only', () => {
    assert.equal(mentionsId('Contact E10 already exists', 'E1'), false);
    assert.equal(mentionsId('Contact E10 already exists', 'E10'), true);
    assert.equal(mentionsId('ids [E1, E2]', 'E1'), true);
    assert.equal(mentionsId('a@x.com.au', 'a@x.com'), false);
  });
});
