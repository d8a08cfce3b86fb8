import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HubSpotSimulator } from './hubspot-simulator';

const token = 'pat-na1-56565656-3434-4565-8787-909090909090';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('HubSpotSimulator read-back: archive, merge, user edits, webhooks', () => {
  const simulator = new HubSpotSimulator({ tokens: [token], requestsPer10s: 1000 });
  let base = '';
  let receiver: Server;
  let receiverUrl = '';
  const deliveries: Delivery[] = [];

  const api = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${base}/__sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  async function upsert(ids: string[]): Promise<string[]> {
    const response = await api('/crm/objects/2026-09/contacts/batch/upsert', 'POST', {
      inputs: ids.map((id) => ({
        id,
        idProperty: 'ml_id',
        properties: { firstname: id, email: `${id.toLowerCase()}@example.com` },
      })),
    });
    const body = (await response.json()) as {
      results: Array<{ id: string; properties: { ml_id: string } }>;
    };
    return ids.map((id) => body.results.find((r) => r.properties.ml_id === id)?.id ?? '');
  }

  before(async () => {
    base = await simulator.start(0);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/hubspot`;
  });
  after(async () => {
    await simulator.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(async () => {
    simulator.reset();
    deliveries.length = 0;
    await api('/crm/properties/2026-09/contacts', 'POST', {
      name: 'ml_id',
      label: 'ML id',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
      hasUniqueValue: true,
    });
  });

  it('archives through the API (batch and single DELETE) and lists archived objects apart', async () => {
    const [a, b, c] = await upsert(['A', 'B', 'C']);
    assert.equal(
      (await api('/crm/objects/2026-09/contacts/batch/archive', 'POST', { inputs: [{ id: a }] }))
        .status,
      204,
    );
    assert.equal((await api(`/crm/v3/objects/contacts/${b}`, 'DELETE')).status, 204);
    const live = (await (
      await api('/crm/v3/objects/contacts?limit=100&properties=ml_id')
    ).json()) as {
      results: Array<{ id: string }>;
    };
    assert.deepEqual(
      live.results.map((o) => o.id),
      [c],
    );
    const archived = (await (
      await api('/crm/v3/objects/contacts?limit=100&archived=true&properties=ml_id')
    ).json()) as { results: Array<{ id: string; archived: boolean }> };
    assert.deepEqual(
      archived.results.map((o) => [o.id, o.archived]),
      [
        [a, true],
        [b, true],
      ],
    );
    assert.equal(simulator.state(false).archivedCounts.contacts, 2);
  });

  it("a merge keeps the primary's values, drops the other's unique values and resolves its id", async () => {
    const [a, b] = await upsert(['A', 'B']);
    const merged = await control('objects/merge', {
      objectType: 'contacts',
      primaryId: a,
      mergedId: b,
    });
    assert.equal(merged.status, 200);
    const properties = merged.body.properties as Record<string, string>;
    assert.equal(properties.ml_id, 'A');
    assert.equal(properties.hs_merged_object_ids, b);
    assert.equal(properties.hs_additional_emails, 'b@example.com');
    assert.equal(simulator.findObject('contacts', 'ml_id', 'B'), undefined);
    const read = (await (
      await api('/crm/v3/objects/contacts/batch/read', 'POST', {
        inputs: [{ id: b }],
        properties: ['ml_id'],
      })
    ).json()) as { results: Array<{ id: string; properties: { ml_id: string } }> };
    assert.deepEqual(
      read.results.map((r) => [r.id, r.properties.ml_id]),
      [[a, 'A']],
    );
  });

  it('edits a property as a rep would, and refuses unknown objects', async () => {
    const [a] = await upsert(['A']);
    const edited = await control('objects/edit', {
      objectType: 'contacts',
      id: a,
      properties: { firstname: 'Rep' },
    });
    assert.equal(edited.status, 200);
    assert.equal(simulator.findObject('contacts', 'ml_id', 'A')?.properties.firstname, 'Rep');
    assert.equal(
      (await control('objects/edit', { objectType: 'contacts', id: '1', properties: {} })).status,
      404,
    );
    assert.equal((await control('objects/archive', { objectType: 'nope', id: a })).status, 400);
  });

  it('delivers user events signed with v3, and the knobs forge, age and replay them', async () => {
    const secret = 'app-client-secret-1234';
    assert.equal(
      (await control('webhooks', { url: receiverUrl, clientSecret: secret, appId: 7 })).status,
      200,
    );
    const [a, b] = await upsert(['A', 'B']);
    await control('objects/archive', { objectType: 'contacts', id: a });
    await control('objects/edit', {
      objectType: 'contacts',
      id: b,
      properties: { firstname: 'Rep' },
    });
    assert.equal(simulator.state(false).pendingWebhookEvents, 2);
    const report = await control('webhooks/flush', {});
    assert.equal(report.body.status, 204);
    const first = deliveries[0] as Delivery;
    const events = JSON.parse(first.body) as Array<Record<string, unknown>>;
    assert.deepEqual(
      events.map((e) => [e.subscriptionType, String(e.objectId), e.changeSource, e.appId]),
      [
        ['contact.deletion', a, 'CRM_UI', 7],
        ['contact.propertyChange', b, 'CRM_UI', 7],
      ],
    );
    const timestamp = first.headers['x-hubspot-request-timestamp'] as string;
    const expected = createHmac('sha256', secret)
      .update(`POST${receiverUrl}${first.body}${timestamp}`)
      .digest('base64');
    assert.equal(first.headers['x-hubspot-signature-v3'], expected);
    assert.ok(Math.abs(Date.now() - Number(timestamp)) < 5_000);

    await control('webhooks/flush', {
      replayEventIds: report.body.eventIds,
      wrongSecret: 'forged',
      timestampSkewMs: -600_000,
    });
    const replay = deliveries[1] as Delivery;
    assert.equal(
      (JSON.parse(replay.body) as Array<{ eventId: number }>).map((e) => e.eventId).join(),
      (report.body.eventIds as number[]).join(),
    );
    const replayTs = replay.headers['x-hubspot-request-timestamp'] as string;
    assert.ok(Date.now() - Number(replayTs) > 590_000, 'stale timestamp');
    const honest = createHmac('sha256', secret)
      .update(`POST${receiverUrl}${replay.body}${replayTs}`)
      .digest('base64');
    assert.notEqual(replay.headers['x-hubspot-signature-v3'], honest, 'forged signature');
  });

  it('upserting an archived id restores it, or recreates it in recreate mode', async () => {
    const [a, b] = await upsert(['A', 'B']);
    simulator.userArchive('contacts', a as string);
    simulator.userArchive('contacts', b as string);
    assert.deepEqual(await upsert(['A']), [a]);
    assert.equal((await control('archived-upsert-mode', { mode: 'recreate' })).status, 200);
    const [b2] = await upsert(['B']);
    assert.notEqual(b2, b);
    assert.equal(simulator.duplicates().length, 0);
  });
});
