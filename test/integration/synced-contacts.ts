import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { AuditRepository, RecordOutcome } from '@ml/audit';
import type { HubSpotClient } from '@ml/hubspot';

export const ID_PROPERTY = 'ml_peoplesoft_id';

/**
 * Contacts in HubSpot and the sync state the writer leaves for them, without running a sync:
 * each id is upserted on `ml_peoplesoft_id` (first name `First <id>`, the given last name, an
 * email of its own) and audited `created` with the properties sent.
 * Answers the HubSpot id of each PeopleSoft id.
 */
export async function seedSyncedContacts(
  client: HubSpotClient,
  audit: AuditRepository,
  connectionId: string,
  sourceIds: readonly string[],
  lastname: string,
): Promise<Map<string, string>> {
  const propertiesOf = (id: string) => ({
    [ID_PROPERTY]: id,
    firstname: `First ${id}`,
    lastname,
    email: `${id.toLowerCase()}@example.com`,
  });
  await client.ensureProperties('contacts', 'ml_connector', [
    {
      name: ID_PROPERTY,
      label: 'PS id',
      type: 'string',
      fieldType: 'text',
      groupName: 'ml_connector',
      hasUniqueValue: true,
    },
  ]);
  const hubspotIds = new Map<string, string>();
  const runId = randomUUID();
  for (let start = 0; start < sourceIds.length; start += 100) {
    const batch = sourceIds.slice(start, start + 100);
    const outcome = await client.batchUpsert(
      'contacts',
      batch.map((id) => ({ id, idProperty: ID_PROPERTY, properties: propertiesOf(id) })),
    );
    const outcomes: RecordOutcome[] = outcome.inputs.map((input) => {
      assert.ok(input.ok);
      hubspotIds.set(input.id, input.hubspotId);
      const properties = propertiesOf(input.id);
      return {
        connectionId,
        entity: 'employee',
        sourceId: input.id,
        objectType: 'contacts',
        runId,
        eventId: randomUUID(),
        outcome: 'created',
        hubspotId: input.hubspotId,
        payloadHash: createHash('sha256').update(JSON.stringify(properties)).digest('hex'),
        sourceUpdatedAt: '2026-11-28-09.00.00.000000',
        sourceVersion: 1,
        properties,
      };
    });
    await audit.recordOutcomes(outcomes);
  }
  return hubspotIds;
}
