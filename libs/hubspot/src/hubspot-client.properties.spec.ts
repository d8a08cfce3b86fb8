import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { HubSpotClient } from './hubspot-client';
import { PropertyMismatchError } from './hubspot-error';
import type { PropertyDefinition } from './property-types';

const token = 'svc-key-properties-spec';
const GROUP = 'ml_connector';
const DEFINITIONS: PropertyDefinition[] = [
  {
    name: 'ml_id',
    label: 'ML id',
    type: 'string',
    fieldType: 'text',
    groupName: GROUP,
    hasUniqueValue: true,
  },
  {
    name: 'ml_status',
    label: 'ML status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: GROUP,
    options: [
      { label: 'Active', value: 'A' },
      { label: 'Inactive', value: 'I' },
    ],
  },
  {
    name: 'ml_last_synced',
    label: 'Last synced',
    type: 'datetime',
    fieldType: 'date',
    groupName: GROUP,
    description: 'When the connector last wrote this record',
  },
];

describe('HubSpotClient.ensureProperties against the simulator', () => {
  const simulator = new HubSpotSimulator({ tokens: [token] });
  let client: HubSpotClient;

  before(async () => {
    client = new HubSpotClient({ accessToken: token, baseUrl: await simulator.start(0) });
  });
  after(async () => {
    await client.close();
    await simulator.stop();
  });
  beforeEach(() => simulator.reset());

  it('creates the group and the properties, then finds them all on the next run', async () => {
    const first = await client.ensureProperties('companies', GROUP, DEFINITIONS, 'ML Connector');
    assert.equal(first.groupCreated, true);
    assert.deepEqual(first.created, ['ml_id', 'ml_status', 'ml_last_synced']);
    assert.deepEqual(first.existing, []);
    assert.equal(first.requests.length, 2 + DEFINITIONS.length);
    assert.ok(
      first.requests.every((request) => request.path.startsWith('/crm/properties/2026-09/')),
    );

    const second = await client.ensureProperties('companies', GROUP, DEFINITIONS, 'ML Connector');
    assert.equal(second.groupCreated, false);
    assert.deepEqual(second.created, []);
    assert.deepEqual(second.existing, ['ml_id', 'ml_status', 'ml_last_synced']);
    assert.equal(second.requests.length, 2);
    // The portal's own properties come with the report, with no further request.
    const portal = new Set(second.portalProperties);
    for (const name of ['name', 'domain', 'ml_id', 'ml_status']) assert.ok(portal.has(name), name);
    assert.ok(first.portalProperties.includes('ml_status'), 'created ones are counted too');
    assert.ok(!portal.has('favourite_color'));

    const idProperty = simulator.properties('companies').find((p) => p.name === 'ml_id');
    assert.equal(idProperty?.hasUniqueValue, true);
    assert.equal(idProperty?.groupName, GROUP);
    assert.equal(
      simulator.properties('companies').find((p) => p.name === 'ml_last_synced')?.description,
      'When the connector last wrote this record',
    );
  });

  it('lets two replicas bootstrap at once without failing or duplicating', async () => {
    const other = new HubSpotClient({ accessToken: token, baseUrl: simulator.url });
    try {
      const reports = await Promise.all([
        client.ensureProperties('contacts', GROUP, DEFINITIONS),
        other.ensureProperties('contacts', GROUP, DEFINITIONS),
      ]);
      const created = reports.flatMap((report) => report.created).sort();
      const existing = reports.flatMap((report) => report.existing);
      assert.deepEqual(
        [...created, ...existing].sort(),
        [...DEFINITIONS, ...DEFINITIONS].map((d) => d.name).sort(),
      );
      assert.equal(created.length, DEFINITIONS.length);
      assert.equal(
        simulator.properties('contacts').filter((p) => p.name.startsWith('ml_')).length,
        3,
      );
    } finally {
      await other.close();
    }
  });

  it('reports every mismatch after creating what was missing', async () => {
    await client.ensureProperties('contacts', GROUP, [
      { ...DEFINITIONS[0], hasUniqueValue: false },
      { ...DEFINITIONS[1], options: [{ label: 'Active', value: 'A' }] },
    ]);
    await assert.rejects(
      client.ensureProperties('contacts', GROUP, DEFINITIONS),
      (error: unknown) => {
        assert.ok(error instanceof PropertyMismatchError);
        assert.equal(error.objectType, 'contacts');
        assert.deepEqual(
          error.mismatches.map((mismatch) => mismatch.name),
          ['ml_id', 'ml_status'],
        );
        assert.match(error.message, /hasUniqueValue=false but true is required/);
        assert.match(error.message, /lacks the option values \[I\]/);
        return true;
      },
    );
    assert.ok(simulator.properties('contacts').some((p) => p.name === 'ml_last_synced'));
  });

  it('lists the properties with their uniqueness and options', async () => {
    await client.ensureProperties('contacts', GROUP, DEFINITIONS);
    const { data } = await client.listProperties('contacts');
    const byName = new Map(data.map((property) => [property.name, property]));
    assert.equal(byName.get('email')?.hubspotDefined, true);
    assert.equal(byName.get('ml_id')?.hasUniqueValue, true);
    assert.deepEqual(
      byName.get('ml_status')?.options.map((option) => option.value),
      ['A', 'I'],
    );
  });
});
