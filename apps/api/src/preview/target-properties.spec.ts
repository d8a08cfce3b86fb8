import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotError, type HubSpotClient } from '@ml/hubspot';
import { checkTargetProperties, propertyLister } from './target-properties';

const fakeClient = (names: string[], fail?: Error) => {
  let calls = 0;
  const client = {
    async listProperties() {
      calls += 1;
      if (fail) throw fail;
      return { data: names.map((name) => ({ name })) };
    },
  } as unknown as Pick<HubSpotClient, 'listProperties'>;
  return { client, calls: () => calls };
};

test('bootstrap properties count as existing; others are reported with a fix', async () => {
  const { client, calls } = fakeClient(['email', 'firstname']);
  const list = propertyLister(client);
  const check = await checkTargetProperties(
    'employee',
    'contacts',
    ['email', 'firstname', 'ml_peoplesoft_id', 'ml_employment_status', 'ml_location'],
    list,
  );
  assert.equal(check.checked, true);
  assert.deepEqual(
    check.missing.map((m) => m.property),
    ['ml_location'],
  );
  assert.match(check.missing[0]?.message ?? '', /no property 'ml_location'.*employee mapping/);
  await checkTargetProperties('employee', 'contacts', ['email'], list);
  assert.equal(calls(), 1, 'listed once per object type');
});

test('a HubSpot failure is reported, not thrown', async () => {
  const error = new HubSpotError({ kind: 'auth', status: 401, message: 'token refused' });
  const { client } = fakeClient([], error);
  const check = await checkTargetProperties(
    'vendor',
    'companies',
    ['name'],
    propertyLister(client),
  );
  assert.equal(check.checked, false);
  assert.match(
    check.error ?? '',
    /companies could not be listed: auth \(HTTP 401\): token refused/,
  );
});
