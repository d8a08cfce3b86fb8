import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiPaths } from './api-paths';
import { DEFAULT_API_VERSION, isApiVersion, resolveSettings } from './hubspot-settings';

const token = 'pat-na1-11111111-2222-4333-8444-555555555555';

describe('resolveSettings', () => {
  it('defaults to api.hubapi.com, the 2026-09 version and a 30 s timeout', () => {
    assert.deepEqual(resolveSettings({ accessToken: token }), {
      origin: 'https://api.hubapi.com',
      basePath: '',
      accessToken: token,
      apiVersion: '2026-09',
      timeoutMs: 30_000,
    });
    assert.equal(DEFAULT_API_VERSION, '2026-09');
  });

  it('keeps a base path from the URL, without its trailing slash', () => {
    const settings = resolveSettings({
      accessToken: token,
      baseUrl: 'http://127.0.0.1:9000/hubspot/',
      apiVersion: 'v3',
    });
    assert.equal(settings.origin, 'http://127.0.0.1:9000');
    assert.equal(settings.basePath, '/hubspot');
    assert.equal(settings.apiVersion, 'v3');
  });

  it('refuses bad settings without echoing the token', () => {
    const problems = [
      { accessToken: '' },
      { accessToken: `${token} x` },
      { accessToken: token, apiVersion: '2026-05' },
      { accessToken: token, timeoutMs: 0 },
      { accessToken: token, baseUrl: 'not a url' },
      { accessToken: token, baseUrl: 'ftp://api.hubapi.com' },
    ];
    for (const settings of problems) {
      assert.throws(
        () => resolveSettings(settings),
        (error: unknown) => error instanceof TypeError && !error.message.includes(token),
      );
    }
  });

  it('accepts v3 and March/September releases only', () => {
    assert.deepEqual(
      ['v3', '2026-03', '2026-09', '2027-03', 'v4', '2026-10', '26-09'].map(isApiVersion),
      [true, true, true, true, false, false, false],
    );
  });
});

describe('apiPaths', () => {
  it('builds the date-versioned paths', () => {
    const paths = apiPaths('2026-09');
    assert.equal(paths.batchUpsert('contacts'), '/crm/objects/2026-09/contacts/batch/upsert');
    assert.equal(paths.batchRead('companies'), '/crm/objects/2026-09/companies/batch/read');
    assert.equal(paths.objects('contacts'), '/crm/objects/2026-09/contacts');
    assert.equal(paths.propertyGroups('contacts'), '/crm/properties/2026-09/contacts/groups');
    assert.equal(paths.property('contacts', 'ml id'), '/crm/properties/2026-09/contacts/ml%20id');
    assert.equal(paths.accountDetails(), '/account-info/2026-09/details');
  });

  it('builds the numbered v3 paths as the fallback', () => {
    const paths = apiPaths('v3');
    assert.equal(paths.batchUpsert('companies'), '/crm/v3/objects/companies/batch/upsert');
    assert.equal(paths.properties('companies'), '/crm/v3/properties/companies');
    assert.equal(paths.accountDetails(), '/account-info/v3/details');
  });
});
