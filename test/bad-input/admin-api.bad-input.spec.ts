import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  connectionBody,
  createApiHarness,
  secretsSeen,
  type ApiHarness,
  type LooseBody,
} from '../api/api-harness';
import { API_CASES, PASSWORD, TOKEN, type ApiCase } from './corpus/admin-api-requests';

/**
 * The admin-API half of the bad-input corpus: each malformed request against the real API
 * (in-process, real Postgres) must be a 4xx naming the problem, never a 500, never echo a secret,
 * and change nothing in the database.
 */
describe(`${API_CASES.length} malformed admin API requests`, () => {
  let h: ApiHarness;
  let connectionId = '';
  let snapshot = '';

  const body = (name: string): LooseBody =>
    connectionBody(name, {
      peoplesoftUrl: 'http://127.0.0.1:8000',
      hubspotUrl: 'http://127.0.0.1:8100',
      password: PASSWORD,
      token: TOKEN,
    });

  /** Everything a malformed request could have changed. */
  async function state(): Promise<string> {
    const [connections, keys, runs, records] = await Promise.all([
      h.db.query(
        `SELECT id, name, updated_at, peoplesoft, hubspot, schedule FROM connections ORDER BY id`,
      ),
      h.db.query(`SELECT id, name, revoked_at FROM admin_api_keys ORDER BY id`),
      h.db.query(`SELECT id, status FROM sync_runs ORDER BY id`),
      h.db.query(`SELECT count(*)::int AS n FROM sync_records`),
    ]);
    return JSON.stringify({ connections, keys, runs, records });
  }

  before(async () => {
    h = await createApiHarness('badinputapi');
    const created = await h.call('post', '/connections', { body: body('existing') });
    assert.equal(created.status, 201, created.text);
    connectionId = created.body.id;
    snapshot = await state();
  });

  after(async () => {
    await h?.close();
  });

  for (const c of API_CASES) {
    it(`${c.method.toUpperCase()} ${c.label}: ${c.status}`, async () => {
      const res = await send(c);
      // Whatever the request left behind is removed first, so every case is judged on its own.
      const now = await state();
      const stray: Array<{ id: string; name: string }> =
        now === snapshot
          ? []
          : (
              (await h.db.query(`DELETE FROM connections WHERE id <> $1 RETURNING id, name`, [
                connectionId,
              ])) as [Array<{ id: string; name: string }>, number]
            )[0];
      assert.equal(res.status, c.status, `${c.label}: ${res.status} ${res.text.slice(0, 500)}`);
      assert.equal(res.headers['content-type']?.split(';')[0], 'application/json');
      const messages: string[] = Array.isArray(res.body.message)
        ? res.body.message
        : [String(res.body.message)];
      assert.ok(
        messages.some((m) => c.message.test(m)),
        `${c.label}: ${JSON.stringify(messages).slice(0, 800)}`,
      );
      assert.ok(res.body.correlationId, 'every error carries a correlation id');
      assert.ok(!res.text.includes(PASSWORD) && !res.text.includes(TOKEN), 'a secret was echoed');
      for (const echo of c.notEchoed ?? []) {
        assert.ok(
          !res.text.includes(echo),
          `the response echoes ${JSON.stringify(echo.slice(0, 40))}`,
        );
      }
      assert.equal(
        (Object.prototype as Record<string, unknown>)['isAdmin'],
        undefined,
        'Object.prototype was polluted',
      );
      assert.deepEqual(stray, [], 'the database changed: stray connections');
      assert.equal(now, snapshot, 'the database changed');
    });
  }

  it('free text (a connection name) holding SQL and HTML is stored as inert text', async () => {
    const name = `x'); DROP TABLE connections;-- <script>alert(1)</script>`;
    const created = await h.call('post', '/connections', { body: body(name) });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.name, name);
    assert.ok(created.text.includes('<script>') === true, 'JSON answers carry text as is');
    assert.equal(created.headers['content-type']?.split(';')[0], 'application/json');
    const listed = await h.call('get', '/connections');
    assert.ok(listed.body.some((c: { name: string }) => c.name === name));
    assert.equal((await h.call('delete', `/connections/${created.body.id}`)).status, 204);
    assert.equal(await state(), snapshot);
  });

  it('the existing connection still reads back unchanged, and no response carried a secret', async () => {
    const one = await h.call('get', `/connections/${connectionId}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.name, 'existing');
    assert.deepEqual(secretsSeen(h.seen, [PASSWORD, TOKEN]), []);
    assert.ok(API_CASES.length >= 30, `${API_CASES.length} cases`);
  });

  async function send(c: ApiCase) {
    const path = c.path.replace(':id', connectionId);
    if (c.raw !== undefined)
      return h.call(c.method, path, { raw: c.raw, contentType: c.contentType });
    const payload = typeof c.body === 'function' ? c.body(body(`case-${c.label}`)) : c.body;
    return h.call(c.method, path, payload === undefined ? {} : { body: payload });
  }
});
