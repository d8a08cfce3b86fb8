import { performance } from 'node:perf_hooks';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import { perSecond } from './stats';

/**
 * The HubSpot simulator's own upsert speed on this machine: batches of 100 contacts it already
 * holds, re-upserted on their unique id with `concurrency` requests in flight, by a bare fetch
 * loop. A reference for the pipeline: it cannot go faster than the HubSpot it writes to.
 */
export async function rawUpsertSpeed(
  hubspot: HubSpotSimulator,
  token: string,
  requests: number,
  concurrency = 4,
): Promise<number> {
  const ids = hubspot
    .objects('contacts')
    .map((c) => c.properties.ml_peoplesoft_id)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length < 100) throw new Error('the simulator holds too few contacts for a reference');
  const url = `${hubspot.url}/crm/objects/2026-09/contacts/batch/upsert`;
  const bodyFor = (n: number) =>
    JSON.stringify({
      inputs: Array.from({ length: 100 }, (_, i) => ({
        idProperty: 'ml_peoplesoft_id',
        id: ids[(n * 100 + i) % ids.length],
        properties: { jobtitle: `Reference ${n}` },
      })),
    });
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < requests) {
      const body = bodyFor(next++);
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status >= 300) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  if (failures > 0) throw new Error(`${failures} of ${requests} reference upserts failed`);
  return perSecond(requests * 100, elapsed);
}
