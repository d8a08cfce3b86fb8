import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PeopleSoftSimulator } from './peoplesoft-simulator';
import { SIMULATOR_DEFAULTS } from './simulator-options';

const BASIC = `Basic ${Buffer.from(`${SIMULATOR_DEFAULTS.user}:${SIMULATOR_DEFAULTS.password}`).toString('base64')}`;
const ALL =
  'prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=2000-01-01-00.00.00.000000,2999-01-01-00.00.00.000000';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Headers;
}

describe('PeopleSoftSimulator over HTTP', () => {
  const simulator = new PeopleSoftSimulator({
    employees: 200,
    vendors: 20,
    customers: 10,
    seed: 7,
  });
  let base = '';

  async function call(
    path: string,
    init: RequestInit = {},
    authorization: string | null = BASIC,
  ): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (authorization) headers.set('Authorization', authorization);
    const response = await fetch(`${base}${path}`, { ...init, headers });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
      headers: response.headers,
    };
  }

  function query(
    name: string,
    params: string,
    owner = 'PUBLIC',
    node = 'PSFT_HR',
  ): Promise<Answer> {
    return call(
      `/PSIGW/RESTListeningConnector/${node}/ExecuteQuery.v1/${owner}/${name}/JSON/NONFILE?${params}`,
    );
  }

  async function control(
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const answer = await call(
      `/__sim/${path}`,
      body === undefined
        ? {}
        : {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { 'Content-Type': 'application/json' },
          },
      null,
    );
    return { status: answer.status, json: JSON.parse(answer.body) as Record<string, unknown> };
  }

  before(async () => {
    base = await simulator.start(0);
  });

  after(async () => {
    await simulator.stop();
  });

  describe('Query Access Service', () => {
    it('answers in the documented JSON shape with aliases, rownumbers and CHAR padding', async () => {
      const answer = await query(
        'ML_EMPLOYEES',
        `isconnectedquery=N&maxrows=3&${ALL}&json_resp=true`,
      );
      assert.equal(answer.status, 200);
      assert.match(answer.contentType, /^application\/json/);
      const document = JSON.parse(answer.body) as {
        status: string;
        data: { query: { numrows: number; 'queryname=': string; rows: Record<string, unknown>[] } };
      };
      assert.equal(document.status, 'success');
      assert.equal(document.data.query['queryname='], 'ML_EMPLOYEES');
      assert.equal(document.data.query.numrows, 3);
      const [row] = document.data.query.rows;
      assert.ok(row);
      assert.equal(row['attr:rownumber'], 1);
      assert.equal((row['A.EMPLID'] as string).length, 11);
      assert.equal(typeof row['A.EMPL_RCD'], 'number');
      assert.match(row['LASTUPDDTTM'] as string, /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d{6}$/);
      assert.match(row['JOBTITLE'] as string, / +$/);
      assert.deepEqual(
        document.data.query.rows.map((r) => r['attr:rownumber']),
        [1, 2, 3],
      );
    });

    it('takes PUBLIC and public, N and n, and commas encoded or not, as real gateways do', async () => {
      const encoded = ALL.replace(/,/g, '%2C');
      for (const [owner, connected, prompts] of [
        ['public', 'n', ALL],
        ['PUBLIC', 'N', encoded],
      ] as const) {
        const answer = await query(
          'ML_VENDORS',
          `isconnectedquery=${connected}&maxrows=500&${prompts}`,
          owner,
        );
        assert.equal(JSON.parse(answer.body).data.query.numrows, 20, `${owner} ${connected}`);
      }
    });

    it('serves numbers as strings when configured to', async () => {
      const quoted = new PeopleSoftSimulator({
        employees: 3,
        vendors: 1,
        customers: 1,
        numbersAsStrings: true,
      });
      const quotedBase = await quoted.start(0);
      try {
        const response = await fetch(
          `${quotedBase}/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/JSON/NONFILE?maxrows=1&${ALL}`,
          { headers: { Authorization: BASIC } },
        );
        const document = (await response.json()) as {
          data: { query: { rows: Record<string, unknown>[] } };
        };
        const row = document.data.query.rows[0] ?? {};
        assert.equal(typeof row['A.EMPL_RCD'], 'string');
      } finally {
        await quoted.stop();
      }
    });

    it('refuses requests without maxrows, with bad prompts or another output type, with IBResponse and HTTP 200', async () => {
      for (const params of [
        ALL,
        `maxrows=0&${ALL}`,
        'maxrows=5',
        'maxrows=5&prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=2000-01-01-00.00.00.000000',
        `maxrows=5&prompt_uniquepromptname=X,Y&prompt_fieldvalue=1,2`,
      ]) {
        const answer = await query('ML_EMPLOYEES', params);
        assert.equal(answer.status, 200, params);
        assert.match(
          answer.body,
          /^<\?xml version="1\.0"\?><IBResponse type="error">.*<MessageSet>158<\/MessageSet>/,
          params,
        );
      }
      const xml = await call(
        `/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/XMLP/NONFILE?maxrows=5&${ALL}`,
      );
      assert.match(xml.body, /IBResponse/);
      assert.match((await query('ML_NOPE', `maxrows=5&${ALL}`)).body, /does not exist/);
    });

    it('answers an unknown alias with the routing HTML page and a wrong node with HTTP 500', async () => {
      const routing = await call(
        '/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v2/PUBLIC/ML_EMPLOYEES/JSON/NONFILE',
      );
      assert.equal(routing.status, 200);
      assert.match(
        routing.body,
        /<title>RESTListeningConnector<\/title>.*Unable to find a Routing/,
      );
      const node = await query('ML_EMPLOYEES', `maxrows=5&${ALL}`, 'PUBLIC', 'PSFT_XX');
      assert.equal(node.status, 500);
      assert.match(node.body, /<MessageSet>158<\/MessageSet>/);
    });

    it('serves the custom operation without record aliases', async () => {
      const answer = await call(
        '/PSIGW/RESTListeningConnector/PSFT_HR/ML_EMPL_CHANGES.v1/changes/2000-01-01-00.00.00.000000/2999-01-01-00.00.00.000000?maxrows=2',
      );
      const document = JSON.parse(answer.body) as { rows: Record<string, unknown>[] };
      assert.equal(document.rows.length, 2);
      assert.ok('EMPLID' in (document.rows[0] ?? {}));
    });
  });

  describe('authentication', () => {
    it('answers 401 with a Basic challenge to missing or wrong credentials', async () => {
      for (const authorization of [
        null,
        `Basic ${Buffer.from('ML_SYNC:nope').toString('base64')}`,
        'Basic !!!',
      ]) {
        const answer = await call(
          `/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/JSON/NONFILE?maxrows=1&${ALL}`,
          {},
          authorization,
        );
        assert.equal(answer.status, 401);
        assert.equal(answer.headers.get('www-authenticate'), 'Basic realm="PSIGW"');
      }
    });

    it('issues client-credentials tokens (Basic or body) that PeopleSoft then accepts until they expire', async () => {
      const { clientId, clientSecret } = SIMULATOR_DEFAULTS.oauthClient;
      const viaBody = await call(
        '/oauth2/token',
        {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          }),
        },
        null,
      );
      assert.equal(viaBody.status, 200);
      const viaBasic = await call(
        '/oauth2/token',
        { method: 'POST', body: 'grant_type=client_credentials' },
        `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      );
      const token = JSON.parse(viaBasic.body) as {
        access_token: string;
        token_type: string;
        expires_in: number;
      };
      assert.equal(token.token_type, 'Bearer');
      assert.equal(token.expires_in, SIMULATOR_DEFAULTS.tokenTtlSeconds);
      const path = `/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/JSON/NONFILE?maxrows=1&${ALL}`;
      assert.equal((await call(path, {}, `Bearer ${token.access_token}`)).status, 200);
      assert.equal((await control('tokens/expire', {})).status, 200);
      const expired = await call(path, {}, `Bearer ${token.access_token}`);
      assert.equal(expired.status, 401);
      assert.equal(expired.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    });

    it('refuses bad client credentials, other grants and malformed Basic encodings', async () => {
      const wrong = await call(
        '/oauth2/token',
        {
          method: 'POST',
          body: 'grant_type=client_credentials&client_id=ml-connector&client_secret=x',
        },
        null,
      );
      assert.equal(wrong.status, 401);
      assert.equal(JSON.parse(wrong.body).error, 'invalid_client');
      const grant = await call(
        '/oauth2/token',
        { method: 'POST', body: 'grant_type=password' },
        null,
      );
      assert.equal(JSON.parse(grant.body).error, 'unsupported_grant_type');
      const malformed = await call(
        '/oauth2/token',
        { method: 'POST', body: 'grant_type=client_credentials' },
        `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
      );
      assert.equal(malformed.status, 401);
    });

    it('enforces service-operation security and activation', async () => {
      const path = `/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/ML_EMPLOYEES/JSON/NONFILE?maxrows=1&${ALL}`;
      await control('security', {
        oprid: 'ML_SYNC',
        operation: 'QAS_EXECUTEQRY_REST_GET',
        granted: false,
      });
      assert.match(
        (await call(path)).body,
        /User ML_SYNC not authorized to invoke Service Operation QAS_EXECUTEQRY_REST_GET\. \(158,536\)/,
      );
      await control('security', {
        oprid: 'ML_SYNC',
        operation: 'QAS_EXECUTEQRY_REST_GET',
        granted: true,
      });
      await control('security', { operation: 'QAS_EXECUTEQRY_REST_GET', active: false });
      assert.match((await call(path)).body, /Unable to find a Routing/);
      await control('security', { operation: 'QAS_EXECUTEQRY_REST_GET', active: true });
      assert.equal((await call(path)).status, 200);
    });
  });

  describe('control endpoints', () => {
    it('reports state with totals, counters and truth per entity', async () => {
      const { status, json } = await control('state?entity=vendors&limit=5');
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(json.totals as object), [
        'people',
        'jobRows',
        'vendors',
        'customers',
      ]);
      assert.equal((json.vendors as unknown[]).length, 5);
      assert.equal(json.employees, undefined);
      assert.equal((await control('state?limit=x')).status, 400);
    });

    it('hires, changes and terminates employees, and the query sees each change', async () => {
      const hired = (await control('employees', { firstName: 'Ngozi', deptid: '30000' })).json;
      assert.equal(hired.action, 'HIR');
      const emplid = hired.emplid as string;
      const changed = (await control(`employees/${emplid}/change`, { deptid: '40000' })).json;
      assert.equal(changed.action, 'XFR');
      assert.equal(changed.deptDescr, 'Finance');
      const terminated = (await control(`employees/${emplid}/terminate`, {})).json;
      assert.equal(terminated.emplStatus, 'T');
      assert.equal(terminated.hrStatus, 'I');
      const again = await control(`employees/${emplid}/terminate`, {});
      assert.equal(again.status, 409);
      const state = (await control(`state?entity=employees&emplid=${emplid}`)).json;
      assert.equal((state.employees as Array<{ action: string }>)[0]?.action, 'TER');
      const window = `prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=${hired.lastUpdDttm as string},${simulator.now()}`;
      const rows = JSON.parse((await query('ML_EMPLOYEES', `maxrows=100&${window}`)).body).data
        .query.rows as Record<string, string>[];
      const actions = rows
        .filter((r) => r['A.EMPLID']?.trim() === emplid)
        .map((r) => r['A.ACTION']?.trim());
      assert.deepEqual(actions, ['HIR', 'XFR', 'TER']);
    });

    it('changes and adds vendors and customers by SETID and key, refusing what PeopleSoft would', async () => {
      const vendor = (await control('vendors/US001/0000000001', { vendorStatus: 'I' })).json;
      assert.equal(vendor.vendorStatus, 'I');
      assert.equal(vendor.setid, 'US001');
      const added = (await control('customers/SHARE/C900001', { name1: 'Nakatomi Trading' })).json;
      assert.equal(added.custStatus, 'A');
      assert.equal((await control('customers/SHARE/C900002', {})).status, 400);
      assert.equal((await control('vendors/SHARE/12345678901', { name1: 'Too long' })).status, 400);
      assert.equal((await control('vendors/SHARE/0000000001', { vendorStatus: 'Z' })).status, 400);
      assert.equal((await control('customers/SHARE/C000001', { name1: 42 })).status, 400);
      assert.equal(
        (await control('employees/KU0000001/terminate', { action: 'QUIT' })).status,
        400,
      );
      assert.equal((await control('employees/KU9999999/change', {})).status, 404);
      assert.equal((await control('vendors/%E0%A4%A/1', {})).status, 400);
    });

    it('mass-updates rows with one shared LASTUPDDTTM', async () => {
      const { json } = await control('employees/mass-update', { count: 15 });
      assert.equal(json.rows, 15);
      const stamp = json.lastUpdDttm as string;
      const rows = JSON.parse(
        (
          await query(
            'ML_EMPLOYEES',
            `maxrows=100&prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=${stamp},${stamp}`,
          )
        ).body,
      ).data.query.rows as unknown[];
      assert.equal(rows.length, 15);
    });

    it("moves PeopleSoft's clock and delays commits", async () => {
      const shifted = (await control('clock', { offsetSeconds: 3600 })).json;
      assert.equal(shifted.offsetSeconds, 3600);
      await control('clock', { offsetSeconds: 0 });
      await control('faults', { lateCommitSeconds: 120 });
      const hired = simulator.hire();
      const window = `prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=${hired.lastUpdDttm},${hired.lastUpdDttm}`;
      const count = async (): Promise<number> =>
        JSON.parse((await query('ML_EMPLOYEES', `maxrows=10&${window}`)).body).data.query
          .numrows as number;
      assert.equal(await count(), 0);
      simulator.advanceClockSeconds(121);
      assert.equal(await count(), 1);
      await control('faults', { reset: true });
      simulator.setClockOffsetSeconds(0);
    });

    it('queues faults, reports them, and refuses bad fault settings', async () => {
      const status = (
        await control('faults', { gatewayErrors: { count: 1 }, routingErrors: { count: 1 } })
      ).json;
      assert.equal(status.pendingGatewayErrors, 1);
      const path = `maxrows=1&${ALL}`;
      const gateway = await query('ML_EMPLOYEES', path);
      assert.equal(gateway.status, 500);
      assert.match(gateway.body, /External System Contact Error \(158,10721\)/);
      assert.match((await query('ML_EMPLOYEES', path)).body, /Unable to find a Routing/);
      assert.equal((await query('ML_EMPLOYEES', path)).status, 200);
      assert.equal((await control('faults', { hangs: { count: -1 } })).status, 400);
      assert.equal(
        (await call('/__sim/faults', { method: 'POST', body: '[1]' }, null)).status,
        400,
      );
    });

    it('answers unknown paths with 404', async () => {
      assert.equal((await call('/nothing', {}, null)).status, 404);
      assert.equal(
        (await call('/__sim/unknown', { method: 'POST', body: '{}' }, null)).status,
        404,
      );
    });
  });
});
