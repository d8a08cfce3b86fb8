import type { DataSource } from 'typeorm';
import { HubSpotClient } from '@ml/hubspot';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';

const ID = 'ml_peoplesoft_id';

/** What the writer sends for one employee with the default mapping (connector-owned values). */
export function syncedEmployee(i: number): {
  sourceId: string;
  properties: Record<string, string>;
} {
  const sourceId = `RC${String(i).padStart(7, '0')}`;
  return {
    sourceId,
    properties: {
      [ID]: sourceId,
      email: `${sourceId.toLowerCase()}@bench.example.com`,
      firstname: `First${i}`,
      lastname: 'Reconcile',
      jobtitle: 'Senior Analyst',
      phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
    },
  };
}

/**
 * Puts `records` employees in HubSpot and in ml-connector's sync state exactly as a finished
 * sync leaves them, in seconds instead of the hours a rate-limited sync of 100,000 takes:
 * - HubSpot: batch upserts on the simulator with another app's token (its own rate window)
 *   and the portal limit lifted meanwhile, then put back;
 * - Postgres, set-based: `sync_records` (synced, with the HubSpot id), the `sync_attempts` row
 *   of the write with the properties sent (what a reconcile compares with), `source_records`
 *   (PeopleSoft's emitted state, which a reconcile scans for records that never arrived).
 * Nothing else is read by a reconciliation.
 */
export async function seedSyncedEmployees(
  hubspot: HubSpotSimulator,
  seedToken: string,
  db: DataSource,
  connectionId: string,
  records: number,
): Promise<void> {
  const limits = hubspot.limits;
  hubspot.setLimits({ requestsPer10s: 1_000_000 });
  const client = new HubSpotClient({ accessToken: seedToken, baseUrl: hubspot.url });
  const sourceIds: string[] = [];
  const hubspotIds: string[] = [];
  const sent: string[] = [];
  try {
    await client.ensureProperties('contacts', 'ml_connector', [
      {
        name: ID,
        label: 'PeopleSoft id',
        type: 'string',
        fieldType: 'text',
        groupName: 'ml_connector',
        hasUniqueValue: true,
      },
    ]);
    for (let start = 0; start < records; start += 100) {
      const batch = Array.from({ length: Math.min(100, records - start) }, (_, k) =>
        syncedEmployee(start + k),
      );
      const outcome = await client.batchUpsert(
        'contacts',
        batch.map((e) => ({ id: e.sourceId, idProperty: ID, properties: e.properties })),
      );
      for (const [k, input] of outcome.inputs.entries()) {
        if (!input.ok) throw new Error(`seeding HubSpot failed for ${input.id}`);
        sourceIds.push(input.id);
        hubspotIds.push(input.hubspotId);
        sent.push(JSON.stringify(batch[k]?.properties));
      }
    }
  } finally {
    await client.close();
    hubspot.setLimits({ requestsPer10s: limits.requestsPer10s });
  }
  await db.query(
    `WITH t AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(source_id, hubspot_id, sent)),
     r AS (
       INSERT INTO sync_records (connection_id, entity, source_id, object_type, hubspot_id, status,
                                 attempts, synced_hash, source_updated_at, source_version,
                                 synced_at, updated_at)
       SELECT $1, 'employee', t.source_id, 'contacts', t.hubspot_id, 'synced', 1,
              md5(t.sent::text), '2026-11-01-10.00.00.000000', 1, now(), now()
         FROM t
       RETURNING id, source_id, hubspot_id, synced_hash)
     INSERT INTO sync_attempts (record_id, run_id, event_id, outcome, hubspot_id, payload_hash,
                                properties, correlation_id, attempted_at)
     SELECT r.id, NULL, md5('event' || r.source_id), 'created', r.hubspot_id, r.synced_hash,
            t.sent, md5('correlation' || r.source_id), now()
       FROM r JOIN t USING (source_id)`,
    [connectionId, sourceIds, hubspotIds, sent],
  );
  await db.query(
    `INSERT INTO source_records (connection_id, entity, source_id, content_hash,
                                 source_updated_at, version)
     SELECT $1, 'employee', source_id, synced_hash, source_updated_at, 1
       FROM sync_records WHERE connection_id = $1`,
    [connectionId],
  );
  for (const table of ['sync_records', 'sync_attempts', 'source_records']) {
    await db.query(`ANALYZE ${table}`);
  }
}
