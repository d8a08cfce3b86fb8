import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PeopleSoftSimulator, SIMULATOR_DEFAULTS } from '@ml/peoplesoft-simulator';
import { PeopleSoftClient } from './peoplesoft-client';
import { PeopleSoftError } from './peoplesoft-error';
import { OperationSource, PeopleSoftSettings, QuerySource } from './peoplesoft-settings';
import { TEST_CA_CERT_PEM, TEST_CA_KEY_PEM } from './test-certificate';

const PASSWORD = SIMULATOR_DEFAULTS.password;
const CLIENT = SIMULATOR_DEFAULTS.oauthClient;
const EVER = { from: '2000-01-01-00.00.00.000000', to: '2999-12-31-23.59.59.999999' };

const employees: QuerySource = {
  kind: 'query',
  queryName: 'ML_EMPLOYEES',
  visibility: 'public',
  fromPrompt: 'FROM_DTTM',
  toPrompt: 'TO_DTTM',
  maxRows: 100_000,
  effectiveDatePrompts: { fromPrompt: 'EFFDT_FROM', toPrompt: 'EFFDT_TO' },
  requiredColumns: ['EMPLID', 'LASTUPDDTTM'],
};

function settingsFor(
  baseUrl: string,
  overrides: Partial<PeopleSoftSettings> = {},
): PeopleSoftSettings {
  const url = new URL(baseUrl);
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port: Number(url.port),
    node: SIMULATOR_DEFAULTS.node,
    timeoutMs: 5000,
    auth: { type: 'basic', oprid: SIMULATOR_DEFAULTS.user, password: PASSWORD },
    ...overrides,
  };
}

function oauthSettings(
  baseUrl: string,
  clientSecret: string = CLIENT.clientSecret,
): PeopleSoftSettings {
  return settingsFor(baseUrl, {
    auth: {
      type: 'oauth2',
      tokenUrl: `${baseUrl}/oauth2/token`,
      clientId: CLIENT.clientId,
      clientSecret,
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<PeopleSoftError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PeopleSoftError, `not a PeopleSoftError: ${String(error)}`);
    return error;
  }
  assert.fail('expected fetchWindow to fail');
}

function assertNoSecret(error: PeopleSoftError, secret: string): void {
  assert.ok(!error.message.includes(secret), error.message);
  assert.ok(!error.hint.includes(secret), error.hint);
}

describe('PeopleSoftClient against the simulator', () => {
  const simulator = new PeopleSoftSimulator({
    employees: 300,
    vendors: 40,
    customers: 30,
    privateQueries: ['ML_CUSTOMERS'],
  });
  let baseUrl = '';
  let client: PeopleSoftClient;

  before(async () => {
    baseUrl = await simulator.start(0);
    client = new PeopleSoftClient(settingsFor(baseUrl));
  });

  after(async () => {
    await client.close();
    await simulator.stop();
  });

  describe('Basic authentication', () => {
    it('reads every JOB row when the window covers all time', async () => {
      const result = await client.fetchWindow(employees, EVER);
      assert.equal(result.rowCount, simulator.dataset.employees.rowCount);
      assert.equal(result.truncated, false);
      assert.deepEqual(result.rowErrors, []);
      const row = result.rows[0];
      assert.ok(row);
      assert.match(row['EMPLID'] ?? '', /^KU\d{7}$/);
      assert.equal(row['EMPL_RCD'], '0');
      assert.ok(!Object.keys(row).some((key) => key.includes('.')), 'aliases stripped');
      assert.ok(!Object.values(row).some((value) => value.endsWith(' ')), 'padding trimmed');
    });

    it('fails with auth on a wrong password, without echoing it', async () => {
      const wrong = new PeopleSoftClient(
        settingsFor(baseUrl, {
          auth: { type: 'basic', oprid: 'ML_SYNC', password: 'not-the-password' },
        }),
      );
      try {
        const error = await failure(wrong.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'auth');
        assert.equal(error.status, 401);
        assert.match(error.hint, /OPRID and password/);
        assertNoSecret(error, 'not-the-password');
      } finally {
        await wrong.close();
      }
    });

    it('fails with auth while the user is locked', async () => {
      simulator.lockUser('ML_SYNC');
      try {
        assert.equal((await failure(client.fetchWindow(employees, EVER))).kind, 'auth');
      } finally {
        simulator.lockUser('ML_SYNC', false);
      }
    });
  });

  describe('windows and maxrows', () => {
    it('truncates silently at maxrows and says so, even when the count is exactly reached', async () => {
      const small = await client.fetchWindow({ ...employees, maxRows: 10 }, EVER);
      assert.equal(small.rows.length, 10);
      assert.equal(small.truncated, true);
      const total = simulator.dataset.employees.rowCount;
      assert.equal(
        (await client.fetchWindow({ ...employees, maxRows: total }, EVER)).truncated,
        true,
      );
      assert.equal(
        (await client.fetchWindow({ ...employees, maxRows: total + 1 }, EVER)).truncated,
        false,
      );
    });

    it('returns only rows whose LASTUPDDTTM lies in the window', async () => {
      const all = (await client.fetchWindow(employees, EVER)).rows.map(
        (r) => r['LASTUPDDTTM'] ?? '',
      );
      const sorted = [...all].sort();
      const from = sorted[Math.floor(sorted.length / 3)] ?? '';
      const to = sorted[Math.floor((2 * sorted.length) / 3)] ?? '';
      const inside = all.filter((stamp) => stamp >= from && stamp <= to).length;
      const result = await client.fetchWindow(employees, { from, to });
      assert.equal(result.rows.length, inside);
      assert.ok(
        result.rows.every(
          (r) => (r['LASTUPDDTTM'] ?? '') >= from && (r['LASTUPDDTTM'] ?? '') <= to,
        ),
      );
    });

    it('sees a hire in the window around its LASTUPDDTTM', async () => {
      const hired = simulator.hire({ firstName: 'Zoë', lastName: "O'Brien" });
      const window = { from: hired.lastUpdDttm, to: hired.lastUpdDttm };
      const result = await client.fetchWindow(employees, window);
      const row = result.rows.find((r) => r['EMPLID'] === hired.emplid);
      assert.equal(row?.['FIRST_NAME'], 'Zoë');
      assert.equal(row?.['ACTION'], 'HIR');
    });

    it('finds a future-dated termination through the EFFDT prompts once it takes effect', async () => {
      const [someone] = simulator.employees(5, 1);
      assert.ok(someone);
      const effdt = simulator.now().slice(0, 10);
      const keyed = simulator.terminate(someone.emplid, { effdt });
      const before = { from: EVER.from, to: '2001-01-01-00.00.00.000000' };
      const plain = await client.fetchWindow(employees, before);
      assert.ok(!plain.rows.some((r) => r['EMPLID'] === someone.emplid && r['ACTION'] === 'TER'));
      const withEffdt = await client.fetchWindow(employees, {
        ...before,
        effectiveFrom: effdt,
        effectiveTo: effdt,
      });
      const row = withEffdt.rows.find(
        (r) => r['EMPLID'] === someone.emplid && r['ACTION'] === 'TER',
      );
      assert.equal(row?.['EMPL_STATUS'], 'T');
      assert.equal(row?.['LASTUPDDTTM'], keyed.lastUpdDttm);
    });

    it('runs private queries as PRIVATE and reports the public spelling as an application error', async () => {
      const customers: QuerySource = {
        ...employees,
        queryName: 'ML_CUSTOMERS',
        effectiveDatePrompts: undefined,
        requiredColumns: ['SETID', 'CUST_ID'],
      };
      const result = await client.fetchWindow({ ...customers, visibility: 'private' }, EVER);
      assert.equal(result.rows.length, 30);
      assert.ok(result.rows.every((r) => r['SETID'] === 'SHARE' || r['SETID'] === 'US001'));
      const error = await failure(client.fetchWindow(customers, EVER));
      assert.equal(error.kind, 'application');
      assert.match(error.hint, /public or private/);
    });

    it('reads vendors keyed by SETID and VENDOR_ID', async () => {
      const vendors: QuerySource = {
        ...employees,
        queryName: 'ML_VENDORS',
        effectiveDatePrompts: undefined,
        requiredColumns: ['SETID', 'VENDOR_ID'],
      };
      const changed = simulator.changeVendor('SHARE', '0000000001', {
        name1: 'Renamed Supplies Inc.',
      });
      const result = await client.fetchWindow(vendors, {
        from: changed.lastUpdDttm,
        to: changed.lastUpdDttm,
      });
      assert.deepEqual(
        result.rows.map((r) => [r['SETID'], r['VENDOR_ID'], r['NAME1']]),
        [['SHARE', '0000000001', 'Renamed Supplies Inc.']],
      );
    });

    it('reads a custom provider operation through its URI template', async () => {
      const operation: OperationSource = {
        kind: 'operation',
        alias: SIMULATOR_DEFAULTS.customOperation.alias,
        uriTemplate: 'changes/{from}/{to}?maxrows={maxRows}',
        maxRows: 7,
        serviceOperation: SIMULATOR_DEFAULTS.customOperation.serviceOperation,
        requiredColumns: ['EMPLID'],
      };
      const result = await client.fetchWindow(operation, EVER);
      assert.equal(result.rows.length, 7);
      assert.equal(result.truncated, true);
      assert.match(result.rows[0]?.['EMPLID'] ?? '', /^KU/);
    });
  });

  describe('Integration Broker errors', () => {
    it('turns a hung request into a splittable timeout', async () => {
      const impatient = new PeopleSoftClient(settingsFor(baseUrl, { timeoutMs: 150 }));
      simulator.setFaults({ hangs: { count: 1 } });
      try {
        const error = await failure(impatient.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'timeout');
        assert.equal(impatient.isSplittable(error), true);
      } finally {
        await impatient.close();
      }
    });

    it('classifies the gateway contact error as splittable gateway trouble', async () => {
      simulator.setFaults({ gatewayErrors: { count: 1 } });
      const error = await failure(client.fetchWindow(employees, EVER));
      assert.equal(error.kind, 'gateway');
      assert.equal(error.messageId, 10721);
      assert.equal(client.isSplittable(error), true);
    });

    it('classifies a query time-out answered with HTTP 200 as splittable', async () => {
      simulator.setFaults({
        ibErrors: { count: 1, messageSet: 158, messageId: 10999, message: 'Query timed out.' },
      });
      const error = await failure(client.fetchWindow(employees, EVER));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.status, 200);
      assert.equal(client.isSplittable(error), true);
    });

    it('classifies other IBResponse errors as application errors, not splittable', async () => {
      simulator.setFaults({
        ibErrors: {
          count: 1,
          messageSet: 158,
          messageId: 10999,
          message: 'Simulated application error.',
        },
      });
      const error = await failure(client.fetchWindow(employees, EVER));
      assert.equal(error.kind, 'application');
      assert.equal(client.isSplittable(error), false);
    });

    it('classifies the routing page, an inactive operation and a missing grant', async () => {
      simulator.setFaults({ routingErrors: { count: 1 } });
      assert.equal((await failure(client.fetchWindow(employees, EVER))).kind, 'routing');
      simulator.setOperationActive('QAS_EXECUTEQRY_REST_GET', false);
      try {
        const error = await failure(client.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'routing');
        assert.match(error.hint, /activate service operation QAS_EXECUTEQRY_REST_GET/);
      } finally {
        simulator.setOperationActive('QAS_EXECUTEQRY_REST_GET', true);
      }
      simulator.revoke('ML_SYNC', 'QAS_EXECUTEQRY_REST_GET');
      try {
        const error = await failure(client.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'permission');
        assert.equal(error.messageId, 536);
      } finally {
        simulator.grant('ML_SYNC', 'QAS_EXECUTEQRY_REST_GET');
      }
    });

    it('classifies a wrong node name', async () => {
      const wrongNode = new PeopleSoftClient(settingsFor(baseUrl, { node: 'PSFT_XX' }));
      try {
        const error = await failure(wrongNode.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'wrong-node');
        assert.match(error.hint, /PSFT_XX/);
      } finally {
        await wrongNode.close();
      }
    });

    it('reports an unreachable server', async () => {
      const port = Number(new URL(baseUrl).port);
      const spare = new PeopleSoftSimulator({ employees: 1, vendors: 1, customers: 1 });
      const spareUrl = await spare.start(0);
      await spare.stop();
      const nowhere = new PeopleSoftClient(settingsFor(spareUrl));
      try {
        const error = await failure(nowhere.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'unreachable');
        assert.notEqual(Number(new URL(spareUrl).port), port);
      } finally {
        await nowhere.close();
      }
    });

    it('refuses to run once closed', async () => {
      const closed = new PeopleSoftClient(settingsFor(baseUrl));
      await closed.close();
      await assert.rejects(closed.fetchWindow(employees, EVER), /closed/);
    });
  });

  describe('OAuth2 client credentials', () => {
    it('gets a token, reuses it, and refreshes it once after a 401', async () => {
      const oauth = new PeopleSoftClient(oauthSettings(baseUrl));
      try {
        const before = simulator.counterSnapshot();
        await oauth.fetchWindow({ ...employees, maxRows: 5 }, EVER);
        await oauth.fetchWindow({ ...employees, maxRows: 5 }, EVER);
        const reused = simulator.counterSnapshot();
        assert.equal(reused.tokensIssued - before.tokensIssued, 1);
        simulator.expireAllTokens();
        const result = await oauth.fetchWindow({ ...employees, maxRows: 5 }, EVER);
        assert.equal(result.rows.length, 5);
        const after = simulator.counterSnapshot();
        assert.equal(after.tokensIssued - before.tokensIssued, 2);
        assert.equal(after.unauthorized - before.unauthorized, 1);
      } finally {
        await oauth.close();
      }
    });

    it('fetches a new token when the cached one nears expiry, without a 401', async () => {
      let now = Date.now();
      const oauth = new PeopleSoftClient(oauthSettings(baseUrl), { now: () => now });
      try {
        const before = simulator.counterSnapshot();
        await oauth.fetchWindow({ ...employees, maxRows: 1 }, EVER);
        now += SIMULATOR_DEFAULTS.tokenTtlSeconds * 1000;
        await oauth.fetchWindow({ ...employees, maxRows: 1 }, EVER);
        const after = simulator.counterSnapshot();
        assert.equal(after.tokensIssued - before.tokensIssued, 2);
        assert.equal(after.unauthorized - before.unauthorized, 0);
      } finally {
        await oauth.close();
      }
    });

    it('explains a refused client secret without revealing it', async () => {
      const oauth = new PeopleSoftClient(oauthSettings(baseUrl, 'wrong-secret-value'));
      try {
        const error = await failure(oauth.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'auth');
        assert.match(error.message, /identity provider refused/);
        assertNoSecret(error, 'wrong-secret-value');
      } finally {
        await oauth.close();
      }
    });

    it('reports a token whose claim maps to no user', async () => {
      const ghost = new PeopleSoftSimulator({
        employees: 5,
        vendors: 1,
        customers: 1,
        oauthClients: [{ clientId: 'ghost', clientSecret: 'ghost-secret', oprid: 'NOBODY' }],
      });
      const ghostUrl = await ghost.start(0);
      const oauth = new PeopleSoftClient(
        settingsFor(ghostUrl, {
          auth: {
            type: 'oauth2',
            tokenUrl: `${ghostUrl}/oauth2/token`,
            clientId: 'ghost',
            clientSecret: 'ghost-secret',
          },
        }),
      );
      try {
        const error = await failure(oauth.fetchWindow(employees, EVER));
        assert.equal(error.kind, 'unknown-user');
        assert.match(error.hint, /claim/);
      } finally {
        await oauth.close();
        await ghost.stop();
      }
    });
  });
});

describe('PeopleSoftClient over TLS with a customer CA', () => {
  const simulator = new PeopleSoftSimulator({
    employees: 20,
    vendors: 1,
    customers: 1,
    tls: { keyPem: TEST_CA_KEY_PEM, certPem: TEST_CA_CERT_PEM },
  });
  let baseUrl = '';

  before(async () => {
    baseUrl = await simulator.start(0);
  });

  after(async () => {
    await simulator.stop();
  });

  it('trusts the server once the CA is configured', async () => {
    const client = new PeopleSoftClient(settingsFor(baseUrl, { caCertPem: TEST_CA_CERT_PEM }));
    try {
      const result = await client.fetchWindow(employees, EVER);
      assert.equal(result.rowCount, simulator.dataset.employees.rowCount);
    } finally {
      await client.close();
    }
  });

  it('refuses the server without the CA, with a hint to configure it', async () => {
    const client = new PeopleSoftClient(settingsFor(baseUrl));
    try {
      const error = await failure(client.fetchWindow(employees, EVER));
      assert.equal(error.kind, 'tls');
      assert.match(error.hint, /CA \(PEM\)/);
    } finally {
      await client.close();
    }
  });
});
