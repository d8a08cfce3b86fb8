import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionBody, createApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;

before(async () => {
  h = await createApiHarness('apimapping');
});
after(async () => {
  await h?.close();
});

const body = (name: string) =>
  connectionBody(name, {
    peoplesoftUrl: 'http://127.0.0.1:1',
    hubspotUrl: 'http://127.0.0.1:2',
    password: 'ps-password-0000',
    token: 'pat-na1-mapping-token-0000',
  });

const BAD_MAPPING = {
  employee: {
    fields: [
      { target: 'firstname', source: 'FIRST_NAME', transforms: ['trim', { op: 'eval' }] },
      { target: 'ml_peoplesoft_id', constant: 'x' },
    ],
  },
  vendor: { fields: [{ target: 'Bad Name', source: 'NAME1' }] },
  payroll: {},
};

test('POST /connections refuses a bad mapping with every issue and its JSON Pointer', async () => {
  const b = body('bad-mapping');
  b.mapping = BAD_MAPPING;
  const res = await h.call('post', '/connections', { body: b });
  assert.equal(res.status, 400, res.text);
  const paths = res.body.issues.map((i: { path: string }) => i.path).sort();
  assert.deepEqual(paths, [
    '/mapping/employee/fields/0/transforms/1/op',
    '/mapping/payroll',
    '/mapping/vendor/fields/0/target',
  ]);
  for (const issue of res.body.issues) assert.ok(issue.message.length > 0);
  assert.match(res.body.message[0], /^mapping is not a valid mapping document: /);
  assert.match(res.body.message[0], /unknown transform 'eval'/);
  assert.ok(res.body.correlationId);
  const names = (await h.call('get', '/connections')).body.map((c: { name: string }) => c.name);
  assert.ok(!names.includes('bad-mapping'), 'nothing was stored');
});

test('a locked property is refused once the document is well-formed', async () => {
  const b = body('locked');
  b.mapping = { employee: { fields: [{ target: 'ml_peoplesoft_id', constant: 'x' }] } };
  const res = await h.call('post', '/connections', { body: b });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body.issues, [
    {
      path: '/mapping/employee/fields/0',
      message: "'ml_peoplesoft_id' is the sync key built from EMPLID; it cannot be changed",
    },
  ]);
});

test('PATCH /connections/:id checks a new mapping and keeps the stored one when it is bad', async () => {
  const good = { employee: { fields: [{ target: 'ml_location', source: 'LOCATION' }] } };
  const b = body('patch-mapping');
  b.mapping = good;
  const created = await h.call('post', '/connections', { body: b });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;

  const bad = await h.call('patch', `/connections/${id}`, {
    body: {
      mapping: { employee: { fields: [{ target: 'jobtitle', drop: true, constant: 'x' }] } },
    },
  });
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(
    bad.body.issues.map((i: { path: string }) => i.path),
    ['/mapping/employee/fields/0'],
  );
  assert.match(bad.body.issues[0].message, /exactly one of/);
  assert.deepEqual((await h.call('get', `/connections/${id}`)).body.mapping, good);

  const notObject = await h.call('patch', `/connections/${id}`, { body: { mapping: [1] } });
  assert.equal(notObject.status, 400);
  assert.match(JSON.stringify(notObject.body.message), /mapping must be an object/);

  const renamed = { vendor: { fields: [{ target: 'phone', rename: 'mobilephone' }] } };
  const ok = await h.call('patch', `/connections/${id}`, { body: { mapping: renamed } });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.mapping, renamed);
  const cleared = await h.call('patch', `/connections/${id}`, { body: { name: 'renamed' } });
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.body.mapping, renamed, 'a PATCH without mapping leaves it alone');
});
