import type { EntityManager } from 'typeorm';
import type { RecordOutcome } from '@ml/audit';
import type { ChangeEvent } from '@ml/messaging';
import { outcomeOf } from './batch-decisions';

/**
 * Follows merges made in HubSpot (found by a reconcile or a webhook): a record whose object
 * was merged away has lost its `ml_peoplesoft_id` to the survivor, so upserting it by that id
 * would recreate the duplicate the rep merged away. Such events are taken out of `toSend`
 * (in place) and audited as failed with why; writing them needs a human decision (unmerge in
 * HubSpot, then reconcile). Returns their outcomes.
 */
export async function parkMergedAway<T extends { readonly event: ChangeEvent }>(
  manager: EntityManager,
  toSend: T[],
): Promise<RecordOutcome[]> {
  const first = toSend[0]?.event;
  if (!first) return [];
  const rows: Array<{ source_id: string; merged_into: string }> = await manager.query(
    // One index probe per record (see AuditRepository.findStates for why LATERAL).
    `SELECT r.source_id, r.merged_into FROM unnest($3::text[]) AS k(source_id)
       JOIN LATERAL (
         SELECT source_id, merged_into FROM sync_records
          WHERE connection_id = $1 AND entity = $2 AND source_id = k.source_id
            AND merged_into IS NOT NULL
          LIMIT 1
       ) r ON true`,
    [first.connectionId, first.entity, toSend.map((item) => item.event.sourceId)],
  );
  if (rows.length === 0) return [];
  const mergedInto = new Map(rows.map((r) => [r.source_id, r.merged_into]));
  const parked: RecordOutcome[] = [];
  for (let i = toSend.length - 1; i >= 0; i--) {
    const e = (toSend[i] as T).event;
    const survivor = mergedInto.get(e.sourceId);
    if (survivor === undefined) continue;
    toSend.splice(i, 1);
    parked.push({
      ...outcomeOf(e, 'failed'),
      hubspotId: survivor,
      properties: e.properties,
      errorCategory: 'MERGED_IN_HUBSPOT',
      errorMessage:
        `merged into HubSpot object ${survivor}, which kept another record's PeopleSoft id: ` +
        'not recreated. Unmerge it in HubSpot and reconcile to write it again.',
    });
  }
  return parked.reverse();
}
