import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { TerminatedPolicy } from '@ml/connections';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { Lifecycle } from '@ml/messaging';
import { employeeEvent, waitFor, WriterWorld } from '@ml/testing';

const TOKEN = 'pat-na1-88888888-2222-4333-8444-555555555555';

/**
 * The terminated-policy on the real writer process: events are published straight to the
 * queue (the poller is covered elsewhere) and HubSpot is the simulator.
 */
describe('terminated-policy archive: a termination archives, a rehire restores', () => {
  let world: WriterWorld;
  let db: DataSource;
  let hubspot: HubSpotSimulator;
  const connections = new Map<TerminatedPolicy, string>();

  before(async () => {
    world = await WriterWorld.start('terminated', TOKEN);
    ({ db, hubspot } = world);
    for (const terminatedPolicy of ['archive', 'set-status'] as const) {
      const id = await world.createConnection(`terminated-${terminatedPolicy}`, {
        terminatedPolicy,
      });
      connections.set(terminatedPolicy, id);
    }
    await world.startWriter();
  });

  after(async () => {
    await world?.stop();
  });

  async function publish(
    policy: TerminatedPolicy,
    emplid: string,
    version: number,
    lifecycle: Lifecycle,
  ) {
    const connectionId = connections.get(policy) as string;
    const status = lifecycle === 'terminated' ? 'T' : 'A';
    await world.publish([
      employeeEvent({
        connectionId,
        emplid,
        properties: { firstname: 'Pat', lastname: emplid, ml_employment_status: status },
        version,
        lifecycle,
        sourceUpdatedAt: `2026-11-2${version}-09.00.00.000000`,
      }),
    ]);
  }

  const state = async (policy: TerminatedPolicy, emplid: string) =>
    (
      (await db.query(
        `SELECT status, hubspot_id, hubspot_archived, source_version FROM sync_records
        WHERE connection_id = $1 AND source_id = $2`,
        [connections.get(policy), emplid],
      )) as Array<{
        status: string;
        hubspot_id: string;
        hubspot_archived: boolean;
        source_version: string;
      }>
    )[0];

  const atVersion = (policy: TerminatedPolicy, emplid: string, version: number) =>
    waitFor(
      `${emplid} written at version ${version}`,
      async () => {
        const s = await state(policy, emplid);
        return s?.status === 'synced' && Number(s.source_version) === version ? s : undefined;
      },
      30_000,
      100,
    );

  it('archives a terminated employee (audit kept) and restores the same object on rehire', async () => {
    await publish('archive', 'T1', 1, 'active');
    const hired = await atVersion('archive', 'T1', 1);
    assert.ok(hubspot.findObject('contacts', 'ml_peoplesoft_id', 'T1'));

    await publish('archive', 'T1', 2, 'terminated');
    const terminated = await atVersion('archive', 'T1', 2);
    assert.equal(terminated.hubspot_archived, true);
    assert.equal(hubspot.findObject('contacts', 'ml_peoplesoft_id', 'T1'), undefined, 'archived');
    const archived = hubspot
      .archivedObjects('contacts')
      .find((o) => o.properties.ml_peoplesoft_id === 'T1');
    assert.equal(archived?.id, hired.hubspot_id);
    assert.equal(archived?.properties.ml_employment_status, 'T', 'status written before archiving');
    const attempts = (await db.query(
      `SELECT a.outcome FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
        WHERE r.connection_id = $1 AND r.source_id = 'T1' ORDER BY a.id`,
      [connections.get('archive')],
    )) as Array<{ outcome: string }>;
    assert.deepEqual(
      attempts.map((a) => a.outcome),
      ['created', 'updated'],
    );
    const archiveCalls = (await db.query(
      `SELECT path FROM hubspot_requests WHERE connection_id = $1 AND path LIKE '%/batch/archive'`,
      [connections.get('archive')],
    )) as unknown[];
    assert.equal(archiveCalls.length, 1, 'the archive call is in the request log');

    await publish('archive', 'T1', 3, 'active');
    const rehired = await atVersion('archive', 'T1', 3);
    assert.equal(rehired.hubspot_archived, false);
    const back = hubspot.findObject('contacts', 'ml_peoplesoft_id', 'T1');
    assert.equal(back?.id, hired.hubspot_id, 'the same object is restored');
    assert.equal(back?.properties.ml_employment_status, 'A');
    assert.deepEqual(hubspot.duplicates(), []);
  });

  it('under the default set-status policy a terminated employee stays, with its status', async () => {
    await publish('set-status', 'S1', 1, 'active');
    await atVersion('set-status', 'S1', 1);
    await publish('set-status', 'S1', 2, 'terminated');
    const s = await atVersion('set-status', 'S1', 2);
    assert.equal(s.hubspot_archived, false);
    assert.equal(
      hubspot.findObject('contacts', 'ml_peoplesoft_id', 'S1')?.properties.ml_employment_status,
      'T',
    );
  });
});
