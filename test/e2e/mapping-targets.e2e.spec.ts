import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { HubSpotClient } from '@ml/hubspot';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { ChangeEvent } from '@ml/messaging';
import { employeeEvent, waitFor, WriterWorld } from '@ml/testing';

const TOKEN = 'pat-na1-77777777-2222-4333-8444-555555555555';
const MAPPING = {
  employee: { fields: [{ target: 'favourite_color', source: 'JOBCODE' }] },
};

interface RecordRow {
  readonly source_id: string;
  readonly status: string;
  readonly last_error: string | null;
}

/**
 * The writer's bootstrap checks that the properties a connection's mapping writes exist in
 * HubSpot. Events go straight to the queue (the poller is covered elsewhere); HubSpot is the
 * simulator, which has no 'favourite_color' contact property until the test creates it.
 */
describe("a mapping override whose target HubSpot lacks: failed at the writer's bootstrap", () => {
  let world: WriterWorld;
  let db: DataSource;
  let hubspot: HubSpotSimulator;
  let overridden: string;
  let plain: string;

  before(async () => {
    world = await WriterWorld.start('mappingtargets', TOKEN);
    ({ db, hubspot } = world);
    overridden = await world.createConnection('targets-overridden', { mapping: MAPPING });
    plain = await world.createConnection('targets-plain');
    await world.startWriter();
  });

  after(async () => {
    await world?.stop();
  });

  /** What the poller publishes for an employee (a replay publishes the same event again). */
  function eventFor(connectionId: string, emplid: string, withColor: boolean): ChangeEvent {
    return employeeEvent({
      connectionId,
      emplid,
      properties: {
        firstname: 'Pat',
        lastname: emplid,
        ml_employment_status: 'A',
        ...(withColor ? { favourite_color: '1234' } : {}),
      },
      sourceUpdatedAt: '2026-11-27-09.00.00.000000',
    });
  }

  const publish = (events: ChangeEvent[]) => world.publish(events);

  const recordsOf = async (connectionId: string) =>
    new Map(
      (
        (await db.query(
          `SELECT source_id, status, last_error FROM sync_records WHERE connection_id = $1`,
          [connectionId],
        )) as RecordRow[]
      ).map((row) => [row.source_id, row]),
    );

  const settled = (connectionId: string, ids: string[], status: string) =>
    waitFor(
      `${ids.join(', ')} ${status}`,
      async () => {
        const records = await recordsOf(connectionId);
        return ids.every((id) => records.get(id)?.status === status) ? records : undefined;
      },
      30_000,
      100,
    );

  const upsertsOf = async (connectionId: string) =>
    Number(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM hubspot_requests
            WHERE connection_id = $1 AND path LIKE '%/batch/upsert'`,
          [connectionId],
        )
      )[0].n,
    );

  it('fails the records with a reason naming the property and entry, sends nothing, and syncs them on replay once the property exists', async () => {
    const failing = ['MT1', 'MT2'].map((id) => eventFor(overridden, id, true));
    await publish([...failing, eventFor(plain, 'PL1', false)]);

    // The other connection is written as usual: the writer has not stopped.
    await settled(plain, ['PL1'], 'synced');
    assert.ok(hubspot.findObject('contacts', 'ml_peoplesoft_id', 'PL1'));

    const failed = await settled(overridden, ['MT1', 'MT2'], 'failed');
    for (const id of ['MT1', 'MT2']) {
      assert.match(
        failed.get(id)?.last_error ?? '',
        /^HubSpot contacts have no property 'favourite_color', which the employee mapping writes: create it in HubSpot .* \(entry \/employee\/fields\/0\)$/,
      );
      assert.equal(hubspot.findObject('contacts', 'ml_peoplesoft_id', id), undefined);
    }
    assert.equal(await upsertsOf(overridden), 0, 'no upsert was sent for them');
    const attempts = (await db.query(
      `SELECT a.outcome, a.error_category FROM sync_attempts a
         JOIN sync_records r ON r.id = a.record_id WHERE r.connection_id = $1`,
      [overridden],
    )) as Array<{ outcome: string; error_category: string }>;
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.error_category]),
      [
        ['failed', 'MAPPING_PROPERTY_MISSING'],
        ['failed', 'MAPPING_PROPERTY_MISSING'],
      ],
    );
    const connection = (await db.query(`SELECT attention FROM connections WHERE id = $1`, [
      overridden,
    ])) as Array<{ attention: string | null }>;
    assert.equal(connection[0]?.attention, null, 'the connection is not stopped');

    // Someone creates the property in HubSpot; the replay publishes the records again.
    const client = new HubSpotClient({ accessToken: TOKEN, baseUrl: world.hubspotUrl });
    try {
      await client.ensureProperties('contacts', 'contactinformation', [
        {
          name: 'favourite_color',
          label: 'Favourite colour',
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
        },
      ]);
    } finally {
      await client.close();
    }
    await publish(failing);
    await settled(overridden, ['MT1', 'MT2'], 'synced');
    for (const id of ['MT1', 'MT2']) {
      const contact = hubspot.findObject('contacts', 'ml_peoplesoft_id', id);
      assert.equal(contact?.properties.favourite_color, '1234');
    }
    assert.ok((await upsertsOf(overridden)) > 0);
    assert.deepEqual(hubspot.duplicates(), []);
  });
});
