import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planReplay } from './replay-plan';

const t = (connectionId: string, entity: string, sourceId: string) => ({
  recordId: `${connectionId}-${entity}-${sourceId}`,
  connectionId,
  entity,
  sourceId,
});

test('groups records per connection and entity, sorted and without duplicates', () => {
  assert.deepEqual(
    planReplay([
      t('c2', 'vendor', 'V1'),
      t('c1', 'employee', 'E2'),
      t('c1', 'employee', 'E1'),
      t('c1', 'employee', 'E1'),
      t('c1', 'customer', 'C9'),
    ]),
    [
      { connectionId: 'c1', sourceIds: { customer: ['C9'], employee: ['E1', 'E2'] }, records: 3 },
      { connectionId: 'c2', sourceIds: { vendor: ['V1'] }, records: 1 },
    ],
  );
});

test('nothing to replay is an empty plan', () => {
  assert.deepEqual(planReplay([]), []);
});
