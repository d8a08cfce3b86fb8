import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import { ConnectionsService } from '@ml/connections';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import {
  connectionBody,
  createApiHarness,
  secretsSeen,
  type ApiHarness,
  type LooseBody,
} from './api-harness';

const PASSWORD = 'ps-password-secret-7781';
const TOKEN = 'pat-na1-11111111-2222-4333-8444-555555559999';
const NEW_TOKEN = 'pat-na1-aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeee4242';
const OAUTH_SECRET = 'oauth-client-secret-31337';

let h: ApiHarness;
let ps: PeopleSoftSimulator;
let hs: HubSpotSimulator;
let psUrl: string;
let hsUrl: string;

before(async () => {
  h = await createApiHarness('apiconn');
  ps = new PeopleSoftSimulator({
    employees: 5,
    vendors: 2,
    customers: 2,
    user: 'ML_SYNC',
    password: PASSWORD,
  });
  hs = new HubSpotSimulator({ tokens: [TOKEN, NEW_TOKEN], requestsPer10s: 190 });
  psUrl = await ps.start();
  hsUrl = await hs.start();
});
after(async () => {
  await ps?.stop();
  await hs?.stop();
  await h?.close();
});

const body = (name: string, overrides: { password?: string; token?: string } = {}) =>
  connectionBody(name, {
    peoplesoftUrl: psUrl,
    hubspotUrl: hsUrl,
    password: overrides.password ?? PASSWORD,
    token: overrides.token ?? TOKEN,
  });

test('create, read, list: secrets are write-only and shown as set + last 4', async () => {
  const created = await h.call('post', '/connections', { body: body('main') });
  assert.equal(created.status, 201, created.text);
  const c = created.body;
  assert.match(c.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(c.peoplesoft.auth, {
    type: 'basic',
    oprid: 'ML_SYNC',
    password: { set: true, last4: '7781' },
  });
  assert.deepEqual(c.hubspot.accessToken, { set: true, last4: '9999' });
  assert.equal(c.peoplesoft.scheme, 'http');
  assert.equal(c.peoplesoft.overlapSeconds, 300, 'defaults are filled in');
  assert.equal(c.peoplesoft.sources.employee.maxRows, 5000);
  assert.equal(c.peoplesoft.sources.employee.fromPrompt, 'FROM_DTTM');
  assert.equal(c.hubspot.apiVersion, '2026-09');
  assert.equal(c.enabled, true);
  assert.equal(c.terminatedPolicy, 'set-status');
  assert.equal(c.attention, null);

  const one = await h.call('get', `/connections/${c.id}`);
  assert.equal(one.status, 200);
  // One connection also says whether its writers are paused (HubSpot's daily limit).
  assert.deepEqual(one.body, { ...c, writing: { paused: false, pausedUntil: null, reason: null } });
  const budget = h.app.get(HubSpotRateLimiter);
  await budget.acquire(TOKEN, 190);
  const reason = await budget.pauseUntilDailyReset(TOKEN, 'US/Eastern', '0 requests left today');
  const paused = await h.call('get', `/connections/${c.id}`);
  assert.equal(paused.body.writing.paused, true);
  assert.equal(paused.body.writing.reason, reason);
  assert.match(reason, /paused until \d{4}-\d{2}-\d{2} 00:00 US\/Eastern$/);
  assert.ok(Date.parse(paused.body.writing.pausedUntil) > Date.now());
  const list = await h.call('get', '/connections');
  assert.equal(list.status, 200);
  assert.ok(list.body.some((x: { id: string }) => x.id === c.id));

  const stored = await h.app.get(ConnectionsService).withSecrets(c.id);
  assert.equal(stored?.peoplesoftSecret, PASSWORD, 'the secret was stored (encrypted) as given');
  const [raw] = await h.db.query(
    `SELECT peoplesoft_secret, hubspot_secret FROM connections WHERE id = $1`,
    [c.id],
  );
  assert.ok(!raw.peoplesoft_secret.includes(PASSWORD) && !raw.hubspot_secret.includes(TOKEN));
});

test('an OAuth2 connection with a vendor operation source', async () => {
  const b = body('oauth');
  b.peoplesoft.auth = {
    type: 'oauth2',
    tokenUrl: 'http://127.0.0.1:9/token',
    clientId: 'ml-connector',
    clientSecret: OAUTH_SECRET,
    scope: 'psft',
  };
  b.peoplesoft.sources = {
    vendor: { kind: 'operation', alias: 'ML_VNDR_CHANGES.v1', uriTemplate: 'changes/{from}/{to}' },
  };
  const res = await h.call('post', '/connections', { body: b });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.peoplesoft.auth.clientSecret, { set: true, last4: '1337' });
  assert.equal(res.body.peoplesoft.sources.vendor.kind, 'operation');
  assert.equal(res.body.peoplesoft.sources.vendor.maxRows, 5000);
  assert.equal(res.body.peoplesoft.sources.employee, undefined);
});

test('validation: every bad field is named, and nothing is stored', async () => {
  const cases: Array<[string, (b: LooseBody) => void, RegExp]> = [
    ['unknown top-level field', (b) => (b.owner = 'me'), /property owner should not exist/],
    [
      'unknown nested field',
      (b) => (b.peoplesoft.proxy = 'x'),
      /peoplesoft\.property proxy should not exist|property proxy should not exist/,
    ],
    [
      'port out of range',
      (b) => (b.peoplesoft.port = 70000),
      /peoplesoft\.port must not be greater than 65535/,
    ],
    ['port as text', (b) => (b.peoplesoft.port = '443'), /peoplesoft\.port must be an integer/],
    [
      'host with scheme',
      (b) => (b.peoplesoft.host = 'https://x'),
      /peoplesoft\.host must be a host name/,
    ],
    [
      'bad cron',
      (b) => (b.schedule.cron = 'every night'),
      /schedule\.cron is not a valid cron expression/,
    ],
    [
      'bad time zone',
      (b) => (b.schedule.timezone = 'Mars/Base'),
      /schedule\.timezone is not an IANA time zone/,
    ],
    [
      'missing password',
      (b) => delete b.peoplesoft.auth.password,
      /peoplesoft\.auth\.password must be/,
    ],
    [
      'unknown auth type',
      (b) => (b.peoplesoft.auth.type = 'kerberos'),
      /peoplesoft\.auth\.type must be one of/,
    ],
    [
      'no sources',
      (b) => (b.peoplesoft.sources = {}),
      /peoplesoft\.sources must configure at least one entity/,
    ],
    [
      'bad query name',
      (b) => (b.peoplesoft.sources.employee.queryName = 'bad name'),
      /peoplesoft\.sources\.employee\.queryName must be/,
    ],
    [
      'operation without {to}',
      (b) =>
        (b.peoplesoft.sources.employee = {
          kind: 'operation',
          alias: 'X.v1',
          uriTemplate: 'c/{from}',
        }),
      /uriTemplate must contain \{from\} and \{to\}/,
    ],
    [
      'bad api version',
      (b) => (b.hubspot.apiVersion = 'v9'),
      /hubspot\.apiVersion must be 'v3' or a dated release/,
    ],
    [
      'token with spaces',
      (b) => (b.hubspot.accessToken = 'pat na1 zzzzzz'),
      /hubspot\.accessToken must be printable ASCII without white space/,
    ],
    ['bad base url', (b) => (b.hubspot.baseUrl = 'ftp://x'), /hubspot\.baseUrl must be a URL/],
    [
      'bad mapping',
      (b) => (b.mapping = { employee: { fields: 'nope' } }),
      /mapping is not a valid mapping document: \/employee/,
    ],
    ['bad policy', (b) => (b.terminatedPolicy = 'delete'), /terminatedPolicy must be one of/],
    ['missing peoplesoft', (b) => delete b.peoplesoft, /peoplesoft must be an object/],
  ];
  for (const [label, change, message] of cases) {
    const b = body(`invalid-${label}`);
    change(b);
    const res = await h.call('post', '/connections', { body: b });
    assert.equal(res.status, 400, `${label}: ${res.text}`);
    const messages: string[] = Array.isArray(res.body.message)
      ? res.body.message
      : [res.body.message];
    assert.ok(
      messages.some((m) => message.test(m)),
      `${label}: ${JSON.stringify(messages)}`,
    );
  }
  const names = (await h.call('get', '/connections')).body.map((c: { name: string }) => c.name);
  assert.ok(!names.some((n: string) => n.startsWith('invalid-')));
});

test('malformed JSON and oversized bodies are 400 and 413, never 500, and never echoed', async () => {
  const malformed = await h.call('post', '/connections', {
    raw: `{"name": "x", "hubspot": {"accessToken": "${TOKEN}"`,
  });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.message, 'request body is not valid JSON');
  assert.ok(!malformed.text.includes(TOKEN));
  const huge = await h.call('post', '/connections', {
    raw: JSON.stringify({ name: 'x'.repeat(300_000) }),
  });
  assert.equal(huge.status, 413);
  assert.match(huge.body.message, /larger than 256kb/);
});

test('bad and unknown ids: 400 naming the parameter, 404 for a well-formed unknown one', async () => {
  for (const [method, path] of [
    ['get', '/connections/42'],
    ['patch', '/connections/nope'],
    ['delete', '/connections/1%27%20OR%201=1'],
    ['post', '/connections/x/test'],
    ['post', '/connections/x/sync'],
  ] as const) {
    const res = await h.call(method, path, { body: {} });
    assert.equal(res.status, 400, `${method} ${path}`);
    assert.equal(res.body.message, 'id must be a UUID');
  }
  const unknown = '7d1f0a3e-2c4b-4b8a-9f51-1a2b3c4d5e6f';
  for (const [method, path] of [
    ['get', `/connections/${unknown}`],
    ['patch', `/connections/${unknown}`],
    ['delete', `/connections/${unknown}`],
    ['post', `/connections/${unknown}/test`],
  ] as const) {
    const res = await h.call(method, path, { body: {} });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.match(res.body.message, /does not exist/);
  }
});

test('a duplicate name is 409', async () => {
  assert.equal((await h.call('post', '/connections', { body: body('twin') })).status, 201);
  const again = await h.call('post', '/connections', { body: body('twin') });
  assert.equal(again.status, 409);
  assert.match(again.body.message, /already exists/);
});

test('PATCH merges fields, keeps or replaces secrets, and moves the next run', async () => {
  const c = (await h.call('post', '/connections', { body: body('patchme') })).body;
  const service = h.app.get(ConnectionsService);

  const port = await h.call('patch', `/connections/${c.id}`, {
    body: { peoplesoft: { timeoutMs: 9000 }, hubspot: { requestsPer10Seconds: 150 } },
  });
  assert.equal(port.status, 200, port.text);
  assert.equal(port.body.peoplesoft.timeoutMs, 9000);
  assert.equal(port.body.peoplesoft.host, c.peoplesoft.host, 'other fields are kept');
  assert.equal(port.body.hubspot.requestsPer10Seconds, 150);
  assert.equal(port.body.hubspot.baseUrl, c.hubspot.baseUrl);
  assert.equal((await service.withSecrets(c.id))?.hubspotToken, TOKEN, 'secret kept');

  await service.markNeedsAttention(c.id, 'HubSpot token revoked');
  const token = await h.call('patch', `/connections/${c.id}`, {
    body: { hubspot: { accessToken: NEW_TOKEN } },
  });
  assert.equal(token.status, 200);
  assert.deepEqual(token.body.hubspot.accessToken, { set: true, last4: '4242' });
  assert.equal(token.body.attention, null, 'a new token clears the attention flag');
  assert.equal((await service.withSecrets(c.id))?.hubspotToken, NEW_TOKEN);

  const oprid = await h.call('patch', `/connections/${c.id}`, {
    body: { peoplesoft: { auth: { type: 'basic', oprid: 'OTHER' } } },
  });
  assert.equal(oprid.status, 200);
  assert.equal(oprid.body.peoplesoft.auth.oprid, 'OTHER');
  assert.equal((await service.withSecrets(c.id))?.peoplesoftSecret, PASSWORD);

  const toOauth = await h.call('patch', `/connections/${c.id}`, {
    body: { peoplesoft: { auth: { type: 'oauth2', tokenUrl: 'https://idp/t', clientId: 'x' } } },
  });
  assert.equal(toOauth.status, 400);
  assert.match(toOauth.body.message, /peoplesoft\.auth\.clientSecret is required/);

  const schedule = await h.call('patch', `/connections/${c.id}`, {
    body: { schedule: { cron: '30 3 * * *', timezone: 'UTC' }, enabled: false, name: 'patched' },
  });
  assert.equal(schedule.status, 200);
  assert.equal(schedule.body.enabled, false);
  assert.equal(schedule.body.name, 'patched');
  assert.match(schedule.body.nextRunAt, /T03:30:00\.000Z$/);

  const bad = await h.call('patch', `/connections/${c.id}`, {
    body: { schedule: { cron: '61 * * * *', timezone: 'UTC' }, peoplesoft: { port: 0 }, id: 'x' },
  });
  assert.equal(bad.status, 400);
  assert.ok(bad.body.message.includes('property id should not exist'));
  assert.ok(bad.body.message.some((m: string) => /^schedule\.cron/.test(m)));
  assert.ok(bad.body.message.some((m: string) => /^peoplesoft\.port/.test(m)));

  const taken = await h.call('patch', `/connections/${c.id}`, { body: { name: 'main' } });
  assert.equal(taken.status, 409);
});

test('POST /connections/:id/test reports every check against working systems', async () => {
  const b = body('tested');
  b.peoplesoft.sources.vendor = { kind: 'query', queryName: 'ML_VENDORS' };
  const c = (await h.call('post', '/connections', { body: b })).body;
  const res = await h.call('post', `/connections/${c.id}/test`);
  assert.equal(res.status, 200, res.text);
  const names = res.body.checks.map((x: { name: string }) => x.name);
  assert.deepEqual(names, [
    'peoplesoft.connection',
    'peoplesoft.source.employee',
    'peoplesoft.source.vendor',
    'hubspot.token',
    'hubspot.scopes.contacts',
    'hubspot.scopes.companies',
    'hubspot.rateLimit',
  ]);
  for (const check of res.body.checks) {
    assert.equal(check.status, 'ok', `${check.name}: ${check.detail}`);
    assert.equal(check.hint, null);
  }
  assert.equal(res.body.ok, true);
  assert.equal(res.body.hubspotAccount.portalId, 24_681_357);
  const rate = res.body.checks.find((x: { name: string }) => x.name === 'hubspot.rateLimit');
  assert.match(rate.detail, /190 requests per 10 s \(Professional or Enterprise\)/);
});

test('POST /connections/:id/test names the failing side with a fix hint', async () => {
  const c = (
    await h.call('post', '/connections', {
      body: body('broken', {
        password: 'wrong-password-0000',
        token: 'pat-na1-revoked-token-0000',
      }),
    })
  ).body;
  const res = await h.call('post', `/connections/${c.id}/test`);
  assert.equal(res.status, 200);
  assert.equal(res.body.ok, false);
  const byName = new Map(res.body.checks.map((x: { name: string }) => [x.name, x]));
  const psCheck = byName.get('peoplesoft.connection') as Record<string, string>;
  assert.equal(psCheck.status, 'failed');
  assert.ok(psCheck.hint, 'a hint says what to fix');
  assert.equal(
    (byName.get('peoplesoft.source.employee') as Record<string, string>).status,
    'skipped',
  );
  const token = byName.get('hubspot.token') as Record<string, string>;
  assert.equal(token.status, 'failed');
  assert.match(token.hint, /accessToken/);
  assert.equal((byName.get('hubspot.rateLimit') as Record<string, string>).status, 'skipped');
  assert.ok(
    !res.text.includes('wrong-password-0000') && !res.text.includes('pat-na1-revoked-token-0000'),
  );
});

test('an unexpected failure is a 500 with a correlation id and no detail', async () => {
  const c = (await h.call('post', '/connections', { body: body('corrupt') })).body;
  // A secret sealed under a key this deployment does not know: decrypting it throws.
  await h.db.query(
    `UPDATE connections SET hubspot_secret = 'v1.gone.AAAA.BBBB.CCCC' WHERE id = $1`,
    [c.id],
  );
  const res = await h.call('post', `/connections/${c.id}/test`);
  assert.equal(res.status, 500);
  assert.deepEqual(Object.keys(res.body).sort(), [
    'correlationId',
    'error',
    'message',
    'statusCode',
  ]);
  assert.equal(res.body.correlationId, res.headers['x-correlation-id']);
  assert.ok(!/gone|key|ML_PREVIOUS/.test(res.body.message), res.body.message);
});

test('DELETE removes the connection', async () => {
  const c = (await h.call('post', '/connections', { body: body('doomed') })).body;
  assert.equal((await h.call('delete', `/connections/${c.id}`)).status, 204);
  assert.equal((await h.call('get', `/connections/${c.id}`)).status, 404);
  assert.equal((await h.call('delete', `/connections/${c.id}`)).status, 404);
});

test('no response of this file carried a secret', () => {
  assert.ok(h.seen.length > 30);
  assert.deepEqual(secretsSeen(h.seen, [PASSWORD, TOKEN, NEW_TOKEN, OAUTH_SECRET]), []);
});
