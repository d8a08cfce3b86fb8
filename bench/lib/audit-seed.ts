import type { DataSource } from 'typeorm';

/**
 * Fills sync_records and sync_attempts the way months of syncing would: `attempts` / 2 records
 * spread over the connections and 30 days, each created once and then updated (about a third),
 * unchanged (most) or failed (2 %, in every connection alike: the failure pattern is g / 10, the
 * connection g % 10). Set-based SQL, so a million rows take seconds, not minutes.
 */
export async function seedAuditTrail(
  db: DataSource,
  connectionIds: readonly string[],
  attempts: number,
): Promise<void> {
  const records = Math.floor(attempts / 2);
  const spacingMs = Math.max(1, Math.floor((30 * 86_400_000) / records));
  await db.query(
    `INSERT INTO sync_records (connection_id, entity, source_id, object_type, hubspot_id, status,
                               attempts, last_error, synced_hash, source_updated_at, synced_at,
                               updated_at)
     SELECT ($1::uuid[])[1 + g % cardinality($1::uuid[])], 'employee',
            'KU' || lpad(g::text, 9, '0'), 'contacts', (51000000 + g)::text,
            CASE WHEN (g / 10) % 50 = 7 THEN 'failed' ELSE 'synced' END, 2,
            CASE WHEN (g / 10) % 50 = 7 THEN 'EMAIL_ADDR ''kU' || g || '@'' is not a valid email' END,
            md5(g::text), '2026-11-01-10.00.00.000000', t.at, t.at
       FROM generate_series(1, $2::int) g,
            LATERAL (SELECT now() - g * ($3::int * interval '1 millisecond') AS at) t`,
    [connectionIds, records, spacingMs],
  );
  await db.query(
    `INSERT INTO sync_attempts (record_id, run_id, event_id, outcome, hubspot_id, payload_hash,
                                properties, correlation_id, error_category, error_message,
                                attempted_at)
     SELECT r.id, NULL, md5(r.source_id || a),
            CASE WHEN a = 1 THEN 'created'
                 WHEN r.status = 'failed' THEN 'failed'
                 WHEN abs(hashtext(r.source_id)) % 3 = 0 THEN 'updated'
                 ELSE 'unchanged' END,
            r.hubspot_id, r.synced_hash,
            jsonb_build_object('email', lower(r.source_id) || '@example.com',
                               'firstname', 'Seán', 'lastname', 'O''Brien',
                               'jobtitle', 'Senior Analyst', 'ml_peoplesoft_id', r.source_id),
            md5(r.id::text),
            CASE WHEN a = 2 AND r.status = 'failed' THEN 'VALIDATION_ERROR' END,
            CASE WHEN a = 2 AND r.status = 'failed' THEN r.last_error END,
            r.updated_at - (2 - a) * interval '1 day'
       FROM sync_records r CROSS JOIN generate_series(1, 2) a`,
  );
  await db.query('ANALYZE sync_records');
  await db.query('ANALYZE sync_attempts');
}
