import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkReadBatch, prepareBatch } from './batch-checks';
import { InvalidBatchError } from './hubspot-error';

const input = (id: string, objectWriteTraceId?: string) => ({
  id,
  idProperty: 'ml_id',
  properties: { firstname: 'Ana' },
  ...(objectWriteTraceId === undefined ? {} : { objectWriteTraceId }),
});

describe('prepareBatch', () => {
  it('gives every input without one a unique trace id and keeps given ones', () => {
    const traced = prepareBatch([input('E1'), input('E2', 'mine'), input('E3')]);
    assert.equal(traced[1].objectWriteTraceId, 'mine');
    const ids = traced.map((t) => t.objectWriteTraceId);
    assert.equal(new Set(ids).size, 3);
    assert.ok(ids.every((id) => id.length > 0));
    assert.deepEqual(traced[0].properties, { firstname: 'Ana' });
  });

  it('refuses empty, oversized and duplicate batches before anything is sent', () => {
    assert.throws(() => prepareBatch([]), InvalidBatchError);
    const tooMany = Array.from({ length: 101 }, (_, i) => input(`E${i}`));
    assert.throws(() => prepareBatch(tooMany), /at most 100 inputs, got 101/);
    assert.equal(prepareBatch(tooMany.slice(0, 100)).length, 100);
    assert.throws(
      () => prepareBatch([input('E1'), input('E1')]),
      /duplicate ids in one batch: \[E1\]/,
    );
    const emails = [
      { id: 'a@x.com', idProperty: 'email', properties: {} },
      { id: 'A@X.COM', idProperty: 'email', properties: {} },
    ];
    assert.throws(() => prepareBatch(emails), /duplicate ids/);
  });

  it('refuses repeated or empty trace ids and inputs without a key', () => {
    assert.throws(() => prepareBatch([input('E1', 't'), input('E2', 't')]), /objectWriteTraceId/);
    assert.throws(() => prepareBatch([input('E1', '')]), /objectWriteTraceId/);
    assert.throws(
      () => prepareBatch([{ id: '', idProperty: 'ml_id', properties: {} }]),
      /needs an id/,
    );
  });
});

describe('checkReadBatch', () => {
  it('takes 1 to max non-empty ids', () => {
    assert.doesNotThrow(() => checkReadBatch(['1', '2'], 100));
    assert.throws(() => checkReadBatch([], 100), InvalidBatchError);
    assert.throws(() => checkReadBatch(['1', '2', '3'], 2), /at most 2 ids, got 3/);
    assert.throws(() => checkReadBatch(['1', ''], 100), /must not be empty/);
  });
});
