import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEvent } from '@ml/messaging';
import { emailOf, findEmailConflicts } from './email-conflicts';

const event = (
  sourceId: string,
  email: string | undefined,
  objectType: ChangeEvent['objectType'] = 'contacts',
) =>
  ({
    sourceId,
    objectType,
    properties: email === undefined ? {} : { email },
  }) as unknown as ChangeEvent;

test('an email held by another record, or repeated in the batch, is a conflict naming the other record', () => {
  const conflicts = findEmailConflicts(
    [
      event('E1', 'Ana@Example.com'),
      event('E2', 'ana@example.com'),
      event('E3', 'bo@example.com'),
      event('E4', 'cy@example.com'),
    ],
    new Map([
      ['bo@example.com', 'E9'],
      ['cy@example.com', 'E4'],
    ]),
  );
  assert.deepEqual(
    conflicts.map((c) => [c.event.sourceId, c.message]),
    [
      [
        'E2',
        'email ana@example.com is also used by PeopleSoft record E1; HubSpot keeps an email on one contact only',
      ],
      [
        'E3',
        'email bo@example.com already belongs to PeopleSoft record E9 in HubSpot; HubSpot keeps an email on one contact only',
      ],
    ],
  );
});

test('companies and contacts without an email never conflict', () => {
  assert.equal(emailOf(event('vendor:SHARE:1', 'x@example.com', 'companies')), undefined);
  assert.equal(emailOf(event('E1', '  ')), undefined);
  assert.deepEqual(
    findEmailConflicts([event('E1', undefined), event('E2', undefined)], new Map()),
    [],
  );
});
