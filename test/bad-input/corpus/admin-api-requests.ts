/**
 * Malformed admin API requests. Each must answer `status` (4xx) with a message matching
 * `message`, never a 500, never a secret, and leave the database as it was.
 * docs/bad-input.md lists them one per line.
 */
import type { LooseBody } from '../../api/api-harness';

export const PASSWORD = 'bad-input-ps-secret-77aa';
export const TOKEN = 'pat-na1-bad00000-0000-4000-8000-00000000c0de';

export interface ApiCase {
  readonly label: string;
  readonly method: 'get' | 'post' | 'patch' | 'delete';
  /** `:id` is replaced by an existing connection's id. */
  readonly path: string;
  /** A JSON body, or a change to a valid create-connection body. */
  readonly body?: LooseBody | ((valid: LooseBody) => LooseBody);
  readonly raw?: string;
  readonly contentType?: string;
  readonly status: number;
  readonly message: RegExp;
  /** Text the response must not repeat (the hostile input). */
  readonly notEchoed?: readonly string[];
}

const SQL = "x'; DROP TABLE connections;--";
const HTML = '<script>alert(1)</script>';
const TRAVERSAL = '../../../../etc/passwd';
const NUL = 'a\u0000b';

function change(edit: (b: LooseBody) => void): (b: LooseBody) => LooseBody {
  return (b) => {
    edit(b);
    return b;
  };
}

/** JSON text of objects nested `depth` deep (JSON.stringify itself overflows on such values). */
function deeplyNested(depth: number): string {
  return `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

/** A valid create body as text with one member written by hand. */
function rawCreate(member: string): string {
  return (
    '{"name":"raw","schedule":{"cron":"0 2 * * *","timezone":"UTC"},' +
    `"peoplesoft":{"host":"127.0.0.1","port":8000,"node":"PSFT_HR","auth":{"type":"basic","oprid":"ML_SYNC","password":"${PASSWORD}"},"sources":{"employee":{"kind":"query","queryName":"ML_EMPLOYEES"}}},` +
    `"hubspot":{"accessToken":"${TOKEN}","baseUrl":"http://127.0.0.1:8100"},${member}}`
  );
}

const UUID = '7d1f0a3e-2c4b-4b8a-9f51-1a2b3c4d5e6f';

export const API_CASES: readonly ApiCase[] = [
  // Bodies that are not what JSON parsing expects.
  {
    label: '/connections malformed JSON holding the token',
    method: 'post',
    path: '/connections',
    raw: `{"hubspot":{"accessToken":"${TOKEN}"`,
    status: 400,
    message: /^request body is not valid JSON$/,
  },
  {
    label: '/connections body over 256 kB',
    method: 'post',
    path: '/connections',
    raw: JSON.stringify({ name: 'x', pad: 'y'.repeat(300_000) }),
    status: 413,
    message: /larger than 256kb/,
  },
  {
    label: '/connections JSON array body',
    method: 'post',
    path: '/connections',
    raw: '[1,2,3]',
    status: 400,
    message: /name|must be an object|nested property|property 0 should not exist/,
  },
  {
    label: '/connections JSON string body',
    method: 'post',
    path: '/connections',
    raw: '"hello"',
    status: 400,
    message: /not valid JSON|must be/,
  },
  {
    label: '/connections as text/plain',
    method: 'post',
    path: '/connections',
    raw: rawCreate('"enabled":true'),
    contentType: 'text/plain',
    status: 400,
    message: /name must|must be an object/,
  },
  {
    label: '/connections as form data',
    method: 'post',
    path: '/connections',
    raw: 'name=x&peoplesoft=y',
    contentType: 'application/x-www-form-urlencoded',
    status: 400,
    message: /name must|must be an object/,
  },
  {
    label: '/connections with a NUL byte inside the JSON text',
    method: 'post',
    path: '/connections',
    raw: '{"name":"a\u0000b"}',
    status: 400,
    message: /not valid JSON/,
  },
  {
    label: '/connections with a duplicated member, the last one invalid',
    method: 'post',
    path: '/connections',
    raw: rawCreate('"schedule":{"cron":"every night","timezone":"UTC"}'),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections mapping nested 5,000 deep',
    method: 'post',
    path: '/connections',
    raw: rawCreate(`"mapping":{"employee":${deeplyNested(5_000)}}`),
    status: 400,
    message: /^mapping /,
  },
  {
    label: '/connections mapping nested 40,000 deep (just under 256 kB)',
    method: 'post',
    path: '/connections',
    raw: rawCreate(`"mapping":{"employee":${deeplyNested(40_000)}}`),
    status: 400,
    message: /^mapping |not valid JSON|nested too deep/,
  },
  {
    label: '/connections with __proto__ and constructor members',
    method: 'post',
    path: '/connections',
    raw: rawCreate('"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}'),
    status: 400,
    message: /should not exist/,
  },
  // Wrong types, unknown fields, empty strings.
  {
    label: '/connections name as a number',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.name = 42)),
    status: 400,
    message: /^name must/,
  },
  {
    label: '/connections name empty',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.name = '')),
    status: 400,
    message: /^name /,
  },
  {
    label: '/connections name with a NUL byte',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.name = NUL)),
    status: 400,
    message: /^name /,
  },
  {
    label: '/connections name of 10,000 characters',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.name = 'n'.repeat(10_000))),
    status: 400,
    message: /^name /,
  },
  {
    label: '/connections unknown nested field',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.hubspot.webhookSecret = 'x')),
    status: 400,
    message: /property webhookSecret should not exist/,
  },
  {
    label: '/connections peoplesoft as a list',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft = [b.peoplesoft])),
    status: 400,
    message: /peoplesoft/,
  },
  {
    label: '/connections enabled as a string',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.enabled = 'yes')),
    status: 400,
    message: /enabled must be a boolean/,
  },
  // Numbers out of range.
  {
    label: '/connections port negative',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.port = -1)),
    status: 400,
    message: /peoplesoft\.port must not be less than 1/,
  },
  {
    label: '/connections port 1e400 (Infinity)',
    method: 'post',
    path: '/connections',
    raw: rawCreate('"enabled":true').replace('"port":8000', '"port":1e400'),
    status: 400,
    message: /peoplesoft\.port/,
  },
  {
    label: '/connections port beyond 2^53',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.port = 9_007_199_254_740_993)),
    status: 400,
    message: /peoplesoft\.port must not be greater than 65535/,
  },
  {
    label: '/connections timeoutMs negative',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.timeoutMs = -5000)),
    status: 400,
    message: /peoplesoft\.timeoutMs/,
  },
  {
    label: '/connections requestsPer10Seconds a trillion',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.hubspot.requestsPer10Seconds = 1e12)),
    status: 400,
    message: /hubspot\.requestsPer10Seconds/,
  },
  {
    label: '/connections maxRows 0',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.sources.employee.maxRows = 0)),
    status: 400,
    message: /maxRows/,
  },
  // Injection strings in text fields with a shape.
  {
    label: '/connections host with SQL',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.host = SQL)),
    status: 400,
    message: /peoplesoft\.host must be a host name/,
    notEchoed: [SQL],
  },
  {
    label: '/connections host with a path traversal',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.host = TRAVERSAL)),
    status: 400,
    message: /peoplesoft\.host must be a host name/,
    notEchoed: [TRAVERSAL],
  },
  {
    label: '/connections node with HTML',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.node = HTML)),
    status: 400,
    message: /peoplesoft\.node/,
    notEchoed: [HTML],
  },
  {
    label: '/connections queryName with SQL',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.sources.employee.queryName = SQL)),
    status: 400,
    message: /peoplesoft\.sources\.employee\.queryName must be/,
    notEchoed: [SQL],
  },
  {
    label: '/connections oprid with a NUL byte',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.auth.oprid = NUL)),
    status: 400,
    message: /peoplesoft\.auth\.oprid/,
  },
  {
    label: '/connections pathPrefix with a traversal',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.peoplesoft.pathPrefix = `/PSIGW/${TRAVERSAL}`)),
    status: 400,
    message: /peoplesoft\.pathPrefix/,
  },
  {
    label: '/connections baseUrl javascript:',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.hubspot.baseUrl = 'javascript:alert(1)')),
    status: 400,
    message: /hubspot\.baseUrl must be a URL/,
  },
  {
    label: '/connections accessToken with a NUL byte',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.hubspot.accessToken = `pat-na1-${NUL}-0000`)),
    status: 400,
    message: /hubspot\.accessToken/,
  },
  {
    label: '/connections apiVersion 2026-13',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.hubspot.apiVersion = '2026-13')),
    status: 400,
    message: /hubspot\.apiVersion must be 'v3' or a dated release/,
  },
  // Cron and time zones.
  {
    label: '/connections cron with seven fields',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.cron = '* * * * * * *')),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections cron minute 61',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.cron = '61 * * * *')),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections cron with shell injection',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.cron = '0 2 * * * $(rm -rf /)')),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
    notEchoed: ['rm -rf'],
  },
  {
    label: '/connections cron empty',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.cron = '')),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections cron as a number',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.cron = 5)),
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections time zone Mars/Base',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.timezone = 'Mars/Base')),
    status: 400,
    message: /schedule\.timezone is not an IANA time zone/,
  },
  {
    label: '/connections time zone as a path traversal',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.timezone = '../../../etc/localtime')),
    status: 400,
    message: /schedule\.timezone is not an IANA time zone/,
    notEchoed: ['etc/localtime'],
  },
  {
    label: '/connections time zone as an offset +25:00',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.timezone = '+25:00')),
    status: 400,
    message: /schedule\.timezone is not an IANA time zone/,
  },
  {
    label: '/connections time zone empty',
    method: 'post',
    path: '/connections',
    body: change((b) => (b.schedule.timezone = '')),
    status: 400,
    message: /schedule\.timezone is not an IANA time zone/,
  },
  // Updates.
  {
    label: '/connections/:id PATCH with a bad cron and a NUL name',
    method: 'patch',
    path: '/connections/:id',
    body: { schedule: { cron: 'nightly', timezone: 'UTC' }, name: NUL },
    status: 400,
    message: /schedule\.cron is not a valid cron expression/,
  },
  {
    label: '/connections/:id PATCH with a 300 kB password',
    method: 'patch',
    path: '/connections/:id',
    raw: JSON.stringify({ peoplesoft: { auth: { type: 'basic', password: 'p'.repeat(300_000) } } }),
    status: 413,
    message: /larger than 256kb/,
  },
  {
    label: '/connections/:id PATCH changing the id',
    method: 'patch',
    path: '/connections/:id',
    body: { id: UUID },
    status: 400,
    message: /property id should not exist/,
  },
  // Ids that are not UUIDs.
  {
    label: '/connections/<SQL> GET',
    method: 'get',
    path: `/connections/${encodeURIComponent("1' OR '1'='1")}`,
    status: 400,
    message: /^id must be a UUID$/,
  },
  {
    label: '/connections/<path traversal> DELETE',
    method: 'delete',
    path: `/connections/${encodeURIComponent(TRAVERSAL)}`,
    status: 400,
    message: /^id must be a UUID$/,
  },
  {
    label: '/connections/<uuid with a NUL> GET',
    method: 'get',
    path: `/connections/${UUID}%00`,
    status: 400,
    message: /^id must be a UUID$/,
  },
  {
    label: '/runs/<HTML> GET',
    method: 'get',
    path: `/runs/${encodeURIComponent(HTML)}`,
    status: 400,
    message: /^id must be a UUID$/,
    notEchoed: [HTML],
  },
  {
    label: '/records/<number> GET',
    method: 'get',
    path: '/records/12345',
    status: 400,
    message: /^id must be a UUID$/,
  },
  {
    label: '/api-keys/<not a uuid> DELETE',
    method: 'delete',
    path: '/api-keys/all',
    status: 400,
    message: /^id must be a UUID$/,
  },
  {
    label: '/connections/<not a uuid>/sync POST',
    method: 'post',
    path: '/connections/latest/sync',
    body: {},
    status: 400,
    message: /^id must be a UUID$/,
  },
  // Query parameters.
  {
    label: '/runs?limit=-1',
    method: 'get',
    path: '/runs?limit=-1',
    status: 400,
    message: /limit must not be less than 1/,
  },
  {
    label: '/runs?limit=1e9',
    method: 'get',
    path: '/runs?limit=1000000000',
    status: 400,
    message: /limit must not be greater than 200/,
  },
  {
    label: '/runs?limit=abc',
    method: 'get',
    path: '/runs?limit=abc',
    status: 400,
    message: /limit must be an integer/,
  },
  {
    label: '/runs?cursor=<garbage>',
    method: 'get',
    path: '/runs?cursor=not-a-cursor',
    status: 400,
    message: /cursor/,
  },
  {
    label: '/runs?cursor=<SQL in base64url>',
    method: 'get',
    path: `/runs?cursor=${Buffer.from(`{"t":"${SQL}","id":"${SQL}"}`).toString('base64url')}`,
    status: 400,
    message: /cursor/,
  },
  {
    label: '/records?cursor=<a runs cursor shape with a huge date>',
    method: 'get',
    path: `/records?cursor=${Buffer.from('{"t":"99999-01-01T00:00:00Z","id":"x"}').toString('base64url')}`,
    status: 400,
    message: /cursor/,
  },
  {
    label: '/records?connectionId=<SQL>',
    method: 'get',
    path: `/records?connectionId=${encodeURIComponent(SQL)}`,
    status: 400,
    message: /connectionId must be a UUID/,
  },
  {
    label: '/records?sourceId=<10,000 characters>',
    method: 'get',
    path: `/records?sourceId=${'s'.repeat(10_000)}`,
    status: 400,
    message: /sourceId must be (shorter|longer)/,
  },
  {
    label: '/records?from=yesterday',
    method: 'get',
    path: '/records?from=yesterday',
    status: 400,
    message: /from must be a valid ISO 8601 date string/,
  },
  {
    label: '/records?status=<SQL>',
    method: 'get',
    path: `/records?status=${encodeURIComponent("synced' OR 1=1--")}`,
    status: 400,
    message: /status must be one of/,
  },
  {
    label: '/records?unknown=1',
    method: 'get',
    path: '/records?unknown=1',
    status: 400,
    message: /property unknown should not exist/,
  },
  {
    label: '/records?entity=a&entity=b (a list)',
    method: 'get',
    path: '/records?entity=employee&entity=vendor',
    status: 400,
    message: /entity must be one of/,
  },
  {
    label: '/requests?status=99999',
    method: 'get',
    path: '/requests?status=99999',
    status: 400,
    message: /status must not be greater than 599/,
  },
  {
    label: '/requests?errorKind=<HTML>',
    method: 'get',
    path: `/requests?errorKind=${encodeURIComponent(HTML)}`,
    status: 400,
    message: /errorKind must be lower-case letters and -/,
    notEchoed: [HTML],
  },
  // Other bodies.
  {
    label: '/replay recordIds not UUIDs',
    method: 'post',
    path: '/replay',
    body: { recordIds: [SQL, TRAVERSAL] },
    status: 400,
    message: /each value in recordIds must be a UUID/,
    notEchoed: [SQL],
  },
  {
    label: '/replay 1,001 recordIds',
    method: 'post',
    path: '/replay',
    body: { recordIds: Array.from({ length: 1001 }, () => UUID) },
    status: 400,
    message: /recordIds must contain no more than 1000 elements/,
  },
  {
    label: '/replay recordIds as a string',
    method: 'post',
    path: '/replay',
    body: { recordIds: UUID },
    status: 400,
    message: /recordIds must be an array/,
  },
  {
    label: '/replay dryRun as a string',
    method: 'post',
    path: '/replay',
    body: { recordIds: [UUID], dryRun: 'false' },
    status: 400,
    message: /dryRun must be a boolean/,
  },
  {
    label: '/connections/:id/sync full as a string',
    method: 'post',
    path: '/connections/:id/sync',
    body: { full: 'yes' },
    status: 400,
    message: /full must be a boolean/,
  },
  {
    label: '/api-keys name with a NUL byte',
    method: 'post',
    path: '/api-keys',
    body: { name: NUL },
    status: 400,
    message: /name must not contain control characters/,
  },
  {
    label: '/api-keys name empty',
    method: 'post',
    path: '/api-keys',
    body: { name: '' },
    status: 400,
    message: /name must be longer than or equal to 1/,
  },
  {
    label: '/api-keys name as an object',
    method: 'post',
    path: '/api-keys',
    body: { name: { $ne: null } },
    status: 400,
    message: /name must be a string/,
  },
];
