import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OperationSource, PeopleSoftSettings, QuerySource } from './peoplesoft-settings';
import { buildOperationUrl, buildQueryUrl, nodeBaseUrl } from './query-url';

const settings: PeopleSoftSettings = {
  scheme: 'https',
  host: 'hr.example.com',
  port: 8443,
  node: 'PSFT_HR',
  timeoutMs: 1000,
  auth: { type: 'basic', oprid: 'ML_SYNC', password: 'secret' },
};

const employees: QuerySource = {
  kind: 'query',
  queryName: 'ML_EMPLOYEES',
  visibility: 'public',
  fromPrompt: 'FROM_DTTM',
  toPrompt: 'TO_DTTM',
  maxRows: 5000,
};

const window = { from: '2026-11-27-00.00.00.000000', to: '2026-11-28-00.00.00.000000' };

describe('buildQueryUrl', () => {
  it('builds the QAS_EXECUTEQRY_REST_GET address with prompts, maxrows and json_resp', () => {
    assert.equal(
      buildQueryUrl(settings, employees, window),
      'https://hr.example.com:8443/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/' +
        'ML_EMPLOYEES/JSON/NONFILE?isconnectedquery=N&maxrows=5000' +
        '&prompt_uniquepromptname=FROM_DTTM,TO_DTTM' +
        '&prompt_fieldvalue=2026-11-27-00.00.00.000000,2026-11-28-00.00.00.000000&json_resp=true',
    );
  });

  it('uses PRIVATE for private queries and a custom path prefix and node', () => {
    const url = buildQueryUrl(
      { ...settings, pathPrefix: 'gw/REST/', node: 'HRPRD' },
      { ...employees, visibility: 'private' },
      window,
    );
    assert.match(url, /:8443\/gw\/REST\/HRPRD\/ExecuteQuery\.v1\/PRIVATE\/ML_EMPLOYEES\//);
  });

  it('normalises short timestamps to the canonical 26 characters', () => {
    const url = new URL(
      buildQueryUrl(settings, employees, {
        from: '2026-11-27-00.00.00',
        to: '2026-11-28-00.00.00.5',
      }),
    );
    assert.equal(
      url.searchParams.get('prompt_fieldvalue'),
      '2026-11-27-00.00.00.000000,2026-11-28-00.00.00.500000',
    );
  });

  it('adds the EFFDT prompts only when the window carries effective dates', () => {
    const source = {
      ...employees,
      effectiveDatePrompts: { fromPrompt: 'EFFDT_FROM', toPrompt: 'EFFDT_TO' },
    };
    const without = new URL(buildQueryUrl(settings, source, window));
    assert.equal(without.searchParams.get('prompt_uniquepromptname'), 'FROM_DTTM,TO_DTTM');
    const withDates = new URL(
      buildQueryUrl(settings, source, {
        ...window,
        effectiveFrom: '2026-11-27',
        effectiveTo: '2026-11-28',
      }),
    );
    assert.equal(
      withDates.searchParams.get('prompt_uniquepromptname'),
      'FROM_DTTM,TO_DTTM,EFFDT_FROM,EFFDT_TO',
    );
    assert.equal(
      withDates.searchParams.get('prompt_fieldvalue'),
      '2026-11-27-00.00.00.000000,2026-11-28-00.00.00.000000,2026-11-27,2026-11-28',
    );
  });

  it('percent-encodes odd query and node names', () => {
    const url = buildQueryUrl(
      { ...settings, node: 'PS HR' },
      { ...employees, queryName: 'ML/EMP#1' },
      window,
    );
    assert.match(url, /\/PS%20HR\/ExecuteQuery\.v1\/PUBLIC\/ML%2FEMP%231\/JSON\/NONFILE\?/);
  });

  it('brackets IPv6 hosts', () => {
    assert.equal(
      nodeBaseUrl({ ...settings, host: '::1' }),
      'https://[::1]:8443/PSIGW/RESTListeningConnector/PSFT_HR',
    );
  });

  it('refuses windows and limits PeopleSoft could not take', () => {
    assert.throws(
      () => buildQueryUrl(settings, employees, { ...window, from: '2026-11-27 00:00' }),
      /window\.from/,
    );
    assert.throws(
      () => buildQueryUrl(settings, employees, { ...window, to: '0000-00-00-00.00.00.000000' }),
      /window\.to/,
    );
    assert.throws(() => buildQueryUrl(settings, { ...employees, maxRows: 0 }, window), /maxRows/);
    assert.throws(
      () => buildQueryUrl(settings, { ...employees, fromPrompt: 'A,B' }, window),
      /comma/,
    );
    const source = {
      ...employees,
      effectiveDatePrompts: { fromPrompt: 'EFFDT_FROM', toPrompt: 'EFFDT_TO' },
    };
    assert.throws(
      () => buildQueryUrl(settings, source, { ...window, effectiveFrom: '2026-11-27' }),
      /go together/,
    );
    assert.throws(
      () =>
        buildQueryUrl(settings, source, {
          ...window,
          effectiveFrom: '2026-02-30',
          effectiveTo: '2026-03-01',
        }),
      /effectiveFrom/,
    );
  });
});

describe('buildOperationUrl', () => {
  const operation: OperationSource = {
    kind: 'operation',
    alias: 'ML_EMPL_CHANGES.v1',
    uriTemplate: '/changes/{from}/{to}?maxrows={maxRows}',
    maxRows: 250,
  };

  it('fills the URI template under the node and alias', () => {
    assert.equal(
      buildOperationUrl(settings, operation, window),
      'https://hr.example.com:8443/PSIGW/RESTListeningConnector/PSFT_HR/ML_EMPL_CHANGES.v1/changes/' +
        '2026-11-27-00.00.00.000000/2026-11-28-00.00.00.000000?maxrows=250',
    );
  });

  it('names the placeholders it knows when the template has another', () => {
    assert.throws(
      () => buildOperationUrl(settings, { ...operation, uriTemplate: 'changes/{since}' }, window),
      /\{since\} is unknown; use \{from\}, \{to\}, \{maxRows\}/,
    );
  });
});
