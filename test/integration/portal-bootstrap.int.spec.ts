import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConnectionsModule, ConnectionsService, type ConnectionWithSecrets } from '@ml/connections';
import { HubSpotBudgetModule } from '@ml/hubspot-budget';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  type TestEnvironment,
} from '@ml/testing';
import { HubSpotPortFactory } from '../../apps/writer/src/write-batch/hubspot-port.factory';
import { PortalBootstrapsRepository } from '../../apps/writer/src/write-batch/portal-bootstraps.repository';

const TOKEN = 'pat-na1-b0075742-0000-4000-8000-000000000001';

let env: TestEnvironment;
let hubspot: HubSpotSimulator;
let connection: ConnectionWithSecrets;
const replicas: TestingModule[] = [];

/** A writer replica's port factory: its own Nest module and pool, as a separate process has. */
async function replica(): Promise<HubSpotPortFactory> {
  const moduleRef = await compileOnDatabase(env.config, {
    imports: [ConnectionsModule, HubSpotBudgetModule],
    providers: [HubSpotPortFactory, PortalBootstrapsRepository],
  });
  replicas.push(moduleRef);
  return moduleRef.get(HubSpotPortFactory);
}

/** The HubSpot requests `work` made (and the property lists among them), and what it returned. */
async function counting<T>(
  work: () => Promise<T>,
): Promise<{ requests: number; lists: number; value: T }> {
  const lists = () => hubspot.counterSnapshot().requestsByOperation['list-properties'] ?? 0;
  const [requests0, lists0] = [hubspot.counterSnapshot().totalRequests, lists()];
  const value = await work();
  return {
    requests: hubspot.counterSnapshot().totalRequests - requests0,
    lists: lists() - lists0,
    value,
  };
}

const portOf = async (factory: Promise<HubSpotPortFactory> | HubSpotPortFactory) =>
  (await factory).forConnection(connection);

before(async () => {
  env = await createTestEnvironment('bootstrap');
  hubspot = new HubSpotSimulator({ tokens: [TOKEN], timeZone: 'Pacific/Auckland' });
  const hubspotUrl = await hubspot.start();
  await replica();
  const connections = replicas[0]?.get(ConnectionsService);
  assert.ok(connections);
  const created = await connections.create(
    connectionFixture('bootstrap', {
      peoplesoftUrl: 'http://127.0.0.1:9',
      hubspotUrl,
      hubspotToken: TOKEN,
    }),
  );
  const found = await connections.withSecrets(created.id);
  assert.ok(found);
  connection = found;
});

after(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await hubspot?.stop();
  await env?.destroy();
});

test('replicas starting together bootstrap once between them, and all learn the same portal', async () => {
  const ports = await Promise.all([replica(), replica(), replica()].map(portOf));
  const together = await counting(() =>
    Promise.all(ports.map((port) => port.portalProperties('contacts'))),
  );
  assert.equal(together.lists, 1, 'one replica read the portal; the others waited and reused it');
  assert.ok(together.requests >= 3, `the bootstrap asked HubSpot (${together.requests} requests)`);
  const [first, ...others] = together.value.map((names) => [...names].sort());
  assert.ok(first?.includes('ml_peoplesoft_id'));
  for (const names of others) assert.deepEqual(names, first);
  for (const port of ports) assert.equal(port.timeZone, 'Pacific/Auckland');

  const later = await portOf(replica());
  const reused = await counting(() => later.portalProperties('contacts'));
  assert.equal(reused.requests, 0, 'a replica starting later reuses the recent bootstrap');
  assert.deepEqual([...reused.value].sort(), first);
  assert.equal(later.timeZone, 'Pacific/Auckland');
});

test('a property found missing, an old result or other definitions make a replica ask HubSpot', async () => {
  const db = (replicas[0] as TestingModule).get(DataSource);
  const lists = async (prepare: () => Promise<unknown>) => {
    await prepare();
    const port = await portOf(replica());
    return (await counting(() => port.portalProperties('contacts'))).lists;
  };
  assert.equal(await lists(async () => undefined), 0, 'recent, the same definitions: reused');
  assert.equal(
    await lists(() =>
      db.query(`UPDATE hubspot_portal_bootstraps SET checked_at = now() - interval '2 hours'`),
    ),
    1,
    'older than an hour',
  );
  assert.equal(
    await lists(() =>
      db.query(`UPDATE hubspot_portal_bootstraps SET definitions_hash = 'an older connector'`),
    ),
    1,
    'written for other property definitions',
  );
  assert.equal(await lists(async () => undefined), 0, 'each of those left a recent result');

  const port = await portOf(replica());
  await port.portalProperties('contacts');
  port.forgetBootstrap('contacts');
  const again = await counting(() => port.portalProperties('contacts'));
  assert.equal(again.lists, 1, 'forgetBootstrap reads the portal itself, not the shared result');
});
