import { HubSpotClient, HubSpotError, MAX_BATCH_INPUTS, type CrmObjectType } from '@ml/hubspot';
import {
  COMPANY_PROPERTY_DEFINITIONS,
  CONTACT_PROPERTY_DEFINITIONS,
  ID_PROPERTY,
  LAST_SYNCED_PROPERTY,
  PROPERTY_GROUP,
} from '@ml/mapping';
import type { SentRecord } from './database';
import { sleep } from './processes';

export interface RestoreReport {
  readonly contacts: number;
  readonly companies: number;
  readonly failed: number;
  readonly requests: number;
}

const DEFINITIONS = {
  contacts: CONTACT_PROPERTY_DEFINITIONS,
  companies: COMPANY_PROPERTY_DEFINITIONS,
} as const;

/**
 * The HubSpot simulator lives in memory and starts empty; the audit trail says what the last
 * session wrote. This puts it back through the simulator's public API (the connector's own
 * property definitions, then batch upserts keyed on ml_peoplesoft_id, with the demo token), so
 * the next sync finds HubSpot as a real portal would have kept it.
 */
export async function restoreHubSpot(
  hubspotUrl: string,
  token: string,
  records: readonly SentRecord[],
): Promise<RestoreReport> {
  const client = new HubSpotClient({ accessToken: token, baseUrl: hubspotUrl });
  let requests = 0;
  const counts = { contacts: 0, companies: 0, failed: 0 };
  try {
    for (const objectType of ['contacts', 'companies'] as const) {
      if (!records.some((r) => r.objectType === objectType)) continue;
      const report = await withRateLimitRetry(() =>
        client.ensureProperties(
          objectType,
          PROPERTY_GROUP.name,
          DEFINITIONS[objectType].map((d) => ({
            ...d,
            options: d.options?.map((o) => ({ ...o })),
          })),
          PROPERTY_GROUP.label,
        ),
      );
      requests += report.requests.length;
    }
    // Records are in HubSpot-id order; consecutive runs of one object type make one batch.
    for (const batch of batches(records)) {
      const objectType = batch[0]?.objectType as CrmObjectType;
      const outcome = await withRateLimitRetry(() =>
        client.batchUpsert(
          objectType,
          batch.map((r) => ({
            id: r.properties[ID_PROPERTY] ?? r.sourceId,
            idProperty: ID_PROPERTY,
            properties: { ...r.properties, [LAST_SYNCED_PROPERTY]: r.attemptedAt.toISOString() },
          })),
        ),
      );
      requests += 1;
      counts[batch[0]?.objectType ?? 'contacts'] += outcome.succeeded;
      counts.failed += outcome.failed;
    }
  } finally {
    await client.close();
  }
  return { ...counts, requests };
}

function batches(records: readonly SentRecord[]): SentRecord[][] {
  const out: SentRecord[][] = [];
  let current: SentRecord[] = [];
  for (const record of records) {
    const head = current[0];
    if (head && (head.objectType !== record.objectType || current.length >= MAX_BATCH_INPUTS)) {
      out.push(current);
      current = [];
    }
    current.push(record);
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function withRateLimitRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof HubSpotError) || error.kind !== 'rate-limited' || attempt >= 5) {
        throw error;
      }
      await sleep(error.retryAfterMs ?? 10_000);
    }
  }
}
