import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { HubSpotClient } from './hubspot-client';

const token = 'svc-key-readback-spec';
const ID = 'ml_peoplesoft_id';

describe('HubSpotClient read-back (archive, merge, list archived) against the simulator', () => {
  const simulator = new HubSpotSimulator({ tokens: [token] });
  let client: HubSpotClient;

  before(async () => {
    client = new HubSpotClient({ accessToken: token, baseUrl: await simulator.start(0) });
  });
  after(async () => {
    await client.close();
    await simulator.stop();
  });
  beforeEach(async () => {
    simulator.reset();
    await client.ensureProperties('contacts', 'ml_connector', [
      {
        name: ID,
        label: 'PS id',
        type: 'string',
        fieldType: 'text',
        groupName: 'ml_connector',
        hasUniqueValue: true,
      },
    ]);
  });

  async function upsert(ids: string[]): Promise<Map<string, string>> {
    const outcome = await client.batchUpsert(
      'contacts',
      ids.map((id) => ({ id, idProperty: ID, properties: { firstname: id } })),
    );
    return new Map(outcome.inputs.map((i) => [i.id, i.ok ? i.hubspotId : assert.fail(i.message)]));
  }

  it('archives by id: the object leaves the list, shows with archived=true, and archiving again is a no-op', async () => {
    const ids = await upsert(['E1', 'E2']);
    const archived = await client.batchArchive('contacts', [ids.get('E1') as string]);
    assert.equal(archived.request.status, 204);
    await client.batchArchive('contacts', [ids.get('E1') as string, '999999']);
    const live = await client.listObjects('contacts', { properties: [ID] });
    assert.deepEqual(
      live.data.results.map((o) => o.properties[ID]),
      ['E2'],
    );
    const gone = await client.listObjects('contacts', { properties: [ID], archived: true });
    assert.deepEqual(
      gone.data.results.map((o) => [o.properties[ID], o.archived]),
      [['E1', true]],
    );
    const read = await client.batchRead('contacts', ['E1', 'E2'], { idProperty: ID });
    assert.deepEqual(read.data.missing, ['E1']);
  });

  it('an upsert on an archived id restores the same object (restore mode) or creates a new one (recreate mode)', async () => {
    const ids = await upsert(['E1', 'E2']);
    await client.batchArchive('contacts', [ids.get('E1') as string, ids.get('E2') as string]);
    const restored = await upsert(['E1']);
    assert.equal(restored.get('E1'), ids.get('E1'));
    simulator.setArchivedUpsertMode('recreate');
    const recreated = await upsert(['E2']);
    assert.notEqual(recreated.get('E2'), ids.get('E2'));
    assert.equal(simulator.objects('contacts').length, 2);
  });

  it('a merged-away id answers with the survivor, whose unique id is the primary one', async () => {
    const ids = await upsert(['E1', 'E2']);
    const survivor = simulator.userMerge(
      'contacts',
      ids.get('E1') as string,
      ids.get('E2') as string,
    );
    assert.equal(survivor?.id, ids.get('E1'));
    const read = await client.batchRead('contacts', [ids.get('E2') as string], {
      properties: [ID],
    });
    assert.deepEqual(read.data.missing, []);
    assert.deepEqual(read.data.merged, { [ids.get('E2') as string]: ids.get('E1') });
    assert.equal(read.data.results[0]?.properties[ID], 'E1');
    const byUnique = await client.batchRead('contacts', ['E2'], { idProperty: ID });
    assert.deepEqual(
      byUnique.data.missing,
      ['E2'],
      "the merged-away record's unique value was dropped",
    );
  });

  it('with merges creating a new record, both old ids resolve to it', async () => {
    const ids = await upsert(['E1', 'E2']);
    const survivor = simulator.userMerge(
      'contacts',
      ids.get('E1') as string,
      ids.get('E2') as string,
      true,
    );
    assert.ok(survivor && survivor.id !== ids.get('E1') && survivor.id !== ids.get('E2'));
    const read = await client.batchRead('contacts', [...ids.values()]);
    assert.deepEqual(read.data.missing, []);
    assert.deepEqual(Object.values(read.data.merged), [survivor.id, survivor.id]);
  });
});
